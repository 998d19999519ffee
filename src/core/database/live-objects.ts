// Whether tables, columns and indexes exist in the live database right now, and how many rows
// a table holds: exact (`count(*)`) for small tables, the server's estimate for big ones
// (PostgreSQL `pg_class.reltuples`, MySQL `information_schema.tables.table_rows`); SQLite has
// no estimate, so its counts are always exact. Read only: a rollback's preview says what it
// will delete, and its verification checks that it did.

import type { ProjectConfig } from '../config/config.js';
import { sqliteFilePath } from './identity.js';
import { dialectOf } from '../shared/dialect.js';
import type { ProcessRunner } from '../shared/process-runner.js';

export interface ObjectProbe {
  kind: 'table' | 'column' | 'index';
  /** As the SQL names it (lower-cased unless quoted), possibly schema-qualified. */
  name: string;
  /** The table of a column (required) or of an index (when the SQL says). */
  table?: string;
}

export interface ObjectState extends ObjectProbe {
  /** undefined: the database could not be asked. */
  exists?: boolean;
  /** Rows of the table (a column's or index's table, for those). */
  rows?: number;
  /** True for `count(*)`, false for the server's estimate. */
  rowsExact?: boolean;
}

/** Tables whose estimate is below this are counted exactly. */
const EXACT_COUNT_BELOW = 100_000;

/** The state of each probe, in order; every `exists` undefined when the database cannot be asked. */
export async function probeObjects(config: ProjectConfig, runner: ProcessRunner, probes: readonly ObjectProbe[]): Promise<ObjectState[]> {
  if (!config.url || probes.length === 0) return probes.map((p) => ({ ...p }));
  const dialect = dialectOf(config.url, config.driver);
  try {
    if (dialect === 'postgres') return await probePostgres(config.url, probes);
    if (dialect === 'mysql') return await probeMysql(config.url, probes);
    if (dialect === 'sqlite') return await probeSqlite(config, runner, probes);
  } catch {
    // The preview and the verification are aids: without the database they say "unknown".
  }
  return probes.map((p) => ({ ...p }));
}

function splitName(name: string): { schema?: string; name: string } {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? { name } : { schema: name.slice(0, dot), name: name.slice(dot + 1) };
}

const pgIdent = (name: string) =>
  name
    .split('.')
    .map((part) => `"${part.replace(/"/g, '""')}"`)
    .join('.');

async function probePostgres(url: string, probes: readonly ObjectProbe[]): Promise<ObjectState[]> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  client.on('error', () => undefined);
  await client.connect();
  const counts = new Map<string, { rows?: number; rowsExact?: boolean }>();
  const tableRows = async (table: string) => {
    if (!counts.has(table)) {
      const found = await client.query<{ reltuples: number }>(
        'SELECT reltuples::float8 AS reltuples FROM pg_class WHERE oid = to_regclass($1)',
        [pgIdent(table)],
      );
      const estimate = found.rows[0]?.reltuples;
      if (estimate === undefined) counts.set(table, {});
      else if (estimate >= EXACT_COUNT_BELOW) counts.set(table, { rows: Math.round(estimate), rowsExact: false });
      else {
        const exact = await client
          .query<{ n: string }>(`SELECT count(*)::text AS n FROM ${pgIdent(table)}`)
          .then((r) => Number(r.rows[0].n))
          .catch(() => undefined);
        counts.set(
          table,
          exact === undefined ? { rows: Math.max(0, Math.round(estimate)), rowsExact: false } : { rows: exact, rowsExact: true },
        );
      }
    }
    return counts.get(table)!;
  };
  try {
    await client.query("SET statement_timeout = '10s'");
    const states: ObjectState[] = [];
    for (const probe of probes) {
      if (probe.kind === 'table') {
        const exists = (await client.query<{ e: boolean }>('SELECT to_regclass($1) IS NOT NULL AS e', [pgIdent(probe.name)])).rows[0].e;
        states.push({ ...probe, exists, ...(exists ? await tableRows(probe.name) : {}) });
      } else if (probe.kind === 'column') {
        const found = await client.query(
          'SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass($1) AND attname = $2 AND attnum > 0 AND NOT attisdropped',
          [pgIdent(probe.table ?? ''), probe.name],
        );
        const exists = (found.rowCount ?? 0) > 0;
        states.push({ ...probe, exists, ...(exists ? await tableRows(probe.table!) : {}) });
      } else {
        const exists = (await client.query<{ e: boolean }>('SELECT to_regclass($1) IS NOT NULL AS e', [pgIdent(probe.name)])).rows[0].e;
        states.push({ ...probe, exists });
      }
    }
    return states;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function probeMysql(url: string, probes: readonly ObjectProbe[]): Promise<ObjectState[]> {
  const mysql = await import('mysql2/promise');
  const connection = await mysql.createConnection({ uri: url.replace(/^mariadb:/i, 'mysql:'), connectTimeout: 5000 });
  const counts = new Map<string, { rows?: number; rowsExact?: boolean }>();
  const ident = (name: string) => `\`${name.replace(/`/g, '``')}\``;
  const tableRows = async (table: string) => {
    if (!counts.has(table)) {
      const [rows] = await connection.query(
        'SELECT table_rows AS n FROM information_schema.tables WHERE table_schema = COALESCE(?, DATABASE()) AND table_name = ?',
        [splitName(table).schema ?? null, splitName(table).name],
      );
      const estimate = Number((rows as { n: number | null }[])[0]?.n ?? 0);
      if (estimate >= EXACT_COUNT_BELOW) counts.set(table, { rows: estimate, rowsExact: false });
      else {
        const qualified = table.split('.').map(ident).join('.');
        const [exact] = await connection.query(`SELECT count(*) AS n FROM ${qualified}`);
        counts.set(table, { rows: Number((exact as { n: number }[])[0].n), rowsExact: true });
      }
    }
    return counts.get(table)!;
  };
  try {
    const states: ObjectState[] = [];
    for (const probe of probes) {
      const table = splitName(probe.kind === 'table' ? probe.name : (probe.table ?? ''));
      let exists: boolean;
      if (probe.kind === 'table') {
        const [rows] = await connection.query(
          'SELECT 1 FROM information_schema.tables WHERE table_schema = COALESCE(?, DATABASE()) AND table_name = ?',
          [table.schema ?? null, table.name],
        );
        exists = (rows as unknown[]).length > 0;
      } else if (probe.kind === 'column') {
        const [rows] = await connection.query(
          'SELECT 1 FROM information_schema.columns WHERE table_schema = COALESCE(?, DATABASE()) AND table_name = ? AND column_name = ?',
          [table.schema ?? null, table.name, probe.name],
        );
        exists = (rows as unknown[]).length > 0;
      } else {
        const [rows] = await connection.query(
          `SELECT 1 FROM information_schema.statistics WHERE table_schema = COALESCE(?, DATABASE()) AND index_name = ?${probe.table ? ' AND table_name = ?' : ''}`,
          [table.schema ?? null, probe.name, ...(probe.table ? [table.name] : [])],
        );
        exists = (rows as unknown[]).length > 0;
      }
      const withRows = exists && probe.kind !== 'index' ? await tableRows(probe.kind === 'table' ? probe.name : probe.table!) : {};
      states.push({ ...probe, exists, ...withRows });
    }
    return states;
  } finally {
    await connection.end().catch(() => undefined);
  }
}

const sqlText = (text: string) => `'${text.replace(/'/g, "''")}'`;
const sqliteIdent = (name: string) => `"${splitName(name).name.replace(/"/g, '""')}"`;

async function sqliteQuery(config: ProjectConfig, runner: ProcessRunner, sql: string): Promise<Record<string, number>[]> {
  const result = await runner.run({
    command: 'sqlite3',
    args: ['-readonly', '-json', '-cmd', '.timeout 5000', sqliteFilePath(config.url!, config.cwd), sql],
    env: { PATH: config.env.PATH },
    cwd: config.cwd,
  });
  if (result.spawnFailed || result.exitCode !== 0) throw new Error(result.stderr || 'sqlite3 failed');
  return result.stdout.trim() ? (JSON.parse(result.stdout) as Record<string, number>[]) : [];
}

async function probeSqlite(config: ProjectConfig, runner: ProcessRunner, probes: readonly ObjectProbe[]): Promise<ObjectState[]> {
  const exists = probes.map((probe, i) => {
    const table = sqlText(splitName(probe.kind === 'table' ? probe.name : (probe.table ?? '')).name);
    if (probe.kind === 'table') return `SELECT ${i} AS i, count(*) AS e FROM sqlite_master WHERE type = 'table' AND name = ${table}`;
    if (probe.kind === 'column')
      return `SELECT ${i} AS i, count(*) AS e FROM pragma_table_info(${table}) WHERE name = ${sqlText(probe.name)}`;
    return `SELECT ${i} AS i, count(*) AS e FROM sqlite_master WHERE type = 'index' AND name = ${sqlText(splitName(probe.name).name)}`;
  });
  const found = new Map((await sqliteQuery(config, runner, exists.join(' UNION ALL ') + ';')).map((r) => [r.i, r.e > 0]));
  const tables = [
    ...new Set(
      probes.filter((p, i) => found.get(i) && p.kind !== 'index').map((p) => splitName(p.kind === 'table' ? p.name : p.table!).name),
    ),
  ];
  const counts = new Map<string, number>();
  if (tables.length) {
    const sql = tables.map((t, i) => `SELECT ${i} AS i, count(*) AS n FROM ${sqliteIdent(t)}`).join(' UNION ALL ');
    for (const row of await sqliteQuery(config, runner, sql + ';')) counts.set(tables[row.i], row.n);
  }
  return probes.map((probe, i) => {
    const table = splitName(probe.kind === 'table' ? probe.name : (probe.table ?? '')).name;
    const rows = probe.kind === 'index' ? undefined : counts.get(table);
    return { ...probe, exists: found.get(i) ?? false, ...(rows === undefined ? {} : { rows, rowsExact: true }) };
  });
}
