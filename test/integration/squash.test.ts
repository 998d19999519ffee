// Issue 19 item 4 end to end: `dbtk squash --to VERSION` through the real bin/dbtk and dbmate on
// SQLite, PostgreSQL and MariaDB. On an applied database `status` stays clean and dbmate's table
// holds the squash version instead of the old ones; on a fresh database `up` builds the same
// schema as the old migrations did (schema/diff's object comparison); old files are moved aside
// (or deleted with --delete); bad inputs are refused with nothing changed.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireRunLock } from '../../src/core/database/lock.js';
import { compareSchemas } from '../../src/core/schema/diff.js';
import type { StatusJson } from '../helpers/cli-json.js';
import { trackedResources } from '../helpers/cleanups.js';
import { availableTargets, type TestDialect } from '../helpers/databases.js';
import { runDbtk, type TempProject } from '../helpers/project.js';
import { tableVersions } from '../helpers/runs.js';

const targets = await availableTargets();
const { database: newDatabase, project } = trackedResources('dbtk-squash-');

const MIGRATIONS: Record<TestDialect, [string, string, string, string][]> = {
  postgres: [
    [
      '20240101000000',
      'users',
      "CREATE TYPE mood AS ENUM ('ok');\nCREATE TABLE users (id serial PRIMARY KEY, email text NOT NULL UNIQUE);",
      'DROP TABLE users; DROP TYPE mood;',
    ],
    [
      '20240102000000',
      'posts',
      'CREATE TABLE posts (id bigserial PRIMARY KEY, user_id int REFERENCES users (id), title text);',
      'DROP TABLE posts;',
    ],
    [
      '20240103000000',
      'more',
      "ALTER TABLE users ADD COLUMN name text;\nALTER TYPE mood ADD VALUE 'meh';\nCREATE VIEW v_users AS SELECT id, email FROM users;",
      'DROP VIEW v_users;',
    ],
    ['20240104000000', 'later', 'CREATE TABLE tags (id int PRIMARY KEY);', 'DROP TABLE tags;'],
  ],
  mysql: [
    [
      '20240101000000',
      'users',
      'CREATE TABLE users (id int AUTO_INCREMENT PRIMARY KEY, email varchar(200) NOT NULL);',
      'DROP TABLE users;',
    ],
    [
      '20240102000000',
      'posts',
      'CREATE TABLE posts (id int AUTO_INCREMENT PRIMARY KEY, user_id int, FOREIGN KEY (user_id) REFERENCES users (id));',
      'DROP TABLE posts;',
    ],
    [
      '20240103000000',
      'more',
      'ALTER TABLE users ADD COLUMN name varchar(50);\nCREATE VIEW v_users AS SELECT id, email FROM users;',
      'DROP VIEW v_users;',
    ],
    ['20240104000000', 'later', 'CREATE TABLE tags (id int PRIMARY KEY);', 'DROP TABLE tags;'],
  ],
  sqlite: [
    ['20240101000000', 'users', 'CREATE TABLE users (id integer PRIMARY KEY, email text NOT NULL);', 'DROP TABLE users;'],
    [
      '20240102000000',
      'posts',
      'CREATE TABLE posts (id integer PRIMARY KEY, user_id integer REFERENCES users (id));\nCREATE INDEX posts_user ON posts (user_id);',
      'DROP TABLE posts;',
    ],
    [
      '20240103000000',
      'more',
      'ALTER TABLE users ADD COLUMN name text;\nCREATE VIEW v_users AS SELECT id, email FROM users;',
      'DROP VIEW v_users;',
    ],
    ['20240104000000', 'later', 'CREATE TABLE tags (id integer PRIMARY KEY);', 'DROP TABLE tags;'],
  ],
};

const TO = '20240103000000';

function withMigrations(d: TestDialect): TempProject {
  const p = project();
  for (const [version, name, up, down] of MIGRATIONS[d]) p.addMigration(version, name, up, down);
  return p;
}

/** Every file under the project's db/ folder with its bytes: what "nothing changed" compares. */
function snapshot(p: TempProject): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const full = path.join(dir, entry);
      if (statSync(full).isDirectory()) walk(full);
      else out[path.relative(p.dir, full)] = readFileSync(full, 'utf8');
    }
  };
  walk(path.join(p.dir, 'db'));
  return out;
}

for (const target of targets) {
  const d = target.dialect;
  describe.skipIf(!target.available)(`dbtk squash on ${target.label}`, () => {
    it('keeps status clean on an applied database, and up on a fresh one builds the same schema', async () => {
      const db = await newDatabase(target);
      const p = withMigrations(d);
      const env = { DATABASE_URL: db.url };
      expect((await runDbtk(['up'], { cwd: p.dir, env })).exitCode).toBe(0);
      const before = readFileSync(path.join(p.dir, 'db', 'schema.sql'), 'utf8');

      const squashed = await runDbtk(['squash', '--to', TO, '--yes', '--json'], { cwd: p.dir, env });
      expect(squashed.stderr).toBe('');
      expect(squashed.exitCode).toBe(0);
      const result = squashed.json<{ file: string; retired: string[]; database: string }>();
      expect(result.file).toBe(`${TO}_squashed.sql`);
      expect(result.database).toBe('applied');
      expect(result.retired).toEqual(['20240101000000', '20240102000000']);

      const files = readdirSync(p.migrationsDir).sort();
      expect(files).toEqual([`${TO}_squashed.sql`, '20240104000000_later.sql', 'squashed']);
      expect(readdirSync(path.join(p.migrationsDir, 'squashed')).sort()).toEqual([
        '20240101000000_users.sql',
        '20240102000000_posts.sql',
        '20240103000000_more.sql',
      ]);
      const content = readFileSync(path.join(p.migrationsDir, `${TO}_squashed.sql`), 'utf8');
      expect(content).toContain('--   20240102000000_posts.sql');
      expect(content).not.toMatch(/INSERT INTO\s+\S*schema_migrations/i);

      const status = (await runDbtk(['status', '--json'], { cwd: p.dir, env })).json<StatusJson>();
      expect(status.pending).toBe(0);
      expect(status.applied).toBe(2);
      expect(status.migrations.flatMap((m) => m.warnings)).toEqual([]);
      expect(await tableVersions(d, db.url, p.dir)).toEqual([TO, '20240104000000']);
      const history = await runDbtk(['history', '--action', 'squash', '--json'], { cwd: p.dir, env });
      expect(history.json<{ entries: unknown[] }>().entries).toHaveLength(3);

      const fresh = await newDatabase(target);
      const freshEnv = { DATABASE_URL: fresh.url };
      expect((await runDbtk(['up'], { cwd: p.dir, env: freshEnv })).exitCode).toBe(0);
      const after = readFileSync(path.join(p.dir, 'db', 'schema.sql'), 'utf8');
      expect(compareSchemas({ expected: before, actual: after, dialect: d }).changes).toEqual([]);
      // The squashed file's down section undoes it.
      expect((await runDbtk(['down', '--to', '0', '--yes'], { cwd: p.dir, env: freshEnv })).exitCode).toBe(0);
      expect(await tableVersions(d, fresh.url, p.dir)).toEqual([]);
    });

    it('on a fresh database records nothing; --delete deletes the old files', async () => {
      const db = await newDatabase(target);
      const p = withMigrations(d);
      const env = { DATABASE_URL: db.url };
      const squashed = await runDbtk(['squash', '--to', TO, '--delete', '--yes', '--json'], { cwd: p.dir, env });
      expect(squashed.exitCode).toBe(0);
      expect(squashed.json<{ database: string; deleted: boolean }>()).toMatchObject({ database: 'fresh', deleted: true });
      expect(readdirSync(p.migrationsDir).sort()).toEqual([`${TO}_squashed.sql`, '20240104000000_later.sql']);
      expect(await tableVersions(d, db.url, p.dir)).toEqual([]);
      expect((await runDbtk(['up'], { cwd: p.dir, env })).exitCode).toBe(0);
    });
  });
}

const sqlite = targets.find((t) => t.dialect === 'sqlite')!;

describe('dbtk squash refuses bad inputs and changes nothing', () => {
  async function refused(args: string[], setup: (p: TempProject, env: Record<string, string>) => Promise<void>, message: RegExp) {
    const db = await newDatabase(sqlite);
    const p = withMigrations('sqlite');
    const env = { DATABASE_URL: db.url };
    await setup(p, env);
    const files = snapshot(p);
    const versions = await tableVersions('sqlite', db.url, p.dir);
    const run = await runDbtk(['squash', ...args, '--yes'], { cwd: p.dir, env });
    expect(run.exitCode).not.toBe(0);
    expect(run.stderr).toMatch(message);
    expect(snapshot(p)).toEqual(files);
    expect(await tableVersions('sqlite', db.url, p.dir)).toEqual(versions);
  }
  const nothing = () => Promise.resolve();

  it('no database URL', async () => {
    const p = withMigrations('sqlite');
    const files = snapshot(p);
    const run = await runDbtk(['squash', '--to', TO, '--yes'], { cwd: p.dir });
    expect(run.exitCode).not.toBe(0);
    expect(run.stderr).toMatch(/No database URL is set: squash builds the schema on a scratch database/);
    expect(snapshot(p)).toEqual(files);
  });
  it('a database locked by another run: the files are put back', async () => {
    const db = await newDatabase(sqlite);
    const p = withMigrations('sqlite');
    const env = { DATABASE_URL: db.url };
    expect((await runDbtk(['up'], { cwd: p.dir, env })).exitCode).toBe(0);
    const files = snapshot(p);
    const lock = await acquireRunLock({ url: db.url, cwd: p.dir, migrationsTable: 'schema_migrations' }, { command: 'up', timeoutMs: 0 });
    try {
      const run = await runDbtk(['squash', '--to', TO, '--yes', '--lock-timeout', '0'], { cwd: p.dir, env });
      expect(run.exitCode).not.toBe(0);
      expect(run.stderr).toMatch(/Another run holds[\s\S]*The files were put back as they were/);
    } finally {
      await lock.release();
    }
    expect(snapshot(p)).toEqual(files);
    expect(await tableVersions('sqlite', db.url, p.dir)).toEqual(MIGRATIONS.sqlite.map(([v]) => v));
  });
  it('an unknown version', () => refused(['--to', '20990101000000'], nothing, /There is no migration 20990101000000/));
  it('not a version', () => refused(['--to', 'abc'], nothing, /Not a version: abc/));
  it('fewer than 2 migrations', () => refused(['--to', '20240101000000'], nothing, /squashing needs at least 2/));
  it('only some of them applied', () =>
    refused(
      ['--to', TO],
      async (p, env) => {
        expect((await runDbtk(['create'], { cwd: p.dir, env })).exitCode).toBe(0);
        expect((await runDbtk(['mark', 'applied', '20240101000000', '20240102000000', '--yes'], { cwd: p.dir, env })).exitCode).toBe(0);
      },
      /Only some of the migrations to squash are applied .*pending: 20240103000000/,
    ));
  it('later migrations applied but none of those squashed', () =>
    refused(
      ['--to', TO],
      async (p, env) => {
        expect((await runDbtk(['create'], { cwd: p.dir, env })).exitCode).toBe(0);
        expect((await runDbtk(['mark', 'applied', '20240104000000', '--yes'], { cwd: p.dir, env })).exitCode).toBe(0);
      },
      /Migrations after 20240103000000 are applied \(20240104000000\) but none of those being squashed is/,
    ));
  it('a squashed file name that already exists', () =>
    refused(
      ['--to', TO],
      (p) => {
        p.writeFile(path.join('db', 'migrations', `${TO}_squashed.sql`), '-- migrate:up\n-- migrate:down\n');
        return Promise.resolve();
      },
      /already exists; it would be overwritten/,
    ));
  it('an old file already in squashed/', () =>
    refused(
      ['--to', TO],
      (p) => {
        p.writeFile(path.join('db', 'migrations', 'squashed', '20240101000000_users.sql'), 'kept');
        return Promise.resolve();
      },
      /squashed\/20240101000000_users.sql already exists/,
    ));
  it('migrations that fail on an empty database', () =>
    refused(
      ['--to', TO],
      (p) => {
        p.addMigration(
          '20240102000000',
          'posts',
          'CREATE TABLE posts (id integer PRIMARY KEY);\nSELECT * FROM no_such_table;',
          'DROP TABLE posts;',
        );
        return Promise.resolve();
      },
      /Applying the migrations to squash to an empty scratch database failed/,
    ));
  it('a file dbmate would refuse', () =>
    refused(
      ['--to', TO],
      (p) => {
        p.writeFile(path.join('db', 'migrations', '20240102000000_posts.sql'), 'CREATE TABLE posts (id integer);\n');
        return Promise.resolve();
      },
      /dbmate would refuse 20240102000000_posts.sql/,
    ));
});

const postgres = targets.find((t) => t.dialect === 'postgres');

describe.skipIf(!postgres?.available)('dbtk squash and passwords', () => {
  it('prints no password and writes none into the squashed file (the local server trusts any password)', async () => {
    const db = await newDatabase(postgres!);
    const p = withMigrations('postgres');
    const secret = 'sQu4shS3cret';
    const env = { DATABASE_URL: db.url.replace('postgres://postgres@', `postgres://postgres:${secret}@`) };
    expect(env.DATABASE_URL).toContain(secret);
    expect((await runDbtk(['up'], { cwd: p.dir, env })).exitCode).toBe(0);
    for (const args of [['--dry-run'], ['--json', '--yes']]) {
      const run = await runDbtk(['squash', '--to', TO, ...args], { cwd: p.dir, env });
      expect(run.exitCode).toBe(0);
      expect(run.stdout + run.stderr).not.toContain(secret);
    }
    expect(JSON.stringify(snapshot(p))).not.toContain(secret);
  });
});
