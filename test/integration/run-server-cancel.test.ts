// Issue 13, item 4, through the real bin/dbtk: Ctrl-C (SIGINT to dbtk) while a migration waits
// on a lock another session holds. dbtk cancels the run's statement on the server before it
// stops dbmate, and waits until nothing of the run is left there. Without that, PostgreSQL
// keeps the statement queued and MariaDB runs it (and the rest of its section) once the lock
// is free, after dbtk said "Interrupted": a table changed, another created, no version.

import { rmSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import type { HistoryJson, RunJson } from '../helpers/cli-json.js';
import { availableTargets, type TestDatabase } from '../helpers/databases.js';
import { sessionsOnceGone, waitFor } from '../helpers/processes.js';
import { DBTK_BIN, makeTempProject, runDbtk } from '../helpers/project.js';
import { readPrintedRun, tableVersions } from '../helpers/runs.js';
import { connectSql, type SqlSession } from '../helpers/sql-session.js';

const targets = await availableTargets(['postgres', 'mysql']);
const VERSION = '20240101000001';

describe.each(targets.map((t) => [t.label, t] as const))('%s', (_label, target) => {
  const dialect = target.dialect as 'postgres' | 'mysql';
  const databases: TestDatabase[] = [];
  const sessions: SqlSession[] = [];
  const dirs: string[] = [];
  afterAll(async () => {
    for (const session of sessions) await session.end().catch(() => undefined);
    for (const db of databases) await db.drop().catch(() => undefined);
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ['text', false],
    ['--json', true],
  ])(
    'Ctrl-C while a migration waits on a lock (%s): nothing of the run stays on the server, nothing runs after the lock is freed',
    async (_mode, json) => {
      const db = await target.createDatabase();
      databases.push(db);
      const look = await connectSql(dialect, db.url);
      const holder = await connectSql(dialect, db.url);
      sessions.push(look, holder);
      await look.query('CREATE TABLE t (id INT PRIMARY KEY)');
      await look.query('INSERT INTO t VALUES (1)');
      const project = makeTempProject('dbtk-cancel-');
      dirs.push(project.dir);
      project.addMigration(
        VERSION,
        'waits',
        'UPDATE t SET id = 2 WHERE id = 1;\nCREATE TABLE created_by_run (id INT);',
        'DROP TABLE created_by_run;',
      );
      const env = { DATABASE_URL: db.url };

      await holder.query('BEGIN');
      await holder.query(dialect === 'postgres' ? 'LOCK TABLE t IN ACCESS EXCLUSIVE MODE' : 'SELECT * FROM t WHERE id = 1 FOR UPDATE');

      const run = execa('node', [DBTK_BIN, 'up', ...(json ? ['--json'] : [])], {
        cwd: project.dir,
        env: { PATH: process.env.PATH, HOME: process.env.HOME, DBTK_HOME: path.join(project.dir, '.dbtk-home'), NO_COLOR: '1', ...env },
        extendEnv: false,
        reject: false,
        timeout: 60_000,
      });
      // Everything of the database's that is not the test's own two sessions.
      const others = () =>
        dialect === 'postgres'
          ? look.query(
              `SELECT pid, application_name, state, query FROM pg_stat_activity WHERE datname = '${db.name}' AND pid NOT IN (${look.id}, ${holder.id})`,
            )
          : look.query(
              `SELECT ID, COMMAND, STATE, INFO FROM information_schema.PROCESSLIST WHERE DB = '${db.name}' AND ID NOT IN (${look.id}, ${holder.id})`,
            );
      // dbmate's UPDATE waits behind the holder's lock; on PostgreSQL its session carries the run's tag.
      const waiting = await waitFor('the migration to wait on the lock', async () => {
        const rows = await others();
        const statement = (row: Record<string, unknown>) => `${(row.query ?? row.INFO ?? '') as string}`;
        return rows.find((row) => statement(row).includes('UPDATE t SET id = 2')) ? rows : undefined;
      });
      if (dialect === 'postgres') expect(waiting.some((row) => String(row.application_name as string).startsWith('dbtk-run-'))).toBe(true);

      run.kill('SIGINT');
      const result = await run;
      const stdout = String(result.stdout);
      const stderr = String(result.stderr);
      expect(result.exitCode, stderr).toBe(1);
      // dbtk's own connections are closed by the time it exits: nothing of the run is left.
      expect(await sessionsOnceGone(others)).toEqual([]);

      // What dbtk said: interrupted, nothing applied, and the statement stopped on the server.
      if (json) {
        const report = JSON.parse(stdout) as RunJson;
        expect(report).toMatchObject({ ok: false, interrupted: true, error: { kind: 'interrupted' } });
        expect(report.migrations.map((m) => m.status)).not.toContain('done');
        expect(report.serverWork).toMatchObject({
          clear: true,
          message: expect.stringMatching(/^Stopped the run's work on the server: UPDATE t SET id = 2/),
        });
      } else {
        expect(stderr).toMatch(/^Interrupted: /m);
        expect(readPrintedRun(stdout, stderr).beforeStop).toEqual([]);
        expect(stderr).toMatch(/^Stopped the run's work on the server: UPDATE t SET id = 2/m);
      }
      const history = (await runDbtk(['history', '--json'], { cwd: project.dir, env })).json<HistoryJson>().entries;
      expect(history.filter((e) => e.version === VERSION).map((e) => [e.action, e.status, e.errorKind])).toEqual([
        ['up', 'failed', 'interrupted'],
      ]);
      // The run's tag went to dbmate only: history keeps the URL as the user wrote it.
      expect(history.map((e) => e.url).join(' ')).not.toContain('dbtk-run-');

      // The holder finishes; nothing of the migration may run now, or a little later.
      await holder.query('COMMIT');
      await sleep(2000);
      const tables = await look.query(
        dialect === 'postgres'
          ? `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'`
          : `SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = '${db.name}'`,
      );
      expect(tables.map((row) => String(row.name))).not.toContain('created_by_run');
      expect((await look.query('SELECT id FROM t')).map((row) => Number(row.id))).toEqual([1]);
      expect(await tableVersions(dialect, db.url, project.dir)).not.toContain(VERSION);
      expect(await sessionsOnceGone(others)).toEqual([]);
    },
    90_000,
  );
});
