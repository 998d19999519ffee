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

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
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
  const admin = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  return {
    name,
    url: `postgres://postgres@127.0.0.1:5432/${name}?sslmode=disable`,
    drop: async () => {
      const c = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}

async function mysqlDatabase(): Promise<TestDatabase> {
  const mysql = await import('mysql2/promise');
  const name = uniqueName();
  const admin = await mysql.createConnection({ host: '127.0.0.1', port: 3306, user: 'root' });
  await admin.query(`CREATE DATABASE \`${name}\``);
  await admin.end();
  return {
    name,
    url: `mysql://root@127.0.0.1:3306/${name}`,
    drop: async () => {
      const c = await mysql.createConnection({ host: '127.0.0.1', port: 3306, user: 'root' });
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
export function databaseTargets(): Promise<DatabaseTarget[]> {
  cached ??= (async () => {
    const [pgUp, myUp] = await Promise.all([portOpen(5432), portOpen(3306)]);
    return [
      { dialect: 'sqlite', label: 'SQLite', available: true, createDatabase: sqliteDatabase },
      {
        dialect: 'postgres',
        label: 'PostgreSQL',
        available: pgUp,
        skipReason: pgUp ? undefined : 'PostgreSQL is not reachable on 127.0.0.1:5432',
        createDatabase: postgresDatabase,
      },
      {
        dialect: 'mysql',
        label: 'MariaDB',
        available: myUp,
        skipReason: myUp ? undefined : 'MariaDB is not reachable on 127.0.0.1:3306',
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
