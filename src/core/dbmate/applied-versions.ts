// Reads the versions recorded in dbmate's migrations table directly. dbmate's `status` does
// not list an applied version whose file is gone; this is how dbtk finds those.

import type { ProjectConfig } from '../config/config.js';
import { sqliteFilePath } from '../database/identity.js';
import { dialectOf } from '../shared/dialect.js';
import type { ProcessRunner } from '../shared/process-runner.js';

function quotePath(table: string, quote: string): string {
  return table
    .split('.')
    .map((part) => `${quote}${part.split(quote).join(quote + quote)}${quote}`)
    .join('.');
}

const MISSING_TABLE = /does not exist|doesn't exist|no such table|Error 1146|42P01/i;

/**
 * Applied versions, or undefined when they cannot be read (unsupported driver, client
 * missing, no connection). An absent migrations table means nothing is applied.
 */
export async function readAppliedVersions(config: ProjectConfig, runner: ProcessRunner): Promise<string[] | undefined> {
  if (!config.url) return undefined;
  const dialect = dialectOf(config.url, config.driver);
  try {
    if (dialect === 'sqlite') return await readSqlite(config, runner);
    if (dialect === 'postgres' && /^postgres(ql)?:/i.test(config.url)) return await readPostgres(config);
    if (dialect === 'mysql') return await readMysql(config);
  } catch (error) {
    if (MISSING_TABLE.test(String((error as Error)?.message))) return [];
    return undefined;
  }
  return undefined;
}

async function readSqlite(config: ProjectConfig, runner: ProcessRunner): Promise<string[] | undefined> {
  const file = sqliteFilePath(config.url!, config.cwd);
  // One line of versions: with 10,000 of them, one line per version cost more to stream than to query.
  // The busy timeout waits out a run committing at that moment instead of failing to read.
  const sql = `SELECT group_concat(version, ' ') FROM ${quotePath(config.migrationsTable, '"')};`;
  const result = await runner.run({
    command: 'sqlite3',
    args: ['-readonly', '-noheader', '-list', '-cmd', '.timeout 5000', file, sql],
    env: { PATH: config.env.PATH },
    cwd: config.cwd,
  });
  if (result.spawnFailed) return undefined;
  if (result.exitCode !== 0) {
    if (MISSING_TABLE.test(result.stderr) || /unable to open/i.test(result.stderr)) return [];
    return undefined;
  }
  return result.stdout.split(/\s+/).filter(Boolean);
}

async function readPostgres(config: ProjectConfig): Promise<string[]> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: config.url, connectionTimeoutMillis: 5000 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const result = await client.query<{ version: string }>(`SELECT version FROM ${quotePath(config.migrationsTable, '"')}`);
    return result.rows.map((r) => String(r.version));
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function readMysql(config: ProjectConfig): Promise<string[]> {
  const mysql = await import('mysql2/promise');
  const connection = await mysql.createConnection({ uri: config.url!.replace(/^mariadb:/i, 'mysql:'), connectTimeout: 5000 });
  try {
    const [rows] = await connection.query(`SELECT version FROM ${quotePath(config.migrationsTable, '`')}`);
    return (rows as { version: string | number }[]).map((r) => String(r.version));
  } finally {
    await connection.end().catch(() => undefined);
  }
}
