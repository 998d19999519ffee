// Real databases for integration tests. Each test gets its own freshly created database and
// drops it after. When a server is unreachable: under CI the test fails; elsewhere it is
// skipped with one line saying why.

import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { randomBytes } from 'node:crypto';

export type TestDialect = 'sqlite' | 'postgres' | 'mysql';

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

export interface DatabaseTarget {
  dialect: TestDialect;
  label: string;
  available: boolean;
  skipReason?: string;
  createDatabase(): Promise<TestDatabase>;
}

/**
 * The servers the tests use, as admin URLs in dbmate's form (each test creates and drops its
 * own database there). Set these variables to use other servers; README.md, "Tests".
 */
const POSTGRES_ADMIN_URL = process.env.DBTK_TEST_PG_URL || 'postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable';
const MYSQL_ADMIN_URL = process.env.DBTK_TEST_MYSQL_URL || 'mysql://root@127.0.0.1:3306/';

/** The same server and options, another database. */
function urlForDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

function hostAndPort(serverUrl: string, defaultPort: number): { host: string; port: number } {
  const url = new URL(serverUrl);
  return { host: url.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1', port: Number(url.port) || defaultPort };
}

/** mysql2 connection options for a `mysql://` URL (its database, if the URL names one). */
export function mysqlConnectionOptions(mysqlUrl: string) {
  const url = new URL(mysqlUrl);
  return {
    ...hostAndPort(mysqlUrl, 3306),
    user: decodeURIComponent(url.username) || 'root',
    password: decodeURIComponent(url.password) || undefined,
    database: decodeURIComponent(url.pathname.slice(1)) || undefined,
  };
}

/** Arguments for the `mariadb` command-line client to reach a `mysql://` URL's database. */
export function mariadbClientArgs(mysqlUrl: string): string[] {
  const { host, port, user, password, database } = mysqlConnectionOptions(mysqlUrl);
  return ['-h', host, '-P', String(port), '-u', user, ...(password ? [`--password=${password}`] : []), ...(database ? [database] : [])];
}

function portOpen({ host, port }: { host: string; port: number }): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.setTimeout(1500);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

function uniqueName(): string {
  return `dbtk_test_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
}

async function postgresDatabase(): Promise<TestDatabase> {
  const { default: pg } = await import('pg');
  const name = uniqueName();
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  return {
    name,
    url: urlForDatabase(POSTGRES_ADMIN_URL, name),
    drop: async () => {
      const c = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}

async function mysqlDatabase(): Promise<TestDatabase> {
  const mysql = await import('mysql2/promise');
  const name = uniqueName();
  const server = { ...mysqlConnectionOptions(MYSQL_ADMIN_URL), database: undefined };
  const admin = await mysql.createConnection(server);
  await admin.query(`CREATE DATABASE \`${name}\``);
  await admin.end();
  return {
    name,
    url: urlForDatabase(MYSQL_ADMIN_URL, name),
    drop: async () => {
      const c = await mysql.createConnection(server);
      await c.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await c.end();
    },
  };
}

async function sqliteDatabase(): Promise<TestDatabase> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dbtk-sqlite-'));
  const name = 'test.sqlite3';
  return { name, url: `sqlite:${path.join(dir, name)}`, drop: async () => undefined };
}

let cached: Promise<DatabaseTarget[]> | undefined;

/** The three databases, probed once per test file. */
function databaseTargets(): Promise<DatabaseTarget[]> {
  cached ??= (async () => {
    const pgServer = hostAndPort(POSTGRES_ADMIN_URL, 5432);
    const myServer = hostAndPort(MYSQL_ADMIN_URL, 3306);
    const [pgUp, myUp] = await Promise.all([portOpen(pgServer), portOpen(myServer)]);
    return [
      { dialect: 'sqlite', label: 'SQLite', available: true, createDatabase: sqliteDatabase },
      {
        dialect: 'postgres',
        label: 'PostgreSQL',
        available: pgUp,
        skipReason: pgUp ? undefined : `PostgreSQL is not reachable on ${pgServer.host}:${pgServer.port} (DBTK_TEST_PG_URL)`,
        createDatabase: postgresDatabase,
      },
      {
        dialect: 'mysql',
        label: 'MariaDB',
        available: myUp,
        skipReason: myUp ? undefined : `MariaDB is not reachable on ${myServer.host}:${myServer.port} (DBTK_TEST_MYSQL_URL)`,
        createDatabase: mysqlDatabase,
      },
    ];
  })();
  return cached;
}

/**
 * Targets to run a test suite on. Unavailable servers fail the run under CI and are
 * skipped with one printed line elsewhere. Use with describe.each / top-level await.
 */
export async function availableTargets(only?: TestDialect[]): Promise<DatabaseTarget[]> {
  const targets = (await databaseTargets()).filter((t) => !only || only.includes(t.dialect));
  const out: DatabaseTarget[] = [];
  for (const target of targets) {
    if (target.available) out.push(target);
    else if (process.env.CI)
      out.push(target); // its createDatabase() will fail loudly under CI
    else console.log(`skipping ${target.label} tests: ${target.skipReason}`);
  }
  return out;
}

/** An auto-numbered primary key column, as each dialect writes it. */
export const AUTO_ID: Record<TestDialect, string> = {
  sqlite: 'INTEGER PRIMARY KEY',
  postgres: 'SERIAL PRIMARY KEY',
  mysql: 'INT AUTO_INCREMENT PRIMARY KEY',
};
