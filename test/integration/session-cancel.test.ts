// Issue 13, item 4, on real PostgreSQL and MariaDB with the real dbmate: a migration that waits
// on a lock held by another session is stopped on the server, not only in dbmate. Without
// that, PostgreSQL keeps the statement queued and MariaDB runs it (and the rest of its
// section) once the lock is free, after dbtk said "Interrupted": a table created, no version.

import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { cancelServerWork, findServerWork, newRunId, runTag, taggedUrl, type ServerSession } from '../../src/core/database/session.js';
import { availableTargets, type TestDatabase } from '../helpers/databases.js';
import { DBMATE_BIN, makeTempProject } from '../helpers/project.js';

const targets = await availableTargets(['postgres', 'mysql']);
const VERSION = '20240101000001';

/** One SQL connection for the test's own look at the server (and for session B). */
interface Sql {
  query(sql: string): Promise<Record<string, unknown>[]>;
  /** Its server-side id, to leave it out of what "the run left". */
  id: number;
  end(): Promise<void>;
}

async function connect(dialect: string, url: string): Promise<Sql> {
  if (dialect === 'postgres') {
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const id = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
    return { id, query: async (sql) => (await client.query<Record<string, unknown>>(sql)).rows, end: () => client.end() };
  }
  const mysql = await import('mysql2/promise');
  const connection = await mysql.createConnection({ uri: url });
  const [rows] = await connection.query('SELECT CONNECTION_ID() AS id');
  return {
    id: Number((rows as { id: number }[])[0].id),
    query: async (sql) => (await connection.query(sql))[0] as Record<string, unknown>[],
    end: () => connection.end(),
  };
}

function startDbmate(cwd: string, url: string): { child: ChildProcess; exited: Promise<number | null>; output: () => string } {
  let output = '';
  const child = spawn(DBMATE_BIN, ['--no-dump-schema', 'up'], { cwd, env: { PATH: process.env.PATH, DATABASE_URL: url } });
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, exited, output: () => output };
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

describe.each(targets.map((t) => [t.label, t] as const))('%s', (_label, target) => {
  const databases: TestDatabase[] = [];
  const open: Sql[] = [];
  afterAll(async () => {
    for (const sql of open) await sql.end().catch(() => undefined);
    for (const db of databases) await db.drop().catch(() => undefined);
  });

  async function setup(migration: string, sectionOptions = '') {
    const db = await target.createDatabase();
    databases.push(db);
    const look = await connect(target.dialect, db.url);
    const holder = await connect(target.dialect, db.url);
    open.push(look, holder);
    await look.query('CREATE TABLE t (id INT PRIMARY KEY)');
    await look.query('INSERT INTO t VALUES (1)');
    const project = makeTempProject();
    project.addMigration(VERSION, 'waits', migration, 'DROP TABLE created_by_run;', sectionOptions);
    const tag = runTag(newRunId());
    /** Connections on the server other than the test's own two (and dbtk's own, closing). */
    const leftOnServer = async () =>
      target.dialect === 'postgres'
        ? look.query(
            `SELECT pid, state, query FROM pg_stat_activity WHERE application_name = '${tag}' OR (datname = '${db.name}' AND pid NOT IN (${look.id}, ${holder.id}) AND application_name <> 'dbtk cancel')`,
          )
        : look.query(
            `SELECT ID, COMMAND, STATE, INFO FROM information_schema.PROCESSLIST WHERE DB = '${db.name}' AND ID NOT IN (${look.id}, ${holder.id})`,
          );
    const tables = async () =>
      (
        await look.query(
          target.dialect === 'postgres'
            ? `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`
            : `SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = '${db.name}' ORDER BY 1`,
        )
      ).map((row) => String(row.name));
    const applied = async () => (await look.query('SELECT version FROM schema_migrations')).map((row) => String(row.version));
    const ids = async () => (await look.query('SELECT id FROM t ORDER BY id')).map((row) => Number(row.id));
    return { db, look, holder, project, tag, leftOnServer, tables, applied, ids };
  }

  async function holdLockOnT(holder: Sql): Promise<void> {
    await holder.query('BEGIN');
    if (target.dialect === 'postgres') await holder.query('LOCK TABLE t IN ACCESS EXCLUSIVE MODE');
    else await holder.query('SELECT * FROM t WHERE id = 1 FOR UPDATE');
  }

  // Without the cancel (checked by hand): PostgreSQL keeps the UPDATE queued after dbmate is
  // gone (and with transaction:false commits it and the CREATE TABLE once B commits); MariaDB
  // runs both in either mode.
  it.each([
    ['in a transaction', ''],
    ['transaction:false', 'transaction:false'],
  ])(
    'a migration waiting on a lock (%s) is cancelled on the server: nothing of the run left, nothing runs after the lock is freed',
    async (_mode, sectionOptions) => {
      const { db, holder, project, tag, leftOnServer, tables, applied, ids } = await setup(
        'UPDATE t SET id = 2 WHERE id = 1;\nCREATE TABLE created_by_run (id INT);',
        sectionOptions,
      );
      await holdLockOnT(holder);
      const dbmate = startDbmate(project.dir, taggedUrl(db.url, tag));
      const dbmatePid = dbmate.child.pid!;
      // dbmate's UPDATE is queued behind session B's lock.
      const waiting = await waitFor('the migration to wait on the lock', async () => {
        const sessions = await findServerWork({ url: db.url }, tag, { dbmatePid });
        return sessions.find((s) => s.running && s.statement?.includes('UPDATE t'));
      });
      expect(waiting.foundBy).toBe(target.dialect === 'postgres' ? 'application_name' : 'client_port');
      if (target.dialect === 'mysql') {
        // Without dbmate's pid (no /proc), MariaDB's last resort: a statement only dbmate sends.
        const byStatement = await findServerWork({ url: db.url }, tag);
        expect(byStatement.map((s) => [s.id, s.foundBy])).toEqual([[waiting.id, 'statement']]);
      }

      const report = await cancelServerWork({ url: db.url }, tag, { dbmatePid, timeoutMs: 10_000 });
      dbmate.child.kill('SIGINT');
      await dbmate.exited;
      expect(report.error).toBeUndefined();
      expect(report.supported).toBe(true);
      expect(report.found.map((s: ServerSession) => s.id)).toContain(waiting.id);
      expect(report.cancelled).toContain(waiting.id);
      expect(report.remaining).toEqual([]);

      expect(await leftOnServer()).toEqual([]);
      expect(await applied()).not.toContain(VERSION);
      // Session B finishes; nothing of the migration may run now or a little later.
      await holder.query('COMMIT');
      await sleep(2000);
      expect(await tables()).not.toContain('created_by_run');
      expect(await ids()).toEqual([1]);
      expect(await applied()).not.toContain(VERSION);
      expect(await leftOnServer()).toEqual([]);
    },
  );

  it('as the run engine calls it: cancel, then stop dbmate through stopClient, then wait until the server is clear', async () => {
    const { db, project, tag, leftOnServer, applied, tables } = await setup(
      `${target.dialect === 'postgres' ? 'SELECT pg_sleep(30)' : 'SELECT SLEEP(30)'};\nCREATE TABLE created_by_run (id INT);`,
    );
    const dbmate = startDbmate(project.dir, taggedUrl(db.url, tag));
    const dbmatePid = dbmate.child.pid!;
    await waitFor('the migration to run', async () =>
      (await findServerWork({ url: db.url }, tag, { dbmatePid })).find((s) => s.running && /sleep/i.test(s.statement ?? '')),
    );
    let stops = 0;
    const started = Date.now();
    const report = await cancelServerWork({ url: db.url }, tag, {
      dbmatePid,
      stopClient: () => {
        stops++;
        dbmate.child.kill('SIGINT');
      },
    });
    await dbmate.exited;
    expect(stops).toBe(1);
    expect(Date.now() - started).toBeLessThan(8000);
    expect(report).toMatchObject({ supported: true, remaining: [] });
    expect(report.error).toBeUndefined();
    expect(report.cancelled.length).toBeGreaterThan(0);
    await sleep(1000);
    expect(await leftOnServer()).toEqual([]);
    expect(await applied()).not.toContain(VERSION);
    expect(await tables()).not.toContain('created_by_run');
  });
});

describe('SQLite', () => {
  it('has no server work: dbmate is stopped, nothing else to do', async () => {
    let stopped = false;
    const report = await cancelServerWork({ url: 'sqlite:db/x.sqlite3' }, 'dbtk-run-x', { stopClient: () => (stopped = true) });
    expect(report).toMatchObject({ supported: false, found: [], remaining: [] });
    expect(stopped).toBe(true);
  });
});
