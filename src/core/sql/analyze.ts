// One migration section analysed: statements split with their file line numbers, each
// classified (PostgreSQL's parser where it serves, patterns otherwise), and for every
// statement which tables already existed when it runs — the fact most risk rules hinge on.

import type { Dialect } from '../shared/dialect.js';
import type { MigrationSection } from '../migrations/file.js';
import { buildClassified, type ClassifiedStatement } from './change.js';
import { classifyByPatterns, leadingWords } from './classify.js';
import { parsePostgresStatement, postgresParserReady } from './pg-parser.js';
import { splitStatements, type DelimiterCommand, type SqlStatement } from './splitter.js';

/** Longer statements (seeds, bulk inserts) skip PostgreSQL's parser: patterns suffice there. */
const PARSER_MAX_CHARS = 20_000;

export type Direction = 'up' | 'down';

export interface AnalyzedStatement extends ClassifiedStatement {
  index: number;
  sql: string;
  line: number;
  endLine: number;
}

export interface AnalyzedSection {
  direction: Direction;
  /** The dialect whose rules split it (`generic` input is sniffed). */
  dialect: Dialect;
  /** False with `transaction:false` on the section's marker line. */
  transaction: boolean;
  markerLine: number;
  statements: AnalyzedStatement[];
  delimiterCommands: DelimiterCommand[];
  /** Comment texts, for `dbtk:ignore` directives. */
  comments: string[];
  /** Whether `table` existed before statement `index` ran (see TableCatalog). */
  existed(table: string, index: number): boolean;
}

/**
 * Tables known to exist before a migration runs. With no schema file (`schemaKnown` false)
 * every table not created earlier in the same section counts as existing.
 */
export interface TableCatalog {
  schemaKnown: boolean;
  tables: Set<string>;
  /** More known tables layered on top (the up section's, for its down section), not copied. */
  also?: ReadonlySet<string>;
}

export interface ClassifyOptions {
  /** Keep PostgreSQL's syntax errors (only when the project is known to be PostgreSQL). */
  reportSyntaxErrors?: boolean;
  /**
   * Which statements go through PostgreSQL's parser (when loaded): `all` but seeds (default,
   * for previews of a few files), `risky` (lint: only where it pays), or `none`.
   */
  parse?: ParseMode;
}

/** The key a table is matched by: lower-case, without the dialect's default schema. */
export function tableKey(name: string, dialect: Dialect): string {
  const lower = name.toLowerCase();
  const dot = lower.lastIndexOf('.');
  if (dot < 0) return lower;
  const schema = lower.slice(0, dot);
  if (dialect === 'mysql' || schema === 'public' || schema === 'main') return lower.slice(dot + 1);
  return lower;
}

export type ParseMode = 'all' | 'risky' | 'none';

/**
 * `risky`: only ALTER, the statement whose many forms (ADD … NOT NULL DEFAULT, ALTER … SET
 * DATA TYPE … USING, constraints NOT VALID…) most risk rules hang on and patterns read least
 * surely. Other statements are read as well by the patterns, and parsing them all would
 * slow lint on thousands of files several times over. `all`: everything but seeds
 * (INSERT), so previews also get the syntax check.
 */
function worthParsing(tokens: SqlStatement['tokens'], mode: ParseMode): boolean {
  const first = tokens[0]?.value;
  if (mode === 'none') return false;
  if (mode === 'all') return first !== 'INSERT' && first !== 'REPLACE';
  return first === 'ALTER';
}

export function classifyStatement(statement: SqlStatement, dialect: Dialect, options: ClassifyOptions = {}): ClassifiedStatement {
  const usable =
    dialect === 'postgres' &&
    postgresParserReady() &&
    statement.text.length <= PARSER_MAX_CHARS &&
    worthParsing(statement.tokens, options.parse ?? 'all');
  const outcome = usable ? parsePostgresStatement(statement.text) : null;
  if (outcome?.ok && outcome.mapped) {
    const { changes, data, noTransaction } = outcome.mapped;
    return buildClassified(changes, data, leadingWords(statement.tokens), 'postgres', { noTransaction });
  }
  const byPatterns = classifyByPatterns(statement.tokens, dialect);
  if (outcome && !outcome.ok && options.reportSyntaxErrors) byPatterns.parseError = outcome.error;
  return byPatterns;
}

export interface AnalyzeOptions extends ClassifyOptions {
  dialect: Dialect;
  direction: Direction;
  catalog: TableCatalog;
  /** The file line where the section's SQL starts (defaults to the section's own idea). */
  firstLine?: number;
}

export function analyzeSection(section: MigrationSection, options: AnalyzeOptions): AnalyzedSection {
  const split = splitStatements(section.sql, options.dialect, { startLine: options.firstLine ?? section.startLine });
  const statements = split.statements.map((s): AnalyzedStatement =>
    Object.assign(classifyStatement(s, split.dialect, options), { index: s.index, sql: s.text, line: s.startLine, endLine: s.endLine }),
  );
  return {
    direction: options.direction,
    dialect: split.dialect,
    transaction: section.options.transaction !== 'false',
    markerLine: section.markerLine,
    statements,
    delimiterCommands: split.delimiterCommands,
    comments: split.comments.map((c) => section.sql.slice(c.start, c.end)),
    existed: existenceTracker(statements, split.dialect, options.catalog),
  };
}

/** Answers "did this table exist before statement i" from tables created or renamed earlier. */
function existenceTracker(
  statements: readonly AnalyzedStatement[],
  dialect: Dialect,
  catalog: TableCatalog,
): (table: string, index: number) => boolean {
  const createdAt = new Map<string, number>();
  const renamedExistingAt = new Map<string, number>();
  const before = (map: Map<string, number>, key: string, index: number) => {
    const at = map.get(key);
    return at !== undefined && at < index;
  };
  const existed = (table: string, index: number): boolean => {
    const key = tableKey(table, dialect);
    if (before(createdAt, key, index)) return false;
    if (!catalog.schemaKnown) return true;
    return catalog.tables.has(key) || Boolean(catalog.also?.has(key)) || before(renamedExistingAt, key, index);
  };
  for (const statement of statements) {
    for (const change of statement.changes) {
      if (change.object !== 'table') continue;
      const key = tableKey(change.name, dialect);
      if (change.action === 'create' && !createdAt.has(key)) createdAt.set(key, statement.index);
      if (change.action === 'rename' && change.newName) {
        const target = tableKey(change.newName, dialect);
        if (before(createdAt, key, statement.index + 1)) createdAt.set(target, statement.index);
        else renamedExistingAt.set(target, statement.index);
      }
    }
  }
  return existed;
}

/** Applies a section's table creations, drops and renames to a catalog (for later migrations). */
export function applyToCatalog(catalog: TableCatalog, section: Pick<AnalyzedSection, 'statements' | 'dialect'>): void {
  for (const statement of section.statements) {
    for (const change of statement.changes) {
      if (change.object !== 'table') continue;
      const key = tableKey(change.name, section.dialect);
      if (change.action === 'create') catalog.tables.add(key);
      else if (change.action === 'drop') catalog.tables.delete(key);
      else if (change.action === 'rename' && change.newName) {
        catalog.tables.delete(key);
        catalog.tables.add(tableKey(change.newName, section.dialect));
      }
    }
  }
}

const TABLE_DDL = new Set(['CREATE', 'DROP', 'ALTER', 'RENAME']);

/**
 * Table names created, dropped or renamed by some SQL, by patterns only (fast: used on
 * schema.sql and on every earlier migration to build the catalog).
 */
export function tableEffects(sql: string, dialect: Dialect): Pick<AnalyzedSection, 'statements' | 'dialect'> {
  const split = splitStatements(sql, dialect);
  const statements: AnalyzedStatement[] = [];
  for (const s of split.statements) {
    if (!TABLE_DDL.has(s.tokens[0]?.value)) continue;
    statements.push({ ...classifyByPatterns(s.tokens, split.dialect), index: s.index, sql: '', line: s.startLine, endLine: s.endLine });
  }
  return { statements, dialect: split.dialect };
}
