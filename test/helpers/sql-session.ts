// One SQL connection of a test's own (PostgreSQL or MySQL/MariaDB), to look at the server or to
// play another session (hold a lock) while dbtk runs.

import type { TestDialect } from './databases.js';

export interface SqlSession {
  query(sql: string): Promise<Record<string, unknown>[]>;
  /** Its server-side id (backend pid / connection id), to leave it out of what a run left. */
  id: number;
  end(): Promise<void>;
}

export async function connectSql(dialect: Exclude<TestDialect, 'sqlite'>, url: string): Promise<SqlSession> {
  if (dialect === 'postgres') {
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: url });
    client.on('error', () => undefined);
    await client.connect();
    const id = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
    return { id, query: async (sql) => (await client.query<Record<string, unknown>>(sql)).rows, end: () => client.end() };
  }
  const mysql = await import('mysql2/promise');
  const connection = await mysql.createConnection({ uri: url });
  connection.on('error', () => undefined);
  const [rows] = await connection.query('SELECT CONNECTION_ID() AS id');
  return {
    id: Number((rows as { id: number }[])[0].id),
    query: async (sql) => (await connection.query(sql))[0] as Record<string, unknown>[],
    end: () => connection.end(),
  };
}
