// Issue 3 end to end on SQLite, PostgreSQL and MariaDB: history recorded by the real
// binary around the real dbmate, status enriched from it (every warning kind from a real
// situation), validate for CI, retrying failed migrations, rolling back to a version, and
// create/drop/load recorded without history claiming what the database contradicts.

import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { HistoryJson, RunJson, StatusJson, ValidateJson } from '../helpers/cli-json.js';
import { availableTargets, type TestDatabase } from '../helpers/databases.js';
import { makeTempProject, REPO_ROOT, runDbmate, runDbtk, type TempProject } from '../helpers/project.js';

const targets = await availableTargets();
const DBTK_VERSION = (JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const V = (n: number) => `2024010100000${n}`;

describe.each(targets.map((t) => [t.label, t] as const))('%s', (_label, target) => {
  const databases: TestDatabase[] = [];
  afterAll(async () => {
    for (const db of databases) await db.drop().catch(() => undefined);
  });

  async function setup(): Promise<{ project: TempProject; db: TestDatabase; dbtk: (args: string[]) => ReturnType<typeof runDbtk> }> {
    const db = await target.createDatabase();
    databases.push(db);
    const project = makeTempProject();
    return { project, db, dbtk: (args) => runDbtk(args, { cwd: project.dir, env: { DATABASE_URL: db.url } }) };
  }

  it('history, enriched status, retry of failed, validate, and rollback to a version', async () => {
    const { project, db, dbtk } = await setup();
    const status = async () => {
      const run = await dbtk(['status', '--json']);
      expect(run.exitCode).toBe(0);
      return Object.fromEntries(run.json<StatusJson>().migrations.map((m) => [m.version, m]));
    };
    const history = async (...args: string[]) => {
      const run = await dbtk(['history', '--json', ...args]);
      expect(run.exitCode).toBe(0);
      return run.json<HistoryJson>().entries;
    };
    const f1 = project.addMigration(V(1), 'one', 'CREATE TABLE one (id INTEGER);', 'DROP TABLE one;');
    const f2 = project.addMigration(V(2), 'two', 'CREATE TABLE two (id INTEGER);', 'DROP TABLE two;');
    const f3 = project.addMigration(V(3), 'three', 'CREATE TABLE three (id INTEGER;', 'DROP TABLE three;');
    const before = Date.now();

    // A batch that stops at a broken migration: every field of every entry.
    expect((await dbtk(['up'])).exitCode).toBe(1);
    const first = await history('--action', 'up');
    expect(first.map((e) => [e.version, e.status])).toEqual([
      [V(3), 'failed'],
      [V(2), 'success'],
      [V(1), 'success'],
    ]);
    const one = first[2];
    expect(one).toEqual({
      schema: 1,
      id: expect.any(String),
      action: 'up',
      version: V(1),
      name: 'one',
      file: `${V(1)}_one.sql`,
      appliedBy: `${os.userInfo().username}@${os.hostname()}`,
      connection: path.basename(project.dir),
      url: db.url,
      startedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      durationMs: expect.any(Number),
      status: 'success',
      errorKind: null,
      errorMessage: null,
      checksum: sha256(f1),
      dbtkVersion: DBTK_VERSION,
      dbmateVersion: expect.stringMatching(/^\d+\.\d+\.\d+$/),
      database: expect.stringMatching(/^[0-9a-f]{16}$/),
      databaseLabel: expect.stringMatching(/^(sqlite|postgres|mysql):/),
      // The run it belongs to: every entry of one run carries the same id (its journal's and its server tag's).
      runId: expect.stringMatching(/^\d{8}t\d{6}-[0-9a-f]{8}$/),
    });
    expect(first.filter((e) => e.action === 'up').map((e) => e.runId)).toEqual(Array(3).fill(one.runId));
    expect(Date.parse(one.startedAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(first[0]).toMatchObject({
      errorKind: 'sql_syntax',
      errorMessage: expect.stringContaining(`${V(3)}_three.sql`),
      checksum: sha256(f3),
    });
    expect(new Set(first.map((e) => e.id)).size).toBe(3);

    let s = await status();
    expect(s[V(1)]).toMatchObject({ status: 'applied', appliedAt: one.startedAt, durationMs: one.durationMs, appliedBy: one.appliedBy });
    expect(s[V(3)].status).toBe('pending');
    expect(s[V(3)].warnings.map((w) => w.code)).toEqual(['failed']);
    const text = await dbtk(['status']);
    expect(text.stdout).toMatch(new RegExp(`${V(1)}\\s+one\\s+just now\\s+\\S+\\s+${one.appliedBy}`));
    expect(text.stdout).toMatch(new RegExp(`${V(3)} failed: the last run failed \\(applying it`));

    // Re-run failed: only the failed one, not the newer pending one.
    writeFileSync(f3, '-- migrate:up\nCREATE TABLE three (id INTEGER);\n\n-- migrate:down\nDROP TABLE three;\n');
    project.addMigration(V(4), 'four', 'CREATE TABLE four (id INTEGER);', 'DROP TABLE four;');
    const retry = await dbtk(['up', '--retry-failed', '--json']);
    expect(retry.exitCode).toBe(0);
    expect(retry.json<RunJson>().migrations).toMatchObject([{ version: V(3), status: 'done', durationMs: expect.any(Number) }]);
    s = await status();
    expect([s[V(3)].status, s[V(3)].warnings, s[V(4)].status]).toEqual(['applied', [], 'pending']);
    const none = await dbtk(['up', '--retry-failed']);
    expect(none.exitCode).toBe(0);
    expect(none.stdout).toMatch(/Nothing to retry: no pending migration has a failed last run/);

    // Applied by raw dbmate: applied, time unknown, history says nothing it did not see.
    expect((await runDbmate(['--no-dump-schema', 'up'], { cwd: project.dir, url: db.url })).exitCode).toBe(0);
    s = await status();
    expect(s[V(4)]).toMatchObject({ status: 'applied', appliedAt: null, durationMs: null, appliedBy: null, warnings: [] });
    expect(await history(V(4))).toEqual([]);

    // One warning of each kind, each from a real situation.
    const f5 = project.addMigration(V(5), 'five', 'CREATE TABLE five (id INTEGER;', 'DROP TABLE five;');
    expect((await dbtk(['up'])).exitCode).toBe(1);
    writeFileSync(f1, `${readFileSync(f1, 'utf8')}-- reviewed\n`);
    const f2Content = readFileSync(f2);
    rmSync(f2);
    const f0 = project.addMigration('20230101000000', 'older', 'CREATE TABLE older (id INTEGER);', '');
    s = await status();
    expect(s[V(1)].warnings.map((w) => w.code)).toEqual(['modified']);
    expect(s[V(2)]).toMatchObject({ status: 'missing', file: null, appliedAt: expect.any(String), warnings: [{ code: 'missing_file' }] });
    expect(s['20230101000000'].warnings.map((w) => w.code).sort()).toEqual(['no_down', 'out_of_order']);
    expect(s[V(5)].warnings.map((w) => w.code)).toEqual(['failed']);

    const validate = await dbtk(['validate', '--json']);
    expect(validate.exitCode).toBe(0);
    const report = validate.json<ValidateJson>();
    expect(report).toMatchObject({ ok: true, errors: 0, strict: false });
    expect(report.items.map((i) => `${i.version}:${i.code}`).sort()).toEqual(
      [`${V(1)}:modified`, `${V(2)}:missing_file`, '20230101000000:no_down', '20230101000000:out_of_order', `${V(5)}:failed`].sort(),
    );
    expect(report.checks.map((c) => [c.id, c.ok])).toEqual([
      ['files', true],
      ['dbmate', true],
      ['connection', true],
      ['dump_tool', true],
    ]);
    const strict = await dbtk(['validate', '--strict']);
    expect(strict.exitCode).toBe(1);
    expect(strict.stdout).toMatch(/Not valid: 0 errors, 5 warnings \(--strict/);

    // Roll back to a version: newest first, each recorded with dbmate's timing.
    writeFileSync(f2, f2Content);
    rmSync(f0);
    rmSync(f5);
    const down = await dbtk(['down', '--to', V(1), '--yes', '--json']);
    expect(down.exitCode).toBe(0);
    expect(down.json<RunJson>().migrations.map((m) => m.version)).toEqual([V(4), V(3), V(2)]);
    const downs = await history('--action', 'down');
    expect(downs.map((e) => [e.version, e.status])).toEqual([
      [V(2), 'success'],
      [V(3), 'success'],
      [V(4), 'success'],
    ]);
    for (const e of downs) expect(typeof e.durationMs).toBe('number');
    s = await status();
    expect([V(1), V(2), V(3), V(4)].map((v) => [s[v].status, s[v].appliedAt === null])).toEqual([
      ['applied', false],
      ['pending', true],
      ['pending', true],
      ['pending', true],
    ]);

    // Filters and exports over what happened.
    expect((await history('--migration', V(3))).map((e) => [e.action, e.status])).toEqual([
      ['down', 'success'],
      ['up', 'success'],
      ['up', 'failed'],
    ]);
    expect((await history('--status', 'failed')).map((e) => e.version)).toEqual([V(5), V(3)]);
    expect((await history('--search', 'THREE')).every((e) => e.version === V(3))).toBe(true);
    expect(await history('--limit', '2')).toHaveLength(2);
    expect(await history('--since', '2099-01-01')).toEqual([]);
    expect(await history('--until', '2000-01-01')).toEqual([]);
    const all = await history();
    const csv = await dbtk(['history', '--csv']);
    const rows = csv.stdout.split('\r\n').filter(Boolean);
    expect(rows[0]).toMatch(/^id,startedAt,action,status,version,name,file,durationMs,appliedBy,/);
    expect(rows).toHaveLength(all.length + 1);
    expect(rows[1].startsWith(`${all[0].id},${all[0].startedAt},down,success,${V(2)},two,`)).toBe(true);
  });

  it('create, drop and load are recorded; after a load, applied migrations have no time', async () => {
    const { project, dbtk } = await setup();
    project.addMigration(V(1), 'one', 'CREATE TABLE one (id INTEGER);', 'DROP TABLE one;');
    expect((await dbtk(['up'])).exitCode).toBe(0);
    expect((await dbtk(['status', '--json'])).json<StatusJson>().migrations[0].appliedAt).toEqual(expect.any(String));
    expect((await dbtk(['drop', '--yes'])).exitCode).toBe(0);
    expect((await dbtk(['create'])).exitCode).toBe(0);
    const load = await dbtk(['load', '--json']);
    expect(load.exitCode).toBe(0);
    expect(load.json()).toMatchObject({ ok: true, historyWritten: true, warnings: [] });
    const entries = (await dbtk(['history', '--json'])).json<HistoryJson>().entries;
    expect(entries.slice(0, 3).map((e) => [e.action, e.status, e.version])).toEqual([
      ['load', 'success', null],
      ['create', 'success', null],
      ['drop', 'success', null],
    ]);
    expect(entries[0]).toMatchObject({ file: path.join('db', 'schema.sql'), checksum: sha256(path.join(project.dir, 'db', 'schema.sql')) });
    const after = (await dbtk(['status', '--json'])).json<StatusJson>().migrations[0];
    expect(after).toMatchObject({ version: V(1), status: 'applied', appliedAt: null, appliedBy: null });
  });
});
