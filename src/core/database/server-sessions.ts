// Finding and stopping one run's sessions on a database server, from a connection of dbtk's
// own. PostgreSQL names each session's application, so a run's sessions are found by the
// tag dbmate's URL carried. MySQL/MariaDB, best first: the connection attribute dbmate sent
// (only visible with performance_schema on), dbmate's own client ports (read from /proc),
// and last, statements that can only be dbmate's (`-- migrate:up` begins every section it
// sends) by the same user on the same database.

import { redactText } from '../shared/redact.js';
import { localTcpPorts } from './client-ports.js';

export interface ServerSession {
  /** PostgreSQL backend pid or MySQL connection id. */
  id: number;
  user: string;
  database: string | null;
  /** `active`, `idle in transaction`… (PostgreSQL); `Query: Waiting for table metadata lock`… (MySQL). */
  state: string;
  /** True while a statement runs (or waits for a lock): that is what a cancel stops. */
  running: boolean;
  /** The start of what it runs, or ran last. */
  statement: string | null;
  /** How the session was recognised as the run's. */
  foundBy: 'application_name' | 'connection_attributes' | 'client_port' | 'statement';
}

export interface SessionBackend {
  /** The run's sessions now on the server (sessions seen before are looked up by id too). */
  find(known: ReadonlyMap<number, ServerSession>): Promise<ServerSession[]>;
  /** Stops the session's current statement; the connection stays. */
  cancel(id: number): Promise<void>;
  /** Closes the session's connection (its transaction rolls back). */
  terminate(id: number): Promise<void>;
  close(): Promise<void>;
}

export interface BackendTarget {
  url: string;
  tag: string;
  dbmatePid?: number;
}

const STATEMENT_CHARS = 200;
const clip = (text: string | null): string | null => (text ? redactText(text.slice(0, STATEMENT_CHARS)) : null);

// --- PostgreSQL ----------------------------------------------------------------------------

export async function postgresSessions(target: BackendTarget): Promise<SessionBackend> {
  const { default: pg } = await import('pg');
  const connect = async (url: string) => {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000, application_name: 'dbtk cancel' });
    client.on('error', () => undefined);
    await client.connect();
    return client;
  };
  let client;
  try {
    client = await connect(target.url);
  } catch (error) {
    // The run may have been creating the database: pg_stat_activity is the whole server's.
    if ((error as { code?: string }).code !== '3D000') throw error;
    client = await connect(withDatabase(target.url, 'postgres'));
  }
  const signal = async (fn: 'pg_cancel_backend' | 'pg_terminate_backend', id: number) => {
    await client.query(`SELECT ${fn}($1)`, [id]);
  };
  return {
    async find() {
      const result = await client.query<{
        pid: number;
        usename: string;
        datname: string | null;
        state: string | null;
        query: string | null;
      }>(`SELECT pid, usename, datname, state, query FROM pg_stat_activity WHERE application_name = $1 AND pid <> pg_backend_pid()`, [
        target.tag,
      ]);
      return result.rows.map((row) => ({
        id: row.pid,
        user: row.usename,
        database: row.datname,
        state: row.state ?? 'unknown',
        running: row.state === 'active',
        statement: clip(row.query),
        foundBy: 'application_name' as const,
      }));
    },
    cancel: (id) => signal('pg_cancel_backend', id),
    terminate: (id) => signal('pg_terminate_backend', id),
    close: () => client.end().catch(() => undefined),
  };
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

// --- MySQL / MariaDB -----------------------------------------------------------------------

interface ProcessRow {
  id: number;
  user: string;
  host: string;
  db: string | null;
  command: string;
  state: string | null;
  info: string | null;
}

export async function mysqlSessions(target: BackendTarget): Promise<SessionBackend> {
  const mysql = await import('mysql2/promise');
  const parsed = new URL(target.url.replace(/^mariadb:/i, 'mysql:'));
  const user = decodeURIComponent(parsed.username);
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, '')) || null;
  // No database selected: the process list is the server's, and a connection of dbtk's own
  // must not look like one more session on the run's database while it closes.
  parsed.pathname = '/';
  const connection = await mysql.createConnection({ uri: parsed.toString(), connectTimeout: 10_000 });
  connection.on('error', () => undefined);
  const query = async <T>(sql: string, values: unknown[] = []) => (await connection.query(sql, values))[0] as T;

  // MariaDB keeps connection attributes only in performance_schema, off by default there.
  const attributesVisible = await query<{ on: number }[]>('SELECT @@performance_schema AS `on`').then(
    (rows) => Boolean(Number(rows[0]?.on)),
    () => false,
  );
  /** Ids of connections that carry the run's tag as `program_name`, when the server can say. */
  const taggedIds = async (): Promise<Set<number> | undefined> => {
    if (!attributesVisible) return undefined;
    try {
      const rows = await query<{ id: number }[]>(
        `SELECT PROCESSLIST_ID AS id FROM performance_schema.session_connect_attrs WHERE ATTR_NAME = 'program_name' AND ATTR_VALUE = ?`,
        [target.tag],
      );
      return new Set(rows.map((row) => Number(row.id)));
    } catch {
      return undefined; // no right to read it
    }
  };

  const session = (row: ProcessRow, foundBy: ServerSession['foundBy']): ServerSession => ({
    id: Number(row.id),
    user: row.user,
    database: row.db,
    state: [row.command, row.state].filter(Boolean).join(': '),
    running: row.command === 'Query' || row.command === 'Execute',
    statement: clip(row.info),
    foundBy,
  });

  return {
    async find(known) {
      // Without the PROCESS privilege a user sees only its own connections, which is all we need.
      const rows = await query<ProcessRow[]>(
        `SELECT ID AS id, USER AS user, HOST AS host, DB AS db, COMMAND AS command, STATE AS state, INFO AS info
           FROM information_schema.PROCESSLIST WHERE ID <> CONNECTION_ID() AND COMMAND <> 'Killed' AND (USER = ? OR ? = '')`,
        [user, user],
      );
      const tagged = await taggedIds();
      const ports = target.dbmatePid ? await localTcpPorts(target.dbmatePid) : undefined;
      const found: ServerSession[] = [];
      for (const row of rows) {
        const id = Number(row.id);
        const port = Number(/:(\d+)$/.exec(row.host)?.[1]);
        if (tagged?.has(id)) found.push(session(row, 'connection_attributes'));
        else if (ports?.has(port)) found.push(session(row, 'client_port'));
        else if (known.has(id)) found.push(session(row, known.get(id)!.foundBy));
        else if (!tagged && !ports && row.db === database && /^\s*-- migrate:(up|down)\b/.test(row.info ?? '')) {
          found.push(session(row, 'statement'));
        }
      }
      return found;
    },
    async cancel(id) {
      await query(`KILL QUERY ${Number(id)}`).catch(ignoreGone);
    },
    async terminate(id) {
      await query(`KILL CONNECTION ${Number(id)}`).catch(ignoreGone);
    },
    close: () => connection.end().catch(() => undefined),
  };
}

/** A connection that ended on its own meanwhile (ER_NO_SUCH_THREAD) is what we wanted anyway. */
function ignoreGone(error: unknown): void {
  if ((error as { errno?: number }).errno !== 1094) throw error;
}
