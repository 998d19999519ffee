// Writing dbmate's migrations table directly: recording versions as applied, or forgetting
// them, without running their SQL (adoption: convert, baseline, mark). The table is the one
// dbmate itself creates, so dbmate reads it unchanged.

import { quoteIdentifier, sqlString, type SqlAccess } from '../database/sql-access.js';

/** Versions recorded in the table now (none when it does not exist yet). */
export async function recordedVersions(access: SqlAccess, table: string): Promise<Set<string>> {
  if (!(await access.tableExists(table))) return new Set();
  const rows = await access.query(`SELECT version FROM ${quoteIdentifier(table, access.dialect)}`);
  return new Set(rows.map((row) => String(row.version)));
}

/** Creates the table as dbmate would, when it is missing (outside any transaction: MySQL commits DDL). */
export async function ensureMigrationsTable(access: SqlAccess, table: string): Promise<void> {
  const schema = access.dialect === 'postgres' && table.includes('.') ? table.split('.')[0] : undefined;
  if (schema) await access.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(schema, 'postgres')}`);
  // Word for word dbmate's own DDL (checked against dbmate 2.36): SQLite keeps the text, so a dump compares equal.
  const column = access.dialect === 'postgres' ? 'version varchar primary key' : 'version varchar(128) primary key';
  await access.query(`CREATE TABLE IF NOT EXISTS ${quoteIdentifier(table, access.dialect)} (${column})`);
}

/** The statements that record `add` as applied and forget `remove`, for one transaction. */
export function recordVersionStatements(
  dialect: SqlAccess['dialect'],
  table: string,
  change: { add?: readonly string[]; remove?: readonly string[] },
): string[] {
  const quoted = quoteIdentifier(table, dialect);
  const statements = (change.add ?? []).map((version) => `INSERT INTO ${quoted} (version) VALUES (${sqlString(version, dialect)})`);
  if (change.remove?.length)
    statements.push(`DELETE FROM ${quoted} WHERE version IN (${change.remove.map((v) => sqlString(v, dialect)).join(', ')})`);
  return statements;
}
