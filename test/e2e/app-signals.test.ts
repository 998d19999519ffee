// A signal to the app while it runs a migration (SIGTERM from a deploy tool, SIGHUP when the
// SSH session drops) in a real pseudo-terminal with the real bin/dbtk.js against PostgreSQL:
// the app stops the run as Ctrl-C does in the CLI. The statement waiting on a lock is
// cancelled on the server, history says interrupted, and nothing of the run runs once the
// lock is freed.

import { rmSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { HistoryJson } from '../helpers/cli-json.js';
import { availableTargets, type TestDatabase } from '../helpers/databases.js';
import { childPids, sessionsOnceGone, waitFor } from '../helpers/processes.js';
import { makeTempProject, runDbtk } from '../helpers/project.js';
import { connectSql, type SqlSession } from '../helpers/sql-session.js';
import { Screen } from './screen.js';

const tmuxMissing = await execa('tmux', ['-V']).then(
  () => false,
  () => true,
);
const targets = tmuxMissing ? [] : await availableTargets(['postgres']);
const VERSION = '20240101000001';

let screen: Screen | undefined;
const databases: TestDatabase[] = [];
const sessions: SqlSession[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await screen?.kill();
  screen = undefined;
});
afterAll(async () => {
  for (const session of sessions) await session.end().catch(() => undefined);
  for (const db of databases) await db.drop().catch(() => undefined);
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe.each(targets.map((t) => [t.label, t] as const))('%s', (_label, target) => {
  it.each(['SIGTERM', 'SIGHUP'] as const)(
    '%s while the app runs a migration that waits on a lock: the run is stopped on the server and recorded as interrupted',
    async (signal) => {
      const db = await target.createDatabase();
      databases.push(db);
      const look = await connectSql('postgres', db.url);
      const holder = await connectSql('postgres', db.url);
      sessions.push(look, holder);
      await look.query('CREATE TABLE t (id INT PRIMARY KEY)');
      await look.query('INSERT INTO t VALUES (1)');
      const project = makeTempProject('dbtk-e2e-signal-');
      dirs.push(project.dir);
      project.writeFile('.env', `DATABASE_URL=${db.url}\n`);
      project.addMigration(
        VERSION,
        'waits',
        'UPDATE t SET id = 2 WHERE id = 1;\nCREATE TABLE created_by_run (id INT);',
        'DROP TABLE created_by_run;',
      );
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE t IN ACCESS EXCLUSIVE MODE');

      screen = await Screen.start({ cwd: project.dir, columns: 120, rows: 30 });
      await screen.waitFor('● 1 pending');
      await screen.press('u');
      await screen.waitFor('Apply 1 pending migration to');
      await screen.press('y');
      const others = () =>
        look.query(
          `SELECT pid, application_name, query FROM pg_stat_activity WHERE datname = '${db.name}' AND pid NOT IN (${look.id}, ${holder.id})`,
        );
      await waitFor('the migration to wait on the lock', async () => {
        const rows = await others();
        return rows.some((row) => String(row.query).includes('UPDATE t SET id = 2')) ? rows : undefined;
      });

      const shell = await screen.panePid();
      const [dbtk] = childPids(shell, 'dbtk');
      expect(dbtk).toBeGreaterThan(0);
      process.kill(dbtk, signal);
      const code = signal === 'SIGTERM' ? 143 : 129;
      await screen.waitFor(`[dbtk exited ${code}]`, 30_000);
      expect(await sessionsOnceGone(others)).toEqual([]);

      const history = (await runDbtk(['history', '--json'], { cwd: project.dir })).json<HistoryJson>().entries;
      expect(history.filter((e) => e.version === VERSION).map((e) => [e.action, e.status, e.errorKind])).toEqual([
        ['up', 'failed', 'interrupted'],
      ]);
      // The lock is freed: nothing of the migration may run now, or a little later.
      await holder.query('COMMIT');
      await sleep(1500);
      const tables = await look.query(`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'`);
      expect(tables.map((row) => String(row.name))).not.toContain('created_by_run');
      expect((await look.query('SELECT id FROM t')).map((row) => Number(row.id))).toEqual([1]);
    },
    90_000,
  );
});
