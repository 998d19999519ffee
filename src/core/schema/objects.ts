// Reads schema dump text into named objects (tables, columns, indexes, constraints, views,
// functions, triggers, sequences, types, schemas, extensions) and compares two such sets.
// One tolerant parser per dump format: pg_dump, mysqldump/mariadb-dump, sqlite3 .schema.
// Statements it does not recognise are ignored here; the line diff still shows them.

import type { Dialect } from '../shared/dialect.js';
import { closingParen, compactSql, splitDumpStatements, splitTopLevel } from './statements.js';

export type SchemaObjectKind =
  'schema' | 'extension' | 'type' | 'sequence' | 'table' | 'column' | 'constraint' | 'index' | 'view' | 'function' | 'trigger';

export interface SchemaObject {
  kind: SchemaObjectKind;
  /** Display name without quotes (PostgreSQL's `public.` left out). Functions include their arguments. */
  name: string;
  /** Owning table (display name) of columns, constraints, indexes, triggers and owned sequences. */
  table?: string;
  /** Owning column of a sequence (`serial`). */
  column?: string;
  /** The name exactly as the dump writes it (quoted, qualified): for generated SQL. */
  sqlName: string;
  tableSqlName?: string;
  /** Compared text: whitespace-insensitive definition. */
  definition: string;
  /** Where it came from: a whole statement, or a table-body element (column, inline key). */
  source: string;
  /** Further dump statements that belong to it (PostgreSQL `ALTER … SET DEFAULT`, `OWNED BY`). */
  extra: string[];
}

export interface SchemaModel {
  dialect: Dialect;
  objects: Map<string, SchemaObject>;
}

function objectKey(o: Pick<SchemaObject, 'kind' | 'name' | 'table'>): string {
  return `${o.kind}:${o.table ? `${o.table}.` : ''}${o.name}`;
}

// An identifier as dumps write it: "quoted", `quoted`, [quoted] or bare, optionally qualified.
const IDENT_PART = String.raw`(?:"(?:[^"]|"")*"|\`(?:[^\`]|\`\`)*\`|\[[^\]]*\]|[\w$]+)`;
const IDENT = String.raw`${IDENT_PART}(?:\s*\.\s*${IDENT_PART})*`;

function unquotePart(part: string): string {
  const first = part[0];
  if (first === '"') return part.slice(1, -1).replace(/""/g, '"');
  if (first === '`') return part.slice(1, -1).replace(/``/g, '`');
  if (first === '[') return part.slice(1, -1);
  return part;
}

/** `public."Users"` → `Users`; `audit.log` → `audit.log`; `` `t` `` → `t`. */
export function displayName(sqlName: string, dialect: Dialect): string {
  const parts = (sqlName.match(new RegExp(IDENT_PART, 'g')) ?? [sqlName]).map(unquotePart);
  if (parts.length > 1 && ((dialect === 'postgres' && parts[0] === 'public') || (dialect === 'sqlite' && parts[0] === 'main')))
    parts.shift();
  return parts.join('.');
}

class ModelBuilder {
  readonly objects = new Map<string, SchemaObject>();
  constructor(readonly dialect: Dialect) {}

  name(sqlName: string): string {
    return displayName(sqlName.trim(), this.dialect);
  }

  add(object: Omit<SchemaObject, 'extra'> & { extra?: string[] }): SchemaObject {
    const full: SchemaObject = { ...object, extra: object.extra ?? [] };
    // Later statements win: mysqldump writes a placeholder view before the real one.
    this.objects.set(objectKey(full), full);
    return full;
  }

  get(kind: SchemaObjectKind, name: string, table?: string): SchemaObject | undefined {
    return this.objects.get(objectKey({ kind, name, table }));
  }
}

const CREATE_MODIFIERS = String.raw`(?:(?:OR\s+REPLACE|UNIQUE|TEMP|TEMPORARY|UNLOGGED|MATERIALIZED|RECURSIVE|CONSTRAINT|VIRTUAL|FOREIGN|GLOBAL|LOCAL|FULLTEXT|SPATIAL|ALGORITHM\s*=\s*\w+|DEFINER\s*=\s*\S+|SQL\s+SECURITY\s+\w+)\s+)*`;
const CREATE_RE = new RegExp(
  String.raw`^CREATE\s+${CREATE_MODIFIERS}(SCHEMA|EXTENSION|TYPE|DOMAIN|SEQUENCE|TABLE|INDEX|VIEW|FUNCTION|PROCEDURE|AGGREGATE|TRIGGER)\s+(?:IF\s+NOT\s+EXISTS\s+)?(?:CONCURRENTLY\s+)?(${IDENT})`,
  'i',
);

type Handler = (b: ModelBuilder, statement: string, match: RegExpExecArray) => void;

function kindOf(keyword: string): SchemaObjectKind {
  const k = keyword.toUpperCase();
  if (k === 'DOMAIN') return 'type';
  if (k === 'PROCEDURE' || k === 'AGGREGATE') return 'function';
  return k.toLowerCase() as SchemaObjectKind;
}

function handleCreate(b: ModelBuilder, statement: string, match: RegExpExecArray): void {
  const keyword = match[1].toUpperCase();
  const sqlName = match[2];
  if (keyword === 'TABLE') return addTable(b, statement, sqlName, match.index + match[0].length);
  if (keyword === 'INDEX') return addIndexStatement(b, statement, sqlName, match[0].length);
  if (keyword === 'TRIGGER') return addTrigger(b, statement, sqlName, match[0].length);
  if (keyword === 'FUNCTION' || keyword === 'PROCEDURE' || keyword === 'AGGREGATE')
    return addRoutine(b, statement, sqlName, match[0].length);
  const kind = kindOf(keyword);
  // `CREATE OR REPLACE` and `CREATE` define the same thing.
  const definition = compactSql(statement.replace(/^CREATE\s+OR\s+REPLACE\s+/i, 'CREATE '));
  b.add({ kind, name: b.name(sqlName), sqlName, definition, source: statement });
}

function addRoutine(b: ModelBuilder, statement: string, sqlName: string, afterName: number): void {
  const open = statement.indexOf('(', afterName);
  const args = open >= 0 && /^\s*$/.test(statement.slice(afterName, open)) ? statement.slice(open, closingParen(statement, open)) : '()';
  // PostgreSQL allows overloads, so the arguments are part of a function's identity.
  const name = `${b.name(sqlName)}${b.dialect === 'postgres' ? compactSql(args) : '()'}`;
  b.add({
    kind: 'function',
    name,
    sqlName: `${sqlName}${b.dialect === 'postgres' ? args : ''}`,
    definition: compactSql(statement.replace(/^CREATE\s+OR\s+REPLACE\s+/i, 'CREATE ')),
    source: statement,
  });
}

function addTrigger(b: ModelBuilder, statement: string, sqlName: string, afterName: number): void {
  const on = new RegExp(String.raw`\bON\s+(${IDENT})`, 'i').exec(statement.slice(afterName));
  const tableSqlName = on?.[1];
  b.add({
    kind: 'trigger',
    name: b.name(sqlName),
    table: tableSqlName ? b.name(tableSqlName) : undefined,
    sqlName,
    tableSqlName,
    definition: compactSql(statement),
    source: statement,
  });
}

function addIndexStatement(b: ModelBuilder, statement: string, sqlName: string, afterName: number): void {
  const on = new RegExp(String.raw`^\s*ON\s+(?:ONLY\s+)?(${IDENT})`, 'i').exec(statement.slice(afterName));
  const tableSqlName = on?.[1];
  b.add({
    kind: 'index',
    name: b.name(sqlName),
    table: tableSqlName ? b.name(tableSqlName) : undefined,
    sqlName,
    tableSqlName,
    definition: compactSql(statement),
    source: statement,
  });
}

const KEY_ELEMENT = new RegExp(String.raw`^(?:(UNIQUE|FULLTEXT|SPATIAL)\s+)?(?:KEY|INDEX)\s+(${IDENT})?\s*(.*)$`, 'is');

/** One table-body element: a column, or a table-level constraint / key. */
function addElement(b: ModelBuilder, element: string, table: string, tableSqlName: string): void {
  const base = { table, tableSqlName, source: element };
  const named = new RegExp(String.raw`^CONSTRAINT\s+(${IDENT})\s+(.*)$`, 'is').exec(element);
  if (named) {
    b.add({ ...base, kind: 'constraint', name: b.name(named[1]), sqlName: named[1], definition: compactSql(named[2]) });
    return;
  }
  if (/^PRIMARY\s+KEY\b/i.test(element)) {
    b.add({ ...base, kind: 'constraint', name: 'PRIMARY KEY', sqlName: 'PRIMARY KEY', definition: compactSql(element) });
    return;
  }
  const key = b.dialect === 'mysql' ? KEY_ELEMENT.exec(element) : null;
  if (key) {
    const name = key[2] ? b.name(key[2]) : compactSql(key[3]);
    b.add({ ...base, kind: 'index', name, sqlName: key[2] ?? name, definition: compactSql(element) });
    return;
  }
  if (/^(UNIQUE|CHECK|FOREIGN\s+KEY|EXCLUDE)\b/i.test(element)) {
    const text = compactSql(element);
    b.add({ ...base, kind: 'constraint', name: text, sqlName: text, definition: text });
    return;
  }
  if (/^LIKE\s/i.test(element)) return;
  const column = new RegExp(String.raw`^(${IDENT_PART})\s*(.*)$`, 's').exec(element);
  if (column) b.add({ ...base, kind: 'column', name: unquotePart(column[1]), sqlName: column[1], definition: compactSql(column[2]) });
}

function addTable(b: ModelBuilder, statement: string, sqlName: string, afterName: number): void {
  const name = b.name(sqlName);
  const open = statement.indexOf('(', afterName);
  const isVirtual = /^CREATE\s+VIRTUAL\s/i.test(statement);
  if (open < 0 || isVirtual || !/^\s*$/.test(statement.slice(afterName, open))) {
    // CREATE TABLE … AS SELECT, PARTITION OF, virtual tables: compared as a whole.
    b.add({ kind: 'table', name, sqlName, definition: compactSql(statement), source: statement });
    return;
  }
  const close = closingParen(statement, open);
  // The table itself "changes" only through what its columns and keys do not cover: options.
  const options = compactSql(statement.slice(close).replace(/\s*AUTO_INCREMENT\s*=\s*\d+/gi, ''));
  b.add({ kind: 'table', name, sqlName, definition: options ? `options: ${options}` : '', source: statement });
  for (const element of splitTopLevel(statement.slice(open + 1, close - 1))) addElement(b, element, name, sqlName);
}

const ALTER_TABLE_RE = new RegExp(String.raw`^ALTER\s+TABLE\s+(?:ONLY\s+)?(?:IF\s+EXISTS\s+)?(${IDENT})\s+(.*)$`, 'is');

/** pg_dump writes keys, defaults and identity as ALTER TABLE statements after the table. */
function handleAlterTable(b: ModelBuilder, statement: string, match: RegExpExecArray): void {
  const tableSqlName = match[1];
  const table = b.name(tableSqlName);
  const action = match[2];
  const constraint = new RegExp(String.raw`^ADD\s+CONSTRAINT\s+(${IDENT})\s+(.*)$`, 'is').exec(action);
  if (constraint) {
    b.add({
      kind: 'constraint',
      name: b.name(constraint[1]),
      table,
      sqlName: constraint[1],
      tableSqlName,
      definition: compactSql(constraint[2]),
      source: statement,
    });
    return;
  }
  const columnChange = new RegExp(String.raw`^ALTER\s+COLUMN\s+(${IDENT_PART})\s+(SET\s+DEFAULT\s+.*|ADD\s+GENERATED\s+.*)$`, 'is').exec(
    action,
  );
  const column = columnChange ? b.get('column', unquotePart(columnChange[1]), table) : undefined;
  if (columnChange && column) {
    column.definition = `${column.definition} ${compactSql(columnChange[2])}`;
    column.extra.push(statement);
  }
}

function handleAlterSequence(b: ModelBuilder, statement: string, match: RegExpExecArray): void {
  const sequence = b.get('sequence', b.name(match[1]));
  const owner = new RegExp(String.raw`OWNED\s+BY\s+(${IDENT})`, 'i').exec(match[2]);
  if (!sequence || !owner || /^NONE$/i.test(owner[1])) return;
  // `public.users.id`: the last part is the column, the rest the table.
  const parts = owner[1].match(new RegExp(IDENT_PART, 'g')) ?? [];
  const columnPart = parts.pop();
  if (!columnPart || parts.length === 0) return;
  const tableSqlName = parts.join('.');
  sequence.table = b.name(tableSqlName);
  sequence.tableSqlName = tableSqlName;
  sequence.column = unquotePart(columnPart);
  sequence.extra.push(statement);
  // Re-key: an owned sequence is listed under its table.
  b.objects.delete(objectKey({ kind: 'sequence', name: sequence.name }));
  b.objects.set(objectKey(sequence), sequence);
}

const HANDLERS: [RegExp, Handler][] = [
  [CREATE_RE, handleCreate],
  [ALTER_TABLE_RE, handleAlterTable],
  [new RegExp(String.raw`^ALTER\s+SEQUENCE\s+(${IDENT})\s+(.*)$`, 'is'), handleAlterSequence],
];

/** The named objects of a schema dump. */
export function parseSchemaObjects(text: string, dialect: Dialect): SchemaModel {
  const builder = new ModelBuilder(dialect);
  for (const statement of splitDumpStatements(text, dialect)) {
    for (const [pattern, handler] of HANDLERS) {
      const match = pattern.exec(statement);
      if (match) {
        handler(builder, statement, match);
        break;
      }
    }
  }
  return { dialect, objects: builder.objects };
}

type ChangeType = 'added' | 'removed' | 'changed';

export interface ObjectChange {
  kind: SchemaObjectKind;
  name: string;
  table?: string;
  change: ChangeType;
  /** The object in the schema file (removed, changed). */
  before?: SchemaObject;
  /** The object in the live database (added, changed). */
  after?: SchemaObject;
  /** Objects that came or went with an added/removed table (its columns, keys, indexes…). */
  children: ObjectChange[];
}

const KIND_ORDER: SchemaObjectKind[] = [
  'schema',
  'extension',
  'type',
  'sequence',
  'table',
  'column',
  'constraint',
  'index',
  'view',
  'function',
  'trigger',
];

function sortChanges(changes: ObjectChange[]): ObjectChange[] {
  return changes.sort(
    (a, b) =>
      KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) ||
      (a.table ?? '').localeCompare(b.table ?? '') ||
      a.name.localeCompare(b.name),
  );
}

/**
 * What changed from `expected` (the schema file) to `actual` (the live database). Objects of
 * a table that was added or removed as a whole are nested under that table's change.
 */
export function diffSchemaObjects(expected: SchemaModel, actual: SchemaModel): ObjectChange[] {
  const flat: ObjectChange[] = [];
  for (const [key, before] of expected.objects) {
    const after = actual.objects.get(key);
    if (!after) flat.push({ kind: before.kind, name: before.name, table: before.table, change: 'removed', before, children: [] });
    else if (after.definition !== before.definition)
      flat.push({ kind: before.kind, name: before.name, table: before.table, change: 'changed', before, after, children: [] });
  }
  for (const [key, after] of actual.objects) {
    if (!expected.objects.has(key))
      flat.push({ kind: after.kind, name: after.name, table: after.table, change: 'added', after, children: [] });
  }
  const wholeTables = new Map(flat.filter((c) => c.kind === 'table' && c.change !== 'changed').map((c) => [c.name, c]));
  const top: ObjectChange[] = [];
  for (const change of flat) {
    const parent = change.table !== undefined ? wholeTables.get(change.table) : undefined;
    if (parent?.change === change.change) parent.children.push(change);
    else top.push(change);
  }
  for (const change of top) sortChanges(change.children);
  return sortChanges(top);
}

export type ChangeCounts = Record<ChangeType, number>;

/** Counts per object kind, for the summary table (top-level changes only). */
export function countChanges(changes: ObjectChange[]): Partial<Record<SchemaObjectKind, ChangeCounts>> {
  const counts: Partial<Record<SchemaObjectKind, ChangeCounts>> = {};
  for (const change of changes) {
    const row = (counts[change.kind] ??= { added: 0, removed: 0, changed: 0 });
    row[change.change]++;
  }
  return counts;
}

/** `column users.nickname`, `index posts_user_id_idx on posts`. */
export function describeObject(change: Pick<ObjectChange, 'kind' | 'name' | 'table'>): string {
  if (change.kind === 'column') return `column ${change.table}.${change.name}`;
  if (
    change.table &&
    (change.kind === 'index' || change.kind === 'constraint' || change.kind === 'trigger' || change.kind === 'sequence')
  ) {
    return `${change.kind} ${change.name} on ${change.table}`;
  }
  return `${change.kind} ${change.name}`;
}
