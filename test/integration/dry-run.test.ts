// Issue 15, dry runs and rollbacks that show what they delete, on real SQLite, PostgreSQL and
// MariaDB through the real bin/dbtk: a dry run leaves the database identical (SQLite: the
// file's sha256; servers: the schema dump and every table's row count) and removes its copy
// (scratch database or temporary file), on success, on failure and on Ctrl-C; it reports the
// same classified error the real run then gives; and the down preview's row counts are right.

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { trackedResources } from '../helpers/cleanups.js';
import { AUTO_ID, availableTargets, type DatabaseTarget, type TestDatabase } from '../helpers/databases.js';
import { databaseFingerprint, scratchLeftovers } from '../helpers/scratch-checks.js';
import { DBTK_BIN, runDbtk } from '../helpers/project.js';
import { slowSql, tableVersions } from '../helpers/runs.js';

const targets = await availableTargets();

interface DryRunJson {
  dryRun: true;
  ok: boolean;
  interrupted: boolean;
  copy?: { kind: string; label: string; removed: boolean };
  steps: { file: string; status: string; error?: { kind: string }; schema?: { changes: { text: string }[] } }[];
  error?: { kind: string };
}

describe.each(targets.map((t) => [t.label, t] as const))('%s', (_label, target: DatabaseTarget) => {
  const made = trackedResources('dbtk-dryrun-');

  /** A database with notes (3 rows, an index, a tag column) applied, and `pending` migrations not yet applied. */
  async function setup(pending: { name: string; up: string; down?: string }[] = []) {
    const db = await made.database(target);
    const project = made.project();
    const env = { DATABASE_URL: db.url };
    const indexOn = target.dialect === 'mysql' ? 'notes (body(20))' : 'notes (body)';
    project.addMigration(
      '20240101000001',
      'notes',
      `CREATE TABLE notes (id ${AUTO_ID[target.dialect]}, body TEXT);\nCREATE INDEX notes_body_idx ON ${indexOn};\nINSERT INTO notes (body) VALUES ('a'), ('b'), ('c');`,
      `DROP INDEX notes_body_idx${target.dialect === 'mysql' ? ' ON notes' : ''};\nDROP TABLE notes;`,
    );
    project.addMigration('20240101000002', 'tag', 'ALTER TABLE notes ADD COLUMN tag TEXT;', 'ALTER TABLE notes DROP COLUMN tag;');
    project.addMigration('20240101000003', 'empty_down', 'CREATE TABLE kept (id INTEGER);', '');
    const applied = await runDbtk(['up'], { cwd: project.dir, env });
    expect(applied.exitCode, applied.stderr).toBe(0);
    pending.forEach((m, i) => project.addMigration(`2024010100001${i}`, m.name, m.up, m.down ?? ''));
    return { db, project, env };
  }

  const fingerprint = (db: TestDatabase, cwd: string) => databaseFingerprint(target.dialect, db, cwd);
  const leftovers = (db: TestDatabase, label?: string) => scratchLeftovers(target.dialect, db, '_dbtk_dry_', label);

  it('up --dry-run reports each step on a copy, the same error kind as the real run, and leaves the database identical', async () => {
    const { db, project, env } = await setup([
      { name: 'users', up: 'CREATE TABLE users (id INTEGER);', down: 'DROP TABLE users;' },
      { name: 'broken', up: 'INSERT INTO no_such_table (id) VALUES (1);' },
    ]);
    const before = await fingerprint(db, project.dir);
    const dry = await runDbtk(['up', '--dry-run', '--json'], { cwd: project.dir, env });
    expect(dry.exitCode, dry.stderr).toBe(1);
    const report = dry.json<DryRunJson>();
    expect(report.ok).toBe(false);
    expect(report.steps.map((s) => s.status)).toEqual(['done', 'failed']);
    expect(report.steps[0].schema?.changes.map((c) => c.text).join('\n')).toMatch(/\+ added table users/);
    expect(report.copy?.removed).toBe(true);
    expect(await fingerprint(db, project.dir)).toBe(before);
    expect(await leftovers(db, report.copy?.label)).toEqual([]);
    expect(
      existsSync(path.join(project.dir, '.dbtk', 'history.jsonl'))
        ? readFileSync(path.join(project.dir, '.dbtk', 'history.jsonl'), 'utf8')
        : '',
    ).not.toMatch(/users/);

    const real = await runDbtk(['up', '--json'], { cwd: project.dir, env });
    expect(real.exitCode).toBe(1);
    const result = real.json<{ error: { kind: string }; migrations: { status: string }[] }>();
    expect(result.migrations.map((m) => m.status)).toEqual(['done', 'failed']);
    expect(report.steps[1].error?.kind).toBe(result.error.kind);
  });

  it('down --dry-run --steps N succeeds on the copy (exit 0), in text, and changes nothing', async () => {
    const { db, project, env } = await setup();
    const before = await fingerprint(db, project.dir);
    const dry = await runDbtk(['down', '--dry-run', '--steps', '3'], { cwd: project.dir, env });
    expect(dry.exitCode, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/\[2\/3\] 20240101000002_tag\.sql ok/);
    expect(dry.stdout).toMatch(/- removed table notes/);
    expect(dry.stdout).toContain('Dry run: all 3 steps succeeded on the copy.');
    expect(dry.stdout).toMatch(/The copy was removed; .* was not changed\./);
    const copy = /Dry run on a copy \(\S+ (?:database )?(\S+),/.exec(dry.stdout)?.[1];
    expect(await fingerprint(db, project.dir)).toBe(before);
    expect(await leftovers(db, copy)).toEqual([]);
    expect(await tableVersions(target.dialect, db.url, project.dir)).toEqual(['20240101000001', '20240101000002', '20240101000003']);
  });

  it.each(['SIGINT', 'SIGTERM'] as const)(
    '%s during a dry run stops it, removes the copy and leaves the database identical',
    async (signal) => {
      const { db, project, env } = await setup([
        { name: 'slow', up: `${slowSql(target.dialect, 20_000)}\nCREATE TABLE slow (id INTEGER);` },
      ]);
      const before = await fingerprint(db, project.dir);
      const child = execa('node', [DBTK_BIN, 'up', '--dry-run'], {
        cwd: project.dir,
        env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', ...env },
        extendEnv: false,
        reject: false,
      });
      let stdout = '';
      let copy: string | undefined;
      await new Promise<void>((resolve) => {
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
          copy ??= /Dry run on a copy \(\S+ (?:database )?(\S+),/.exec(stdout)?.[1];
          if (copy) resolve();
        });
        void child.then(() => resolve());
      });
      expect(copy, stdout).toBeDefined();
      child.kill(signal);
      const done = await child;
      expect(done.exitCode).toBe(1);
      expect(String(done.stderr)).toMatch(/interrupted/i);
      expect(await leftovers(db, copy)).toEqual([]);
      expect(await fingerprint(db, project.dir)).toBe(before);
    },
  );

  it('the down preview names what it drops with right row counts, warns about an empty down section, and the rollback verifies it', async () => {
    const { db, project, env } = await setup();
    const preview = await runDbtk(['preview', '--down'], { cwd: project.dir, env });
    expect(preview.stdout).toContain('What the rollback deletes (live row counts):');
    expect(preview.stdout).toContain('20240101000003_empty_down.sql: empty down section');
    // No terminal to confirm in: the plan is printed, then refused, and nothing changes.
    const refused = await runDbtk(['down', '--steps', '3'], { cwd: project.dir, env });
    expect(refused.exitCode).not.toBe(0);
    expect(refused.stdout).toContain(
      '20240101000003_empty_down.sql: empty down section: its version is unrecorded, but nothing is undone.',
    );
    expect(refused.stdout).toContain('20240101000002_tag.sql drops column notes.tag, with its values in 3 rows (exact count)');
    expect(refused.stdout).toContain('20240101000001_notes.sql drops table notes and its 3 rows (exact count)');
    expect(refused.stdout).toMatch(/drops index notes_body_idx/);
    expect(await tableVersions(target.dialect, db.url, project.dir)).toHaveLength(3);

    const done = await runDbtk(['down', '--steps', '3', '--yes', '--json'], { cwd: project.dir, env });
    expect(done.exitCode, done.stderr).toBe(0);
    const result = done.json<{
      drops: { file: string; emptyDown: boolean; drops: { kind: string; name: string; rows?: number; rowsExact?: boolean }[] }[];
      verification: { checked: boolean; versionsGone: string[]; objectsGone: { name: string }[]; objectsLeft: unknown[] };
    }>();
    const notes = result.drops.find((s) => s.file === '20240101000001_notes.sql')!;
    expect(notes.drops.find((d) => d.kind === 'table')).toMatchObject({ name: 'notes', rows: 3, rowsExact: true });
    expect(result.verification.checked).toBe(true);
    expect(result.verification.versionsGone.sort()).toEqual(['20240101000001', '20240101000002', '20240101000003']);
    expect(result.verification.objectsGone.map((o) => o.name).sort()).toEqual(['notes', 'notes_body_idx', 'tag']);
    expect(result.verification.objectsLeft).toEqual([]);
  });

  if (target.dialect !== 'sqlite')
    it('a big table is counted from the server estimate, and the preview says so', async () => {
      const fill =
        target.dialect === 'postgres'
          ? 'INSERT INTO big (id) SELECT g FROM generate_series(1, 150000) AS g;\nANALYZE big;'
          : 'INSERT INTO big (id) SELECT seq FROM seq_1_to_150000;\nANALYZE TABLE big;';
      const { project, env } = await setup([{ name: 'big', up: `CREATE TABLE big (id INTEGER);\n${fill}`, down: 'DROP TABLE big;' }]);
      expect((await runDbtk(['up'], { cwd: project.dir, env })).exitCode).toBe(0);
      const refused = await runDbtk(['down'], { cwd: project.dir, env });
      const estimate = /drops table big and its ~([\d,]+) rows \(estimate\)/.exec(refused.stdout);
      expect(estimate, refused.stdout).not.toBeNull();
      const rows = Number(estimate![1].replace(/,/g, ''));
      expect(rows).toBeGreaterThan(75_000);
      expect(rows).toBeLessThan(300_000);
    });

  it('refuses --with-data without --dry-run before touching anything', async () => {
    const { db, project, env } = await setup();
    const before = await fingerprint(db, project.dir);
    const refused = await runDbtk(['up', '--with-data'], { cwd: project.dir, env });
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toContain('--with-data only goes with --dry-run.');
    expect(await fingerprint(db, project.dir)).toBe(before);
  });
});
