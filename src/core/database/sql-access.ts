// dbtk's own small SQL access to a project's database, for the few things dbmate cannot do:
// reading another migration tool's history table and recording versions without running
// their SQL. PostgreSQL through `pg`, MySQL/MariaDB through `mysql2`, SQLite through the
// `sqlite3` client (as the rest of dbtk). Never used to run a migration: that is dbmate's job.

import { existsSync } from 'node:fs';
import { sqliteFilePath } from './identity.js';
import { dialectOf, type Dialect } from '../shared/dialect.js';
import { DbtkError } from '../shared/errors.js';
import type { ProcessRunner } from '../shared/process-runner.js';
import { redactText } from '../shared/redact.js';

export interface SqlTarget {
  url: string;
  cwd: string;
  driver?: string;
  env: Record<string, string | undefined>;
}

export type SqlRow = Record<string, unknown>;

export interface SqlAccess {
  readonly dialect: Dialect;
  /** Rows of one query (`?` placeholders are not supported: callers quote their values). */
  query(sql: string): Promise<SqlRow[]>;
  /** Runs the statements in one transaction: all of them or none. */
  transaction(statements: readonly string[]): Promise<void>;
  /** Whether a table exists (`name` may be `schema.table` on PostgreSQL). */
  tableExists(name: string): Promise<boolean>;
  close(): Promise<void>;
}

/** A SQL string literal (single quotes doubled; MySQL's backslash escapes doubled too). */
export function sqlString(value: string, dialect: Dialect): string {
  const text = dialect === 'mysql' ? value.replace(/\\/g, '\\\\') : value;
  return `'${text.replace(/'/g, "''")}'`;
}

/** A (possibly `schema.`-qualified) identifier, quoted for the dialect. */
export function quoteIdentifier(name: string, dialect: Dialect): string {
  const quote = dialect === 'mysql' ? '`' : '"';
  return name
    .split('.')
    .map((part) => `${quote}${part.split(quote).join(quote + quote)}${quote}`)
    .join('.');
}

function failed(error: unknown, dialect: Dialect): DbtkError {
  const message = redactText(error instanceof Error ? error.message : String(error));
  return new DbtkError('unknown', `The database refused dbtk's connection or query: ${message}`, {
    hint: `Check that the ${dialect === 'sqlite' ? 'SQLite file' : 'database'} is reachable and that the user may read and write it.`,
    detail: message,
    cause: error,
  });
}

/** Opens dbtk's SQL access to `target`; PostgreSQL, MySQL/MariaDB and SQLite only. */
export async function openSqlAccess(target: SqlTarget, runner: ProcessRunner): Promise<SqlAccess> {
  const dialect = dialectOf(target.url, target.driver);
  if (dialect === 'postgres' && /^postgres(ql)?:/i.test(target.url)) return openPostgres(target.url);
  if (dialect === 'mysql') return openMysql(target.url);
  if (dialect === 'sqlite') return openSqlite(target, runner);
  throw new DbtkError('refused', `dbtk cannot read or record migration history on this database (${dialect}).`, {
    hint: 'Adoption commands support PostgreSQL, MySQL/MariaDB and SQLite.',
  });
}

async function openPostgres(url: string): Promise<SqlAccess> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  client.on('error', () => undefined);
  await client.connect().catch((error: unknown) => {
    throw failed(error, 'postgres');
  });
  const query = async (sql: string) => {
    try {
      return (await client.query(sql)).rows as SqlRow[];
    } catch (error) {
      throw failed(error, 'postgres');
    }
  };
  return {
    dialect: 'postgres',
    query,
    async transaction(statements) {
      await query('BEGIN');
      try {
        for (const statement of statements) await query(statement);
        await query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    },
    async tableExists(name) {
      const rows = await query(`SELECT to_regclass(${sqlString(quoteIdentifier(name, 'postgres'), 'postgres')}) IS NOT NULL AS found`);
      return rows[0]?.found === true;
    },
    close: () => client.end().catch(() => undefined),
  };
}

async function openMysql(url: string): Promise<SqlAccess> {
  const mysql = await import('mysql2/promise');
  const connection = await mysql
    .createConnection({ uri: url.replace(/^mariadb:/i, 'mysql:'), connectTimeout: 10_000 })
    .catch((error: unknown) => {
      throw failed(error, 'mysql');
    });
  const query = async (sql: string) => {
    try {
      const [rows] = await connection.query(sql);
      return Array.isArray(rows) ? (rows as SqlRow[]) : [];
    } catch (error) {
      throw failed(error, 'mysql');
    }
  };
  return {
    dialect: 'mysql',
    query,
    async transaction(statements) {
      await query('START TRANSACTION');
      try {
        for (const statement of statements) await query(statement);
        await query('COMMIT');
      } catch (error) {
        await connection.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    },
    async tableExists(name) {
      const rows = await query(
        `SELECT COUNT(*) AS found FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = ${sqlString(name, 'mysql')}`,
      );
      return Number(rows[0]?.found) > 0;
    },
    close: () => connection.end().catch(() => undefined),
  };
}

function openSqlite(target: SqlTarget, runner: ProcessRunner): SqlAccess {
  const file = sqliteFilePath(target.url, target.cwd);
  // sqlite3 would create a missing file: reading history must not leave an empty database behind.
  if (!existsSync(file))
    throw new DbtkError('database_missing', `The SQLite database ${file} does not exist.`, {
      hint: 'Check the database URL (a relative path is relative to the project folder).',
    });
  const run = async (args: string[], input?: string) => {
    const result = await runner.run({
      command: 'sqlite3',
      args: ['-bail', '-cmd', '.timeout 5000', ...args, file],
      env: { PATH: target.env.PATH },
      cwd: target.cwd,
      input,
    });
    if (result.spawnFailed)
      throw new DbtkError('not_found', 'The sqlite3 client is not installed, so dbtk cannot read or record history in the SQLite file.', {
        hint: 'Install it (Debian/Ubuntu: apt-get install sqlite3).',
      });
    if (result.exitCode !== 0) throw failed(new Error(result.stderr.trim() || `sqlite3 exited with ${result.exitCode}`), 'sqlite');
    return result.stdout;
  };
  const query = async (sql: string) => {
    const out = await run(['-json'], `${sql};\n`);
    return out.trim() ? (JSON.parse(out) as SqlRow[]) : [];
  };
  return {
    dialect: 'sqlite',
    query,
    // -bail stops at the first error, before COMMIT: sqlite3 then exits and the transaction is rolled back.
    transaction: async (statements) => {
      await run([], ['BEGIN IMMEDIATE;', ...statements.map((s) => `${s};`), 'COMMIT;', ''].join('\n'));
    },
    async tableExists(name) {
      const rows = await query(`SELECT COUNT(*) AS found FROM sqlite_master WHERE type = 'table' AND name = ${sqlString(name, 'sqlite')}`);
      return Number(rows[0]?.found) > 0;
    },
    close: () => Promise.resolve(),
  };
}
