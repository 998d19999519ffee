// One run at a time per database. dbmate has no lock (two deploys race, and nothing stops a
// double rollback), so every dbtk run that changes a database first takes this lock and holds
// it for the whole batch:
//   PostgreSQL  a session advisory lock on dbtk's own connection (dies with the connection);
//   MySQL       GET_LOCK on dbtk's own connection (likewise);
//   SQLite      a lock file beside the database file, naming its holder's pid: a holder that
//               is gone (crashed, killed) leaves a stale file, which the next run removes.
// A second run waits, told who holds the lock, until the timeout; then it fails with `locked`.

import { readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { DbtkError } from '../shared/errors.js';
import { sha256 } from '../shared/hash.js';
import { currentUserAtHost } from '../shared/user.js';
import { databaseIdentity, type DatabaseIdentity } from './identity.js';

export interface LockHolder {
  /** `user@host` of the dbtk holding the lock, when the database lets us know it. */
  who: string;
  pid?: number;
  /** ISO 8601, when it took the lock. */
  since?: string;
  /** What it is doing (`up`, `down`…), when known. */
  command?: string;
  /** Its session on the server, when that is all that names it (`connection 12`, `server pid 4242, psql`). */
  session?: string;
}

export interface RunLock {
  readonly identity: DatabaseIdentity;
  release(): Promise<void>;
}

export interface LockTarget {
  url: string;
  cwd: string;
  driver?: string;
  migrationsTable: string;
}

export interface AcquireLockOptions {
  /** What the run is, shown to whoever waits for it. */
  command: string;
  /** How long to wait for another run to finish; 0 fails at once. */
  timeoutMs: number;
  signal?: AbortSignal;
  /** Called when the lock is busy (once, then about every few seconds while waiting). */
  onWait?: (holder: LockHolder | undefined, waitedMs: number) => void;
  /** Poll interval; tests shorten it. */
  pollMs?: number;
}

/** Default for `--lock-timeout`. */
export const DEFAULT_LOCK_TIMEOUT_MS = 60_000;

interface LockBackend {
  tryAcquire(): Promise<boolean>;
  holder(): Promise<LockHolder | undefined>;
  release(): Promise<void>;
}

/** Takes the run lock of the database `target` names, waiting up to `timeoutMs`. */
export async function acquireRunLock(target: LockTarget, options: AcquireLockOptions): Promise<RunLock> {
  const identity = databaseIdentity(target.url, target.cwd, target.driver);
  const me: LockHolder = { who: currentUserAtHost(), pid: process.pid, since: new Date().toISOString(), command: options.command };
  const backend = await openBackend(identity, target, me);
  if (!backend) return { identity, release: () => Promise.resolve() };
  const started = Date.now();
  let lastNotice = -Infinity;
  try {
    for (;;) {
      if (await backend.tryAcquire()) return { identity, release: () => backend.release() };
      const waited = Date.now() - started;
      const holder = await backend.holder().catch(() => undefined);
      if (waited >= options.timeoutMs) throw lockedError(identity, holder, options.timeoutMs);
      if (waited - lastNotice >= 5000) {
        options.onWait?.(holder, waited);
        lastNotice = waited;
      }
      await sleep(Math.min(options.pollMs ?? 250, Math.max(1, options.timeoutMs - waited)), undefined, { signal: options.signal });
    }
  } catch (error) {
    await backend.release().catch(() => undefined);
    if ((error as Error).name === 'AbortError') {
      throw new DbtkError('interrupted', 'Stopped while waiting for another run to finish; nothing was run.');
    }
    throw error;
  }
}

/** Words for a lock holder: `ana@laptop (pid 4242, up, since 10:02:11)`, one pair of brackets. */
export function describeHolder(holder: LockHolder | undefined): string {
  if (!holder) return 'another session';
  const details = [
    holder.session ?? '',
    holder.pid ? `pid ${holder.pid}` : '',
    holder.command ? `${holder.command}` : '',
    holder.since ? `since ${holder.since}` : '',
  ]
    .filter(Boolean)
    .join(', ');
  return details ? `${holder.who} (${details})` : holder.who;
}

function lockedError(identity: DatabaseIdentity, holder: LockHolder | undefined, timeoutMs: number): DbtkError {
  const waited = timeoutMs === 0 ? 'and --lock-timeout is 0' : `and did not finish within ${Math.round(timeoutMs / 1000)}s`;
  return new DbtkError('locked', `Another run holds ${identity.label}: ${describeHolder(holder)}, ${waited}.`, {
    hint: 'Wait for it to finish and try again, or wait longer with --lock-timeout 5m. Nothing was run.',
  });
}

async function openBackend(identity: DatabaseIdentity, target: LockTarget, me: LockHolder): Promise<LockBackend | undefined> {
  if (identity.dialect === 'sqlite') return sqliteLock(`${identity.database}.dbtk-lock`, me);
  if (identity.dialect === 'postgres' && /^postgres(ql)?:/i.test(target.url)) return postgresLock(target, me);
  if (identity.dialect === 'mysql') return mysqlLock(target, identity);
  // Other drivers (ClickHouse, BigQuery…) have no lock dbtk can take: runs go unlocked, as with dbmate.
  return undefined;
}

// --- SQLite: a lock file created exclusively, naming its holder --------------------------

function sqliteLock(file: string, me: LockHolder): LockBackend {
  let held = false;
  const readHolder = async (): Promise<(LockHolder & { host?: string }) | undefined> => {
    try {
      return JSON.parse(await readFile(file, 'utf8')) as LockHolder & { host?: string };
    } catch {
      return undefined;
    }
  };
  return {
    async tryAcquire() {
      try {
        await writeFile(file, `${JSON.stringify({ ...me, host: os.hostname() })}\n`, { flag: 'wx', mode: 0o600 });
        held = true;
        return true;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const holder = await readHolder();
      if (holder && isStale(holder)) {
        await rm(file, { force: true });
        return this.tryAcquire();
      }
      return false;
    },
    holder: readHolder,
    async release() {
      if (held) await rm(file, { force: true });
      held = false;
    },
  };
}

/** A holder on this host whose process is gone. Other hosts' holders cannot be checked. */
function isStale(holder: LockHolder & { host?: string }): boolean {
  if (!holder.pid || (holder.host && holder.host !== os.hostname())) return false;
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

// --- PostgreSQL: a session advisory lock; the holder is named in application_name ---------

const PG_LOCK_CLASS = 0x64627400 | 0; // "dbt\0": dbtk's own space of two-key advisory locks

async function postgresLock(target: LockTarget, me: LockHolder): Promise<LockBackend> {
  const { default: pg } = await import('pg');
  // Per database already (advisory lock tags include the database); the key adds the table,
  // since two migrations tables in one database are two independent histories.
  const objectKey = Number.parseInt(sha256(target.migrationsTable).slice(0, 7), 16);
  const client = new pg.Client({
    connectionString: target.url,
    connectionTimeoutMillis: 10_000,
    application_name: `dbtk ${me.command} ${me.who} pid ${me.pid}`.slice(0, 63),
  });
  client.on('error', () => undefined);
  await client.connect();
  let held = false;
  return {
    async tryAcquire() {
      const result = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1::int, $2::int) AS ok', [PG_LOCK_CLASS, objectKey]);
      held = Boolean(result.rows[0]?.ok);
      return held;
    },
    async holder() {
      const result = await client.query<{ application_name: string; usename: string; backend_start: Date; pid: number }>(
        `SELECT a.application_name, a.usename, a.backend_start, a.pid FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
          WHERE l.locktype = 'advisory' AND l.granted AND l.classid = ($1::int)::oid AND l.objid = ($2::int)::oid AND l.objsubid = 2
            AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
        [PG_LOCK_CLASS, objectKey],
      );
      const row = result.rows[0];
      if (!row) return undefined;
      const named = /^dbtk (\S+) (\S+) pid (\d+)/.exec(row.application_name);
      return named
        ? { who: named[2], pid: Number(named[3]), command: named[1], since: row.backend_start.toISOString() }
        : {
            who: row.usename,
            session: `server pid ${row.pid}, ${row.application_name || 'no application name'}`,
            since: row.backend_start.toISOString(),
          };
    },
    async release() {
      try {
        if (held) await client.query('SELECT pg_advisory_unlock($1::int, $2::int)', [PG_LOCK_CLASS, objectKey]);
      } finally {
        held = false;
        await client.end().catch(() => undefined);
      }
    },
  };
}

// --- MySQL/MariaDB: GET_LOCK on dbtk's own connection -------------------------------------

async function mysqlLock(target: LockTarget, identity: DatabaseIdentity): Promise<LockBackend> {
  const mysql = await import('mysql2/promise');
  const connection = await mysql.createConnection({ uri: target.url.replace(/^mariadb:/i, 'mysql:'), connectTimeout: 10_000 });
  connection.on('error', () => undefined);
  // GET_LOCK names are server-wide and at most 64 characters: name the database and table.
  const name = `dbtk:${sha256(`${identity.database}.${target.migrationsTable}`).slice(0, 40)}`;
  let held = false;
  return {
    async tryAcquire() {
      const [rows] = await connection.query('SELECT GET_LOCK(?, 0) AS ok', [name]);
      held = (rows as { ok: number | null }[])[0]?.ok === 1;
      return held;
    },
    async holder() {
      const [rows] = await connection.query(
        'SELECT p.ID AS id, p.USER AS user, p.HOST AS host, p.TIME AS seconds FROM information_schema.PROCESSLIST p WHERE p.ID = IS_USED_LOCK(?)',
        [name],
      );
      const row = (rows as { id: number; user: string; host: string; seconds: number }[])[0];
      if (!row) return undefined;
      return {
        who: `${row.user}@${row.host.replace(/:\d+$/, '')}`,
        session: `connection ${row.id}`,
        since: new Date(Date.now() - row.seconds * 1000).toISOString(),
      };
    },
    async release() {
      try {
        if (held) await connection.query('SELECT RELEASE_LOCK(?)', [name]);
      } finally {
        held = false;
        await connection.end().catch(() => undefined);
      }
    },
  };
}
