// Issue 24, `dbtk test`, on real SQLite, PostgreSQL and MariaDB through the real bin/dbtk: a
// down that forgets an index, one that does not restore a NOT NULL, one whose second up fails,
// and a clean set; the real database stays identical (SQLite: the file's sha256; servers: the
// schema dump and every table's row count) and the scratch database is removed on success,
// failure and SIGINT.

import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import type { MigrationTestReport } from '../../src/core/runs/migration-test.js';
import { trackedResources } from '../helpers/cleanups.js';
import { AUTO_ID, availableTargets, type DatabaseTarget, type TestDatabase } from '../helpers/databases.js';
import { databaseFingerprint, scratchLeftovers } from '../helpers/scratch-checks.js';
import { DBTK_BIN, runDbtk } from '../helpers/project.js';
import { slowSql } from '../helpers/runs.js';

const targets = await availableTargets();

describe.each(targets.map((t) => [t.label, t] as const))('%s', (_label, target: DatabaseTarget) => {
  const made = trackedResources('dbtk-mtest-');

  /** A project whose real database has every migration applied. */
  async function setup(migrations: { name: string; up: string; down: string }[]) {
    const db = await made.database(target);
    const project = made.project();
    const env = { DATABASE_URL: db.url };
    migrations.forEach((m, i) => project.addMigration(`2024010100000${i + 1}`, m.name, m.up, m.down));
    return { db, project, env };
  }

  const fingerprint = (db: TestDatabase, cwd: string) => databaseFingerprint(target.dialect, db, cwd);
  const leftovers = (db: TestDatabase, label?: string) => scratchLeftovers(target.dialect, db, '_dbtk_test_', label);

  const users = {
    name: 'users',
    up: `CREATE TABLE users (id ${AUTO_ID[target.dialect]}, email VARCHAR(100) NOT NULL, name VARCHAR(100) NOT NULL);`,
    down: 'DROP TABLE users;',
  };

  it('reports a forgotten index, a NOT NULL not restored and a second up that fails; the real database is untouched', async () => {
    const set = [
      users,
      { name: 'email_idx', up: 'CREATE INDEX IF NOT EXISTS users_email_idx ON users (email);', down: '' },
      ...(target.dialect === 'sqlite'
        ? []
        : [
            {
              name: 'name_nullable',
              up:
                target.dialect === 'postgres'
                  ? 'ALTER TABLE users ALTER COLUMN name DROP NOT NULL;'
                  : 'ALTER TABLE users MODIFY name VARCHAR(100) NULL;',
              down: '',
            },
          ]),
      { name: 'posts', up: 'CREATE TABLE posts (id INTEGER);', down: '' },
      { name: 'tags', up: 'CREATE TABLE tags (id INTEGER);', down: 'DROP TABLE tags;' },
    ];
    const { db, project, env } = await setup(set);
    const up = await runDbtk(['up'], { cwd: project.dir, env });
    expect(up.exitCode, up.stderr).toBe(0);
    const before = await fingerprint(db, project.dir);

    const run = await runDbtk(['test', '--json'], { cwd: project.dir, env });
    expect(run.exitCode, run.stderr).toBe(1);
    const report = run.json<MigrationTestReport>();
    const byName = Object.fromEntries(report.migrations.map((m) => [m.name, m]));
    expect(byName.users.status).toBe('passed');
    expect(byName.email_idx.status).toBe('failed');
    expect(byName.email_idx.downDifferences.map((d) => d.text)).toEqual(['index users_email_idx on users left behind by the down']);
    if (byName.name_nullable) {
      expect(byName.name_nullable.status).toBe('failed');
      expect(byName.name_nullable.downDifferences).toHaveLength(1);
      expect(byName.name_nullable.downDifferences[0]).toMatchObject({ kind: 'column', name: 'name', table: 'users', change: 'changed' });
      expect(byName.name_nullable.downDifferences[0].text).toMatch(
        /^column users\.name not restored as it was by the down \(.*NOT NULL.*\)$/i,
      );
    }
    expect(byName.posts.status).toBe('failed');
    expect(byName.posts.failedStep).toBe('up_again');
    expect(byName.posts.error?.kind).toBe('already_exists');
    expect(byName.posts.downDifferences.map((d) => d.text)).toEqual(['table posts left behind by the down']);
    expect(byName.tags.status).toBe('not_run');
    expect(report.totals).toEqual({ passed: 1, failed: set.length - 2, notRun: 1 });
    expect(report.scratch?.removed).toBe(true);
    expect(await leftovers(db, report.scratch?.label)).toEqual([]);
    expect(await fingerprint(db, project.dir)).toBe(before);

    const github = await runDbtk(['test', '--format', 'github', '--to', '20240101000002'], { cwd: project.dir, env });
    expect(github.exitCode).toBe(1);
    expect(github.stdout).toMatch(/✔ \[1\/2\] 20240101000001_users\.sql up, down, up again/);
    expect(github.stdout).toContain(
      '::error file=db/migrations/20240101000002_email_idx.sql,title=dbtk test%3A 20240101000002_email_idx.sql::the down does not undo the up: index users_email_idx on users left behind by the down',
    );
    expect(github.stderr).toContain('1 passed, 1 failed');
    expect(await fingerprint(db, project.dir)).toBe(before);
  });

  it('a clean set passes (exit 0), --from applies older migrations untested, and the scratch database is removed', async () => {
    const { db, project, env } = await setup([
      users,
      { name: 'tags', up: 'CREATE TABLE tags (id INTEGER, label VARCHAR(20));', down: 'DROP TABLE tags;' },
      {
        name: 'tags_idx',
        up: 'CREATE INDEX tags_label_idx ON tags (label);',
        down: `DROP INDEX tags_label_idx${target.dialect === 'mysql' ? ' ON tags' : ''};`,
      },
    ]);
    const before = await fingerprint(db, project.dir);
    const run = await runDbtk(['test'], { cwd: project.dir, env });
    expect(run.exitCode, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(run.stdout).toMatch(/All migrations go up, down and up again: 3 passed, 0 failed/);
    expect(run.stdout).toMatch(/The scratch database was removed; .* was not touched\./);
    const label = /Testing on the scratch (?:file|database) (\S+)…/.exec(run.stdout)?.[1];
    expect(label).toBeDefined();
    expect(await leftovers(db, label)).toEqual([]);
    expect(await fingerprint(db, project.dir)).toBe(before);

    const from = await runDbtk(['test', '--from', '20240101000002', '--json'], { cwd: project.dir, env });
    expect(from.exitCode, from.stderr).toBe(0);
    const report = from.json<MigrationTestReport>();
    expect(report.applied).toEqual(['20240101000001_users.sql']);
    expect(report.migrations.map((m) => m.status)).toEqual(['passed', 'passed']);
  });

  it('seed assertions catch a down that deletes rows it should keep, and name the assertion', async () => {
    const { db, project, env } = await setup([
      users,
      {
        name: 'age',
        up: 'ALTER TABLE users ADD COLUMN age INTEGER;',
        down: 'DELETE FROM users WHERE age IS NULL;\nALTER TABLE users DROP COLUMN age;',
      },
    ]);
    project.writeFile(
      'db/test/20240101000002.sql',
      "-- dbtk:seed\nINSERT INTO users (email, name) VALUES ('a@x', 'a'), ('b@x', 'b'), ('c@x', 'c');\n\n-- dbtk:assert\nSELECT count(*) = 3 FROM users;\nSELECT email FROM users WHERE name IS NULL;\n",
    );
    const before = await fingerprint(db, project.dir);
    const run = await runDbtk(['test', '--json'], { cwd: project.dir, env });
    expect(run.exitCode, run.stderr).toBe(1);
    const report = run.json<MigrationTestReport>();
    const age = report.migrations[1];
    expect(age.status).toBe('failed');
    expect(age.seedFile).toBe(path.join('db', 'test', '20240101000002.sql'));
    expect(age.downDifferences).toEqual([]);
    expect(age.assertionFailures.map((a) => [a.assertion, a.after])).toEqual([
      ['db/test/20240101000002.sql:5: SELECT count(*) = 3 FROM users', 'down'],
      ['db/test/20240101000002.sql:5: SELECT count(*) = 3 FROM users', 'up_again'],
    ]);
    expect(age.reason).toMatch(
      /^assertion db\/test\/20240101000002\.sql:5: SELECT count\(\*\) = 3 FROM users returned .* after the down \(\+1 more\)$/,
    );
    expect(await leftovers(db, report.scratch?.label)).toEqual([]);
    expect(await fingerprint(db, project.dir)).toBe(before);

    // The same down without the DELETE keeps the rows: it passes.
    project.addMigration('20240101000002', 'age', 'ALTER TABLE users ADD COLUMN age INTEGER;', 'ALTER TABLE users DROP COLUMN age;');
    const fixed = await runDbtk(['test'], { cwd: project.dir, env });
    expect(fixed.exitCode, `${fixed.stdout}\n${fixed.stderr}`).toBe(0);
  });

  it('refuses an unknown --from version and a bad --format before making a scratch database', async () => {
    const { db, project, env } = await setup([users]);
    const bad = await runDbtk(['test', '--from', '999'], { cwd: project.dir, env });
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('--from 999: no migration has that version.');
    const format = await runDbtk(['test', '--format', 'xml'], { cwd: project.dir, env });
    expect(format.exitCode).toBe(2);
    expect(format.stderr).toContain('--format xml: use text or github.');
    expect(await leftovers(db)).toEqual([]);
  });

  it.each(['SIGINT', 'SIGTERM'] as const)(
    '%s during a test stops it and removes the scratch database; the real database is untouched',
    async (signal) => {
      const { db, project, env } = await setup([users, { name: 'slow', up: `${slowSql(target.dialect, 20_000)}`, down: '' }]);
      const before = await fingerprint(db, project.dir);
      const child = execa('node', [DBTK_BIN, 'test'], {
        cwd: project.dir,
        env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', ...env },
        extendEnv: false,
        reject: false,
      });
      let stdout = '';
      await new Promise<void>((resolve) => {
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
          if (stdout.includes('[1/2]')) resolve();
        });
        void child.then(() => resolve());
      });
      const label = /Testing on the scratch (?:file|database) (\S+)…/.exec(stdout)?.[1];
      expect(label, stdout).toBeDefined();
      child.kill(signal);
      const done = await child;
      expect(done.exitCode).toBe(1);
      expect(String(done.stderr)).toMatch(/interrupted/i);
      expect(await leftovers(db, label)).toEqual([]);
      expect(await fingerprint(db, project.dir)).toBe(before);
    },
  );
});
