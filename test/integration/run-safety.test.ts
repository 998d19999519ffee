// Issue 13, "runs that never lose data", on real SQLite, PostgreSQL and MariaDB through the
// real binary: dbtk decides the rollback target (a missing file is refused, never silently
// replaced by the migration below it), one run at a time per database (the lock), the plan
// that runs is the plan that was shown, and files dbmate cannot run as planned are refused
// before anything changes.

import type { FailureJson, RunJson } from '../helpers/cli-json.js';
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { acquireRunLock } from '../../src/core/database/lock.js';
import { availableTargets, type DatabaseTarget, type TestDatabase } from '../helpers/databases.js';
import { DBTK_BIN, makeTempProject, runDbtk, type TempProject } from '../helpers/project.js';
import { tableVersions } from '../helpers/runs.js';

const targets = await availableTargets();
const V = (n: number) => `2024010100000${n}`;

describe.each(targets.map((t) => [t.label, t] as const))('%s', (_label, target: DatabaseTarget) => {
  const databases: TestDatabase[] = [];
  afterAll(async () => {
    for (const db of databases) await db.drop().catch(() => undefined);
  });

  async function setup() {
    const db = await target.createDatabase();
    databases.push(db);
    const project = makeTempProject('dbtk-safety-');
    const env = { DATABASE_URL: db.url };
    const dbtk = (args: string[]) => runDbtk(args, { cwd: project.dir, env });
    const table = () => tableVersions(target.dialect, db.url, project.dir);
    return { db, project, env, dbtk, table };
  }

  /** dbtk started in the background; `reached` resolves once `line` appears on its stdout or stderr. */
  function background(project: TempProject, env: Record<string, string>, args: string[], line: string, stream: 'stdout' | 'stderr') {
    const child = execa('node', [DBTK_BIN, ...args], {
      cwd: project.dir,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, XDG_DATA_HOME: path.join(project.dir, '.xdg-data'), NO_COLOR: '1', ...env },
      extendEnv: false,
      reject: false,
      timeout: 60_000,
    });
    let seen = '';
    const reached = new Promise<void>((resolve) => {
      child[stream].on('data', (chunk: Buffer) => {
        seen += chunk.toString();
        if (seen.includes(line)) resolve();
      });
    });
    return { child, reached };
  }

  async function customerCount(db: TestDatabase, project: TempProject): Promise<number> {
    if (target.dialect === 'sqlite') {
      const file = path.resolve(project.dir, db.url.replace(/^sqlite:/, ''));
      return Number(execFileSync('sqlite3', [file, 'SELECT count(*) FROM customers;'], { encoding: 'utf8' }).trim());
    }
    if (target.dialect === 'postgres') {
      const { default: pg } = await import('pg');
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      const count = Number((await client.query<{ n: string }>('SELECT count(*) AS n FROM customers')).rows[0].n);
      await client.end();
      return count;
    }
    const mysql = await import('mysql2/promise');
    const connection = await mysql.createConnection({ uri: db.url });
    const [rows] = await connection.query('SELECT count(*) AS n FROM customers');
    await connection.end();
    return Number((rows as { n: number }[])[0].n);
  }

  it('newest applied file missing: refused with missing_file and nothing changed; --skip-missing rolls back the right one; the printed git command restores the file', async () => {
    const { db, project, dbtk, table } = await setup();
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: project.dir, encoding: 'utf8', stdio: 'pipe' });
    git('init', '-q', '-b', 'main');
    project.addMigration(
      V(1),
      'customers',
      'CREATE TABLE customers (id INTEGER);\nINSERT INTO customers VALUES (1), (2), (3);',
      'DROP TABLE customers;',
    );
    project.addMigration(V(2), 'orders', 'CREATE TABLE orders (id INTEGER);', 'DROP TABLE orders;');
    git('add', 'db/migrations');
    git('commit', '-qm', 'customers and orders');
    // The third migration lives on a branch; switching back to main takes its file away.
    git('checkout', '-qb', 'feature');
    project.addMigration(V(3), 'notes', 'CREATE TABLE notes (id INTEGER);', 'DROP TABLE notes;');
    git('add', 'db/migrations');
    git('commit', '-qm', 'notes');
    expect((await dbtk(['up'])).exitCode).toBe(0);
    git('checkout', '-q', 'main');
    expect(existsSync(path.join(project.migrationsDir, `${V(3)}_notes.sql`))).toBe(false);

    const refused = await dbtk(['down', '--yes', '--json']);
    expect(refused.exitCode).toBe(2);
    const error = refused.json<FailureJson>().error;
    expect(error.kind).toBe('missing_file');
    expect(error.message).toContain(`version ${V(3)}, has no file`);
    expect(error.message).toContain(`dbmate would roll back ${V(2)}_orders.sql in its place`);
    expect(await table()).toEqual([V(1), V(2), V(3)]);
    expect(await customerCount(db, project)).toBe(3);
    const text = await dbtk(['down', '--yes']);
    expect(text.exitCode).toBe(2);
    expect(text.stderr).toMatch(/Fix: Get the file back from git: git checkout/);

    const skipped = await dbtk(['down', '--skip-missing', '--yes', '--json']);
    expect(skipped.exitCode).toBe(0);
    expect(skipped.json<RunJson>().migrations).toMatchObject([{ version: V(2), status: 'done' }]);
    expect(skipped.json<RunJson>().staysApplied).toEqual([{ version: V(3), reason: expect.stringMatching(/file is missing/) }]);
    expect(await table()).toEqual([V(1), V(3)]);
    expect(await customerCount(db, project)).toBe(3);

    // The command in the hint brings the file back from the other branch.
    const restore = /Get the file back from git: (.*) \(or switch/.exec(error.hint ?? '')![1];
    execFileSync('bash', ['-c', restore], { cwd: project.dir, stdio: 'pipe' });
    expect(existsSync(path.join(project.migrationsDir, `${V(3)}_notes.sql`))).toBe(true);
    const down = await dbtk(['down', '--yes', '--json']);
    expect(down.json<RunJson>().migrations).toMatchObject([{ version: V(3), status: 'done' }]);
    expect(await table()).toEqual([V(1)]);
  });

  it('down --to 0 with a version whose file is missing rolls back the rest, exits 0 and names what stays applied', async () => {
    const { project, dbtk, table } = await setup();
    for (const n of [1, 2, 3]) project.addMigration(V(n), `t${n}`, `CREATE TABLE t${n} (id INTEGER);`, `DROP TABLE t${n};`);
    expect((await dbtk(['up'])).exitCode).toBe(0);
    rmSync(path.join(project.migrationsDir, `${V(2)}_t2.sql`));
    const down = await dbtk(['down', '--to', '0', '--yes']);
    expect(down.exitCode).toBe(0);
    expect(down.stdout).toMatch(/Rolled back 2 migrations\./);
    expect(down.stdout).toMatch(new RegExp(`Stays applied: ${V(2)} \\(its file is missing`));
    expect(await table()).toEqual([V(2)]);
    const again = await dbtk(['down', '--to', '0', '--yes', '--json']);
    expect(again.exitCode).toBe(0);
    expect(again.json()).toMatchObject({ ok: true, migrations: [], staysApplied: [{ version: V(2) }] });
  });

  it('two concurrent `down --steps 1` roll back exactly one migration: the other waits and finds the plan changed, or with --lock-timeout 0 fails with locked', async () => {
    const { db, project, env, dbtk, table } = await setup();
    for (const n of [1, 2, 3]) project.addMigration(V(n), `t${n}`, `CREATE TABLE t${n} (id INTEGER);`, `DROP TABLE t${n};`);
    expect((await dbtk(['up'])).exitCode).toBe(0);
    const lockTarget = { url: db.url, cwd: project.dir, migrationsTable: 'schema_migrations' };

    // Both plan while another run holds the database, so both planned to roll back the same one.
    let held = await acquireRunLock(lockTarget, { command: 'test', timeoutMs: 0 });
    const runs = [0, 1].map(() =>
      background(project, env, ['down', '--steps', '1', '--yes', '--json'], 'Waiting for another run', 'stderr'),
    );
    await Promise.all(runs.map((run) => run.reached));
    await held.release();
    const results = await Promise.all(runs.map((run) => run.child));
    const [won, lost] = [...results].sort((a, b) => (a.exitCode ?? 9) - (b.exitCode ?? 9));
    expect(won.exitCode).toBe(0);
    expect((JSON.parse(String(won.stdout)) as RunJson).migrations).toMatchObject([{ version: V(3), status: 'done' }]);
    expect(lost.exitCode).toBe(1);
    const error = (JSON.parse(String(lost.stdout)) as FailureJson).error;
    expect(error.kind).toBe('plan_changed');
    expect(error.message).toMatch(new RegExp(`now ${V(2)}_t2\\.sql, not ${V(3)}_t3\\.sql`));
    expect(await table()).toEqual([V(1), V(2)]);

    held = await acquireRunLock(lockTarget, { command: 'test', timeoutMs: 0 });
    const impatient = await dbtk(['down', '--steps', '1', '--yes', '--lock-timeout', '0', '--json']);
    await held.release();
    expect(impatient.exitCode).toBe(1);
    expect(impatient.json<FailureJson>().error).toMatchObject({
      kind: 'locked',
      message: expect.stringMatching(/Another run holds .* --lock-timeout is 0/),
    });
    expect(await table()).toEqual([V(1), V(2)]);
  });

  it('a run waits for the lock, says who holds it, then runs', async () => {
    const { db, project, dbtk, table } = await setup();
    project.addMigration(V(1), 't1', 'CREATE TABLE t1 (id INTEGER);', 'DROP TABLE t1;');
    const held = await acquireRunLock(
      { url: db.url, cwd: project.dir, migrationsTable: 'schema_migrations' },
      { command: 'test', timeoutMs: 0 },
    );
    const release = setTimeout(() => void held.release(), 1500);
    const up = await dbtk(['up', '--lock-timeout', '30s']);
    clearTimeout(release);
    await held.release();
    expect(up.exitCode).toBe(0);
    expect(up.stderr).toMatch(
      target.dialect === 'mysql'
        ? /Waiting for another run on this database: \S+ \(connection \d+, since [^)]+\) holds it/
        : new RegExp(`Waiting for another run on this database: \\S+ \\(pid ${process.pid}, test, since `),
    );
    expect(await table()).toEqual([V(1)]);
  });

  it('duplicate versions are refused by up, migrate and down with nothing changed', async () => {
    const { project, dbtk, table } = await setup();
    project.addMigration(V(1), 'one', 'CREATE TABLE one (id INTEGER);', 'DROP TABLE one;');
    expect((await dbtk(['up'])).exitCode).toBe(0);
    project.addMigration(V(2), 'a', 'CREATE TABLE a (id INTEGER);', 'DROP TABLE a;');
    project.addMigration(V(2), 'b', 'CREATE TABLE b (id INTEGER);', 'DROP TABLE b;');
    project.writeFile(`db/migrations/${V(3)}_broken.sql`, 'CREATE TABLE c (id INTEGER);\n');
    for (const command of ['up', 'migrate']) {
      const run = await dbtk([command, '--json']);
      expect(run.exitCode).toBe(2);
      expect(run.json<FailureJson>().error.kind).toBe('invalid_migrations');
      expect(run.json<FailureJson>().error.message).toContain(`${V(2)}_a.sql: version ${V(2)} is also used by db/migrations/${V(2)}_b.sql`);
      expect(run.json<FailureJson>().error.message).toContain(`${V(3)}_broken.sql: no "-- migrate:up" line`);
    }
    expect(await table()).toEqual([V(1)]);
    // A rollback whose target has a twin is refused too.
    project.writeFile(`db/migrations/${V(1)}_twin.sql`, '-- migrate:up\nSELECT 1;\n-- migrate:down\nSELECT 1;\n');
    const down = await dbtk(['down', '--yes', '--json']);
    expect(down.exitCode).toBe(2);
    expect(down.json<FailureJson>().error.kind).toBe('invalid_migrations');
    expect(await table()).toEqual([V(1)]);
  });
});
