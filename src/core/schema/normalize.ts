// Removes the parts of a schema dump that change without the schema changing — tool and
// server versions, session SET lines, pg_dump's \restrict tokens, dump dates, mysqldump's
// AUTO_INCREMENT counters and DEFINERs, the schema_migrations rows — so that two dumps of the
// same schema compare equal. It must never drop a line that describes a schema object.

import type { Dialect } from '../shared/dialect.js';

export interface NormalizeOptions {
  /** dbmate's migrations table (its rows are dumped into schema.sql). */
  migrationsTable?: string;
}

type LineRule = RegExp;

// Lines dropped for every dialect: the dbmate trailer and dump timestamps.
const COMMON_NOISE: LineRule[] = [/^--\s*Dbmate schema migrations\s*$/i, /^--\s*(Started|Completed) on\b/i, /^--\s*Dump completed\b/i];

const POSTGRES_NOISE: LineRule[] = [
  /^--\s*PostgreSQL database dump( complete)?\s*$/i,
  /^--\s*Dumped (from database|by pg_dump) version\b/i,
  /^--\s*TOC entry\b/i,
  /^--\s*Dependencies:/i,
  /^\\(un)?restrict\b/,
  /^SET\s+[\w.]+\s*(=|TO)\s*.*;$/i,
  /^SELECT pg_catalog\.set_config\('search_path', '', false\);$/,
];

const MYSQL_NOISE: LineRule[] = [
  /^\/\*M!\d+\\?-.*\*\/$/, // MariaDB's "enable the sandbox mode" first line
  /^--\s*(MySQL|MariaDB) dump\b/i,
  /^--\s*Host:.*Database:/i,
  /^--\s*-{6,}\s*$/,
  /^--\s*Server version\b/i,
  /^\/\*!\d+\s+SET\b.*\*\/\s*;*$/i, // /*!40101 SET NAMES utf8mb4 */;
  /^SET\s+[@\w].*;$/i,
  /^(UN)?LOCK TABLES\b.*;$/i,
  /^(\/\*!\d+\s+)?DROP (TABLE|VIEW|FUNCTION|PROCEDURE|TRIGGER|EVENT) IF EXISTS\b.*;$/i, // restore boilerplate, not schema
  /^USE\s+`[^`]*`;$/i,
];

const SQLITE_NOISE: LineRule[] = [
  /^CREATE TABLE (IF NOT EXISTS )?"?sqlite_(sequence|stat\d)"?\s*\(.*\);$/i,
  /^PRAGMA\s+foreign_keys\s*=\s*\w+;$/i,
  /^BEGIN TRANSACTION;$/i,
  /^COMMIT;$/i,
];

function noiseFor(dialect: Dialect): LineRule[] {
  if (dialect === 'postgres') return [...COMMON_NOISE, ...POSTGRES_NOISE];
  if (dialect === 'mysql') return [...COMMON_NOISE, ...MYSQL_NOISE];
  if (dialect === 'sqlite') return [...COMMON_NOISE, ...SQLITE_NOISE];
  return COMMON_NOISE;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Matches the first line of `INSERT INTO <migrations table> …` however the dump quotes it. */
function migrationsInsertPattern(table: string): RegExp {
  const parts = table.split('.').map((part) => `[\`"]?${escapeRegExp(part)}[\`"]?`);
  return new RegExp(`^INSERT INTO (?:[\`"]?[\\w$]+[\`"]?\\.)?${parts.join('\\.')}\\s*(\\(|VALUES\\b)`, 'i');
}

/** Rewrites what is left of a line that stays: counters, definers and database names. */
function rewriteLine(line: string, dialect: Dialect): string {
  if (dialect !== 'mysql') return line;
  return line
    .replace(/ AUTO_INCREMENT=\d+/g, '')
    .replace(/\s*\/\*!50017 DEFINER=\S+\s*\*\//g, '')
    .replace(/\bDEFINER=(`[^`]*`|'[^']*'|\w+)@(`[^`]*`|'[^']*'|[\w.%-]+)\s*/g, '')
    .replace(/^(--\s*Dumping (routines|events) for database) '.*'$/i, '$1');
}

/** Drops the dbmate `INSERT INTO schema_migrations … ;` block (it may span many lines). */
function dropMigrationRows(lines: string[], table: string): string[] {
  const insert = migrationsInsertPattern(table);
  const out: string[] = [];
  let inside = false;
  for (const line of lines) {
    if (!inside && insert.test(line)) inside = true;
    if (inside) {
      if (/;\s*$/.test(line)) inside = false;
      continue;
    }
    out.push(line);
  }
  return out;
}

function isComment(line: string | undefined): boolean {
  return line?.startsWith('--') ?? false;
}

/** Collapses runs of blank lines and lone `--` comment frames left behind by dropped lines. */
function tidy(lines: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    // A `--` / `--` frame with nothing between (its title was noise) says nothing.
    if (line === '--' && lines[i + 1] === '--') {
      i++;
      continue;
    }
    // A lone `--` whose title was dropped frames nothing either.
    if (line === '--' && !isComment(out[out.length - 1]) && !isComment(lines[i + 1])) continue;
    if (line === '' && (out.length === 0 || out[out.length - 1] === '')) continue;
    out.push(line);
  }
  while (out.length && out[out.length - 1] === '') out.pop();
  return out;
}

/**
 * The comparable text of a schema dump. Two dumps of the same schema taken at different
 * times, by different tool versions or with different session settings normalise equal.
 */
export function normalizeSchemaText(text: string, dialect: Dialect, options: NormalizeOptions = {}): string {
  const noise = noiseFor(dialect);
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .map((line) => line.replace(/\s+$/, ''));
  const kept = dropMigrationRows(lines, options.migrationsTable ?? 'schema_migrations')
    .filter((line) => !noise.some((rule) => rule.test(line)))
    .map((line) => rewriteLine(line, dialect));
  const tidied = tidy(kept);
  return tidied.length ? `${tidied.join('\n')}\n` : '';
}
