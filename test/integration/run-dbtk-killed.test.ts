// Issue 13, items 3 and 4, through the real bin/dbtk and dbmate: dbtk itself is killed with
// kill -9 in the middle of an `up` batch while its dbmate is still at work (waiting on a lock
// held by another session, or SQLite busy with a long statement). Its dbmate outlives it.
// While that orphan runs, `dbtk up` refuses (exit 2, `orphaned_run`, naming its pid) and
// `dbtk status` says so; once it is gone, the next `dbtk status --json` records what the
// database shows the killed run did: the migrations table, status and history then agree.

import { rmSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import type { FailureJson, HistoryJson, StatusJson } from '../helpers/cli-json.js';
import { availableTargets, type TestDatabase } from '../helpers/databases.js';
import { childPids, isAlive, waitFor } from '../helpers/processes.js';
import { DBTK_BIN, makeTempProject, runDbtk } from '../helpers/project.js';
import { tableVersions } from '../helpers/runs.js';
import { connectSql, type SqlSession } from '../helpers/sql-session.js';

const targets = await availableTargets();
const V = (n: number) => `2024010100000${n}`;

describe.each(targets.map((t) => [t.label, t] as const))('%s', (_label, target) => {
  const databases: TestDatabase[] = [];
  const sessions: SqlSession[] = [];
  const dirs: string[] = [];
  const pids: number[] = [];
  afterAll(async () => {
    for (const pid of pids) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    for (const session of sessions) await session.end().catch(() => undefined);
    for (const db of databases) await db.drop().catch(() => undefined);
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('kill -9 of dbtk mid-batch: its orphaned dbmate is named and refused, then the next status reconciles', async () => {
    const db = await target.createDatabase();
    databases.push(db);
    const project = makeTempProject('dbtk-killed-');
    dirs.push(project.dir);
    const env = { DATABASE_URL: db.url };
    const dbtk = (args: string[]) => runDbtk(args, { cwd: project.dir, env });

    // Step 2 keeps dbmate busy until the test lets it go: a lock another session holds
    // (servers), or a statement that runs for a long time (SQLite).
    let holder: SqlSession | undefined;
    let wait: string;
    if (target.dialect === 'sqlite') {
      wait = 'SELECT count(*) FROM (WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 2000000000) SELECT x FROM c);';
    } else {
      const setup = await connectSql(target.dialect, db.url);
      sessions.push(setup);
      await setup.query('CREATE TABLE held (id INT PRIMARY KEY)');
      await setup.query('INSERT INTO held VALUES (1)');
      holder = await connectSql(target.dialect, db.url);
      sessions.push(holder);
      await holder.query('BEGIN');
      await holder.query(
        target.dialect === 'postgres' ? 'LOCK TABLE held IN ACCESS EXCLUSIVE MODE' : 'SELECT * FROM held WHERE id = 1 FOR UPDATE',
      );
      wait = 'UPDATE held SET id = 2 WHERE id = 1;';
    }
    project.addMigration(V(1), 't1', 'CREATE TABLE t1 (id INTEGER);', 'DROP TABLE t1;');
    project.addMigration(V(2), 't2', `${wait}\nCREATE TABLE t2 (id INTEGER);`, 'DROP TABLE t2;');
    project.addMigration(V(3), 't3', 'CREATE TABLE t3 (id INTEGER);', 'DROP TABLE t3;');

    const run = execa('node', [DBTK_BIN, 'up'], {
      cwd: project.dir,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, DBTK_HOME: path.join(project.dir, '.dbtk-home'), NO_COLOR: '1', ...env },
      extendEnv: false,
      reject: false,
    });
    let printed = '';
    run.stdout.on('data', (chunk: Buffer) => (printed += chunk.toString()));
    await waitFor('step 2 to start', () => (printed.includes(`→ [2/3] Applying ${V(2)}_t2.sql`) ? true : undefined));
    const dbmatePid = await waitFor('dbmate', () => childPids(run.pid!, 'dbmate')[0]);
    pids.push(dbmatePid);
    if (holder) {
      // dbmate's UPDATE is queued behind the holder's lock, in a session tagged with the run.
      const look = sessions[0];
      await waitFor('the migration to wait on the lock', async () => {
        const rows = await look.query(
          target.dialect === 'postgres'
            ? `SELECT pid FROM pg_stat_activity WHERE application_name LIKE 'dbtk-run-%' AND wait_event_type = 'Lock'`
            : `SELECT ID FROM information_schema.PROCESSLIST WHERE DB = '${db.name}' AND INFO LIKE '%UPDATE held%' AND ID <> CONNECTION_ID()`,
        );
        return rows.length ? rows : undefined;
      });
    }
    run.kill('SIGKILL');
    await run;
    expect(isAlive(dbmatePid)).toBe(true);

    // While the orphan runs: up refuses and names it; status says so and records nothing yet.
    const refused = await dbtk(['up', '--json']);
    expect(refused.exitCode, refused.stderr).toBe(2);
    const error = refused.json<FailureJson>().error;
    expect(error.kind).toBe('orphaned_run');
    expect(error.message).toContain(`its dbmate (pid ${dbmatePid}) is still running`);
    expect(error.hint).toContain(`kill -INT ${dbmatePid}`);
    const down = await dbtk(['down', '--yes']);
    expect(down.exitCode, down.stderr).toBe(2);
    expect(down.stderr).toContain(`dbmate (pid ${dbmatePid})`);
    const meanwhile = await dbtk(['status', '--json']);
    expect(meanwhile.exitCode, meanwhile.stderr).toBe(0);
    expect(meanwhile.stderr).toContain(`its dbmate (pid ${dbmatePid}) is still running`);
    expect((await readdir(path.join(project.dir, '.dbtk', 'runs'))).filter((name) => name.endsWith('.json'))).toHaveLength(1);

    // The orphan ends: the servers' holder lets it go on (it commits step 2, then dies on its
    // next line to the dead dbtk, or finishes); on SQLite it is killed.
    if (holder) await holder.query('COMMIT');
    else process.kill(dbmatePid, 'SIGKILL');
    await waitFor('the orphaned dbmate to end', () => (isAlive(dbmatePid) ? undefined : true), 60_000);

    const table = await tableVersions(target.dialect, db.url, project.dir);
    expect(table).toContain(V(1)); // committed before the kill
    const status = await dbtk(['status', '--json']);
    expect(status.exitCode, status.stderr).toBe(0);
    expect(status.stderr).toMatch(/ended without dbtk recording its outcome \(dbtk was stopped\)\. From the database: applied: /);
    const statusApplied = status
      .json<StatusJson>()
      .migrations.filter((m) => m.status !== 'pending')
      .map((m) => m.version);
    expect(statusApplied).toEqual(table);
    const history = (await dbtk(['history', '--json'])).json<HistoryJson>().entries;
    for (const n of [1, 2, 3]) {
      const latest = history.find((e) => e.version === V(n));
      const said = latest ? `${latest.action} ${latest.status}` : 'nothing';
      expect(said, `newest history entry of ${V(n)}`).toMatch(table.includes(V(n)) ? /^up success$/ : /^(up failed|nothing)$/);
    }
    // Recorded once: a second look finds nothing left to reconcile.
    expect(await readdir(path.join(project.dir, '.dbtk', 'runs'))).toEqual([]);
    const again = await dbtk(['status']);
    expect(again.stderr).not.toMatch(/ended without dbtk recording/);

    // And runs go again (on SQLite without the endless statement).
    if (!holder) project.addMigration(V(2), 't2', 'CREATE TABLE t2 (id INTEGER);', 'DROP TABLE t2;');
    const up = await dbtk(['up']);
    expect(up.exitCode, up.stderr).toBe(0);
    expect(await tableVersions(target.dialect, db.url, project.dir)).toEqual([V(1), V(2), V(3)]);
  }, 120_000);
});
