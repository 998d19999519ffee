// One migration section analysed: statements split with their file line numbers, each
// classified (PostgreSQL's parser where it serves, patterns otherwise), and for every
// statement which tables already existed when it runs — the fact most risk rules hinge on.

import type { Dialect } from '../shared/dialect.js';
import type { MigrationSection } from '../migrations/file.js';
import { buildClassified, type ClassifiedStatement, type SchemaChange } from './change.js';
import { classifyByPatterns, leadingWords } from './classify.js';
import type { Token } from './lexer.js';
import { checkPostgresSyntax, parsePostgresStatement, postgresParserReady, type PgParsed } from './pg-parser.js';
import { splitStatements, type DelimiterCommand, type SqlStatement } from './splitter.js';

/** Longer statements (seeds, bulk inserts) skip PostgreSQL's parser: patterns suffice there. */
const PARSER_MAX_CHARS = 20_000;
/** Seeds (INSERT) are parsed only while short: a long VALUES list costs much and risks little. */
const PARSER_MAX_SEED_CHARS = 2_000;

export type Direction = 'up' | 'down';

/** A 1-based line and column in the migration file. */
interface FilePosition {
  line: number;
  column: number;
}

export interface AnalyzedStatement extends ClassifiedStatement {
  index: number;
  sql: string;
  line: number;
  endLine: number;
  /** 1-based columns of the statement's first and (one past its) last character. */
  column: number;
  endColumn: number;
  /** Offsets of the statement's text in its section's SQL. */
  start: number;
  end: number;
  /** The statement's tokens (comments left out). */
  tokens: readonly Token[];
  /** PostgreSQL's parse of the statement, when the parser read it. */
  pg?: PgParsed;
  /** Where the parser stopped, for a syntax error. */
  errorAt?: FilePosition;
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
  /** The file position of an offset in the section's SQL. */
  positionAt(offset: number): FilePosition;
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
  /**
   * Keep PostgreSQL's syntax errors (only when the project is known to be PostgreSQL). A
   * rejected statement then changes nothing known, so the typo makes no phantom findings.
   */
  reportSyntaxErrors?: boolean;
  /**
   * How statements go through PostgreSQL's parser (when loaded): `all` (default) builds every
   * statement's tree; `lint` builds it only where rules read it (ALTER, CREATE DOMAIN) and only
   * checks the syntax of the others, which the patterns then read — on 10,000 files that is
   * most of lint's time; `none` skips the parser.
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

export type ParseMode = 'all' | 'lint' | 'none';

/** Every statement is parsed (so every one gets the syntax check) except long ones and long seeds. */
function worthParsing(statement: SqlStatement, mode: ParseMode): boolean {
  if (mode === 'none' || statement.text.length > PARSER_MAX_CHARS) return false;
  const first = statement.tokens[0]?.value;
  return (first !== 'INSERT' && first !== 'REPLACE') || statement.text.length <= PARSER_MAX_SEED_CHARS;
}

/** Statements whose tree the rules read (the rest are read as well by the patterns). */
function needsTree(statement: SqlStatement): boolean {
  const [first, second] = statement.tokens;
  return first?.value === 'ALTER' || (first?.value === 'CREATE' && second?.value === 'DOMAIN');
}

export function classifyStatement(
  statement: SqlStatement,
  dialect: Dialect,
  options: ClassifyOptions = {},
): ClassifiedStatement & { pg?: PgParsed } {
  const mode = options.parse ?? 'all';
  const usable = dialect === 'postgres' && postgresParserReady() && worthParsing(statement, mode);
  const outcome = !usable
    ? null
    : mode === 'all' || needsTree(statement)
      ? parsePostgresStatement(statement.text)
      : checkPostgresSyntax(statement.text);
  if (outcome?.ok && outcome.mapped) {
    const { changes, data, noTransaction } = outcome.mapped;
    const classified = buildClassified(changes, data, leadingWords(statement.tokens), 'postgres', { noTransaction });
    return outcome.parsed ? { ...classified, pg: outcome.parsed } : classified;
  }
  if (outcome && !outcome.ok && options.reportSyntaxErrors) {
    return buildClassified([], [], leadingWords(statement.tokens), 'postgres', {
      parseError: outcome.error,
      parseErrorAt: outcome.position,
    });
  }
  const byPatterns = classifyByPatterns(statement.tokens, dialect);
  return outcome?.ok && outcome.parsed ? { ...byPatterns, pg: outcome.parsed } : byPatterns;
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
  const columnAt = columnFinder(section.sql, section.startColumn ?? 1);
  const statements = split.statements.map((s): AnalyzedStatement => {
    const classified = classifyStatement(s, split.dialect, options);
    const analyzed: AnalyzedStatement = Object.assign(classified, {
      index: s.index,
      sql: s.text,
      line: s.startLine,
      endLine: s.endLine,
      column: columnAt(s.start),
      endColumn: columnAt(s.end),
      start: s.start,
      end: s.end,
      tokens: s.tokens,
    });
    if (classified.parseErrorAt !== undefined) {
      const before = s.text.slice(0, classified.parseErrorAt);
      const newlines = before.split('\n').length - 1;
      analyzed.errorAt = { line: s.startLine + newlines, column: columnAt(s.start + classified.parseErrorAt) };
    }
    return analyzed;
  });
  markRebuilds(statements, split.dialect);
  return {
    direction: options.direction,
    dialect: split.dialect,
    transaction: section.options.transaction !== 'false',
    markerLine: section.markerLine,
    statements,
    delimiterCommands: split.delimiterCommands,
    comments: split.comments.map((c) => section.sql.slice(c.start, c.end)),
    positionAt: (offset) => {
      const line = (options.firstLine ?? section.startLine) + countNewlines(section.sql, offset);
      return { line, column: columnAt(offset) };
    },
    existed: existenceTracker(statements, split.dialect, options.catalog),
  };
}

function countNewlines(text: string, end: number): number {
  let count = 0;
  for (let at = text.indexOf('\n'); at >= 0 && at < end; at = text.indexOf('\n', at + 1)) count++;
  return count;
}

/** The 1-based file column of an offset in a section's SQL (whose first line starts at `firstColumn`). */
function columnFinder(sql: string, firstColumn: number): (offset: number) => number {
  return (offset) => {
    const lineStart = sql.lastIndexOf('\n', offset - 1) + 1;
    return offset - lineStart + (lineStart === 0 ? firstColumn : 1);
  };
}

/**
 * SQLite's documented table rebuild (and the same by hand elsewhere): create a new table, copy
 * the rows, drop the old one, rename the new one to the old name. Its create, drop and rename
 * are one change of shape, not a table dropped: they are marked `rebuild`.
 */
function markRebuilds(statements: readonly AnalyzedStatement[], dialect: Dialect): void {
  const created = new Map<string, SchemaChange>();
  const dropped = new Map<string, SchemaChange>();
  for (const statement of statements) {
    for (const change of statement.changes) {
      if (change.object !== 'table') continue;
      const key = tableKey(change.name, dialect);
      if (change.action === 'create') created.set(key, change);
      else if (change.action === 'drop') dropped.set(key, change);
      else if (change.action === 'rename' && change.newName) {
        const fresh = created.get(key);
        const old = dropped.get(tableKey(change.newName, dialect));
        if (!fresh || !old) continue;
        fresh.rebuild = old.rebuild = change.rebuild = true;
      }
    }
  }
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
    statements.push({
      ...classifyByPatterns(s.tokens, split.dialect),
      index: s.index,
      sql: '',
      line: s.startLine,
      endLine: s.endLine,
      column: 1,
      endColumn: 1,
      start: s.start,
      end: s.end,
      tokens: [],
    });
  }
  return { statements, dialect: split.dialect };
}
