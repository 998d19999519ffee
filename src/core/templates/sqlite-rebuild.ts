// SQLite cannot alter a column, drop a foreign key or add a constraint in place: the table
// has to be rebuilt (https://www.sqlite.org/lang_altertable.html#otheralter). This module
// edits a table's CREATE TABLE text for such a change, keeping everything else byte for
// byte, and lists what the rebuild must copy and recreate. Pure: text in, text out.

import { DbtkError } from '../shared/errors.js';
import { formatNamePart } from '../sql/identifiers.js';
import type { SchemaModel, SchemaObject } from '../schema/objects.js';
import { findTable } from '../schema/table-definition.js';
import { SqlLexer, syntaxOf, type Token } from '../sql/lexer.js';

export type SqliteTableChange =
  | { kind: 'modify_column'; column: string; type: string }
  | { kind: 'drop_foreign_key'; columns: string[] }
  | { kind: 'add_constraint'; sql: string };

/** What a rebuild of one table needs from the schema. */
export interface SqliteTable {
  /** The name as the schema has it (unquoted). */
  name: string;
  createSql: string;
  /** CREATE INDEX / CREATE TRIGGER statements on the table (DROP TABLE removes them). */
  dependents: string[];
}

interface Element {
  start: number;
  end: number;
  tokens: Token[];
}

interface ParsedCreate {
  sql: string;
  nameToken: Token;
  /** Offsets of the body's parentheses. */
  open: number;
  close: number;
  elements: Element[];
}

const COLUMN_CONSTRAINT_WORDS = new Set(['CONSTRAINT', 'PRIMARY', 'NOT', 'NULL', 'UNIQUE', 'CHECK', 'DEFAULT', 'COLLATE', 'REFERENCES', 'GENERATED', 'AS']);
const TABLE_CONSTRAINT_WORDS = new Set(['CONSTRAINT', 'PRIMARY', 'UNIQUE', 'CHECK', 'FOREIGN']);

function tokensOf(sql: string): Token[] {
  const lexer = new SqlLexer(sql, syntaxOf('sqlite'));
  const tokens: Token[] = [];
  for (let token = lexer.next(); token; token = lexer.next()) if (token.type !== 'comment') tokens.push(token);
  return tokens;
}

function nameOf(token: Token, sql: string): string {
  return token.type === 'ident' ? token.value : sql.slice(token.start, token.end);
}

function isPunct(token: Token | undefined, value: string): boolean {
  return token?.type === 'punct' && token.value === value;
}

/** Splits `CREATE TABLE name (…) options` into its name and top-level body elements. */
export function parseCreateTable(sql: string): ParsedCreate {
  const tokens = tokensOf(sql);
  let i = 0;
  const word = () => (tokens[i]?.type === 'word' ? tokens[i].value : '');
  if (word() !== 'CREATE') throw notCreate(sql);
  i++;
  while (word() === 'TEMP' || word() === 'TEMPORARY') i++;
  if (word() !== 'TABLE') throw notCreate(sql);
  i++;
  if (word() === 'IF') i += 3;
  // `main.users`: the last name before the parenthesis is the table's.
  while (isPunct(tokens[i + 1], '.')) i += 2;
  const nameToken = tokens[i];
  const openIndex = i + 1;
  if (!nameToken || !isPunct(tokens[openIndex], '(')) throw notCreate(sql);
  const elements: Element[] = [];
  let depth = 0;
  let current: Token[] = [];
  for (let j = openIndex + 1; j < tokens.length; j++) {
    const token = tokens[j];
    if (isPunct(token, '(')) depth++;
    if (isPunct(token, ')') && depth-- === 0) {
      if (current.length) elements.push(element(current));
      return { sql, nameToken, open: tokens[openIndex].start, close: token.start, elements };
    }
    if (isPunct(token, ',') && depth === 0) {
      if (current.length) elements.push(element(current));
      current = [];
    } else current.push(token);
  }
  throw notCreate(sql);
}

function element(tokens: Token[]): Element {
  return { start: tokens[0].start, end: tokens[tokens.length - 1].end, tokens };
}

function notCreate(sql: string): DbtkError {
  return new DbtkError('usage', 'The table definition could not be read as CREATE TABLE … ( … ).', { detail: sql.slice(0, 500) });
}

function isColumn(el: Element): boolean {
  const first = el.tokens[0];
  return !(first.type === 'word' && TABLE_CONSTRAINT_WORDS.has(first.value));
}

function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** Column names in table order; generated columns are left out (they cannot be inserted). */
export function copyableColumns(parsed: ParsedCreate): string[] {
  return parsed.elements.filter(isColumn).filter((el) => !isGenerated(el)).map((el) => nameOf(el.tokens[0], parsed.sql));
}

function isGenerated(el: Element): boolean {
  return el.tokens.some((t, i) => t.type === 'word' && (t.value === 'GENERATED' || (t.value === 'AS' && isPunct(el.tokens[i + 1], '('))));
}

function columnNames(parsed: ParsedCreate): string[] {
  return parsed.elements.filter(isColumn).map((el) => nameOf(el.tokens[0], parsed.sql));
}

function findColumn(parsed: ParsedCreate, column: string, table: string): Element {
  const found = parsed.elements.filter(isColumn).find((el) => sameName(nameOf(el.tokens[0], parsed.sql), column));
  if (!found) {
    throw new DbtkError('usage', `Table ${table} has no column "${column}".`, { hint: `Its columns: ${columnNames(parsed).join(', ')}.` });
  }
  return found;
}

/** Offsets of a column's type: after the name, up to the first constraint keyword. */
function typeSpan(el: Element): { start: number; end: number } {
  const afterName = el.tokens[0].end;
  let depth = 0;
  let end = afterName;
  for (const token of el.tokens.slice(1)) {
    if (depth === 0 && token.type === 'word' && COLUMN_CONSTRAINT_WORDS.has(token.value)) break;
    if (isPunct(token, '(')) depth++;
    if (isPunct(token, ')')) depth--;
    end = token.end;
  }
  return { start: afterName, end };
}

/** End index (exclusive, in tokens) of a `REFERENCES …` clause starting at `from`. */
function referencesClauseEnd(tokens: Token[], from: number): number {
  let i = from + 1;
  while (isPunct(tokens[i + 1], '.')) i += 2;
  i++; // the referenced table
  if (isPunct(tokens[i], '(')) {
    let depth = 0;
    for (; i < tokens.length; i++) {
      if (isPunct(tokens[i], '(')) depth++;
      if (isPunct(tokens[i], ')') && --depth === 0) break;
    }
    i++;
  }
  const w = (k: number) => (tokens[k]?.type === 'word' ? tokens[k].value : '');
  for (;;) {
    if (w(i) === 'ON' && (w(i + 1) === 'DELETE' || w(i + 1) === 'UPDATE')) {
      i += 2;
      i += w(i) === 'SET' || w(i) === 'NO' ? 2 : 1;
    } else if (w(i) === 'MATCH') i += 2;
    else if (w(i) === 'DEFERRABLE' || (w(i) === 'NOT' && w(i + 1) === 'DEFERRABLE')) {
      i += w(i) === 'NOT' ? 2 : 1;
      if (w(i) === 'INITIALLY') i += 2;
    } else return i;
  }
}

function parenNames(tokens: Token[], open: number, sql: string): { names: string[]; end: number } {
  const names: string[] = [];
  let i = open + 1;
  for (; i < tokens.length && !isPunct(tokens[i], ')'); i++) if (!isPunct(tokens[i], ',')) names.push(nameOf(tokens[i], sql));
  return { names, end: i + 1 };
}

function sameColumns(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((name, i) => sameName(name, b[i]));
}

/** Text span of the foreign key on `columns`: a table constraint or a column's REFERENCES clause. */
function foreignKeySpan(parsed: ParsedCreate, columns: string[]): { start: number; end: number; whole: boolean } | undefined {
  const { sql } = parsed;
  for (const el of parsed.elements.filter((e) => !isColumn(e))) {
    const t = el.tokens;
    const at = t[0].value === 'CONSTRAINT' ? 2 : 0;
    if (t[at]?.value === 'FOREIGN' && t[at + 1]?.value === 'KEY' && isPunct(t[at + 2], '(') && sameColumns(parenNames(t, at + 2, sql).names, columns)) {
      return { start: el.start, end: el.end, whole: true };
    }
  }
  if (columns.length !== 1) return undefined;
  const column = parsed.elements.filter(isColumn).find((el) => sameName(nameOf(el.tokens[0], sql), columns[0]));
  if (!column) return undefined;
  const t = column.tokens;
  const ref = t.findIndex((token, i) => i > 0 && token.type === 'word' && token.value === 'REFERENCES');
  if (ref < 0) return undefined;
  const start = ref >= 2 && t[ref - 2].type === 'word' && t[ref - 2].value === 'CONSTRAINT' ? ref - 2 : ref;
  const end = referencesClauseEnd(t, ref);
  return { start: t[start].start, end: t[end - 1].end, whole: false };
}

/** Removes a whole body element together with the comma that separates it. */
function removeElement(parsed: ParsedCreate, start: number, end: number): string {
  const { sql, elements } = parsed;
  const index = elements.findIndex((el) => el.start === start);
  if (index > 0) return sql.slice(0, elements[index - 1].end) + sql.slice(end);
  const next = elements[index + 1];
  return sql.slice(0, start) + (next ? sql.slice(next.start) : sql.slice(end));
}

/** The CREATE TABLE text with one change applied; everything else is kept as written. */
export function applySqliteChange(createSql: string, change: SqliteTableChange, table: string): string {
  const parsed = parseCreateTable(createSql);
  const { sql } = parsed;
  if (change.kind === 'modify_column') {
    const span = typeSpan(findColumn(parsed, change.column, table));
    return `${sql.slice(0, span.start)} ${change.type}${sql.slice(span.end)}`;
  }
  if (change.kind === 'add_constraint') {
    const last = parsed.elements[parsed.elements.length - 1];
    return `${sql.slice(0, last.end)},\n  ${change.sql}${sql.slice(last.end)}`;
  }
  for (const column of change.columns) findColumn(parsed, column, table);
  const span = foreignKeySpan(parsed, change.columns);
  if (!span) {
    throw new DbtkError('usage', `Table ${table} has no foreign key on (${change.columns.join(', ')}).`, {
      hint: 'Give the column(s) the foreign key is declared on, as in the table definition.',
    });
  }
  if (span.whole) return removeElement(parsed, span.start, span.end);
  // Drop the REFERENCES clause and the space before it.
  const before = sql.slice(0, span.start).replace(/[ \t]+$/, '');
  return before + sql.slice(span.end);
}

/** The same CREATE TABLE statement under another (already formatted) name. */
export function renameCreateTable(createSql: string, nameSql: string): string {
  const { nameToken } = parseCreateTable(createSql);
  let start = nameToken.start;
  // Drop a schema prefix (`main.`): the rebuild happens in the table's own schema.
  const head = createSql.slice(0, start);
  const prefix = /(?:"(?:[^"]|"")*"|`[^`]*`|\[[^\]]*\]|[\w$]+)\s*\.\s*$/.exec(head);
  if (prefix) start = prefix.index;
  const rest = createSql.slice(nameToken.end);
  return `${createSql.slice(0, start).replace(/IF\s+NOT\s+EXISTS\s+$/i, '')}${nameSql}${rest}`;
}

export function usesAutoincrement(createSql: string): boolean {
  return tokensOf(createSql).some((t) => t.type === 'word' && t.value === 'AUTOINCREMENT');
}

function objectsOn(model: SchemaModel, kind: SchemaObject['kind'], table: string): SchemaObject[] {
  return [...model.objects.values()].filter((o) => o.kind === kind && o.table !== undefined && sameName(o.table, table));
}

/** The table's definition and dependents in a parsed SQLite schema, or undefined. */
export function findSqliteTable(model: SchemaModel, table: string): SqliteTable | undefined {
  const found = findTable(model, table);
  if (!found || !/^CREATE\s/i.test(found.source)) return undefined;
  const dependents = [...objectsOn(model, 'index', found.name), ...objectsOn(model, 'trigger', found.name)]
    .map((o) => o.source)
    .filter((s) => /^CREATE\s/i.test(s));
  return { name: found.name, createSql: found.source, dependents };
}

/** Quoted name for SQL generated here. */
export function sqliteName(name: string): string {
  return formatNamePart(name, 'sqlite');
}
