// What a statement does, independent of how it was recognised (PostgreSQL's own parser or
// dbtk's pattern rules): its kind, the schema objects it creates/alters/drops/renames and
// the rows it changes. Risk rules, summaries and previews read only these shapes.

export type StatementKind =
  | 'create_table'
  | 'alter_table'
  | 'drop_table'
  | 'rename_table'
  | 'add_column'
  | 'drop_column'
  | 'alter_column'
  | 'rename_column'
  | 'create_index'
  | 'drop_index'
  | 'add_constraint'
  | 'drop_constraint'
  | 'create_view'
  | 'drop_view'
  | 'create_function'
  | 'drop_function'
  | 'create_trigger'
  | 'drop_trigger'
  | 'insert'
  | 'update'
  | 'delete'
  | 'truncate'
  | 'other';

export type SchemaObjectType =
  'table' | 'column' | 'index' | 'constraint' | 'view' | 'function' | 'trigger' | 'type' | 'sequence' | 'schema' | 'extension';

type SchemaAction = 'create' | 'drop' | 'alter' | 'rename';
export type DataAction = 'insert' | 'update' | 'delete' | 'truncate';
export type ConstraintType = 'foreign_key' | 'check' | 'unique' | 'primary_key' | 'exclusion' | 'other';

export interface SchemaChange {
  action: SchemaAction;
  object: SchemaObjectType;
  /** Lower-cased unless it was quoted; '' for an unnamed index or constraint. */
  name: string;
  /** The table a column, index, constraint or trigger belongs to. */
  table?: string;
  /** For renames. */
  newName?: string;
  /** `CREATE OR REPLACE`: a redefinition as much as a creation. */
  orReplace?: boolean;
  /** Added column: NOT NULL (or PRIMARY KEY). */
  notNull?: boolean;
  /** Added column: has a default or generated value (DEFAULT, serial, identity, generated). */
  hasDefault?: boolean;
  /** Altered column: its type changes (MySQL MODIFY/CHANGE count, since they redefine it). */
  typeChange?: boolean;
  /** Altered column: SET NOT NULL. */
  setNotNull?: boolean;
  /** Altered column: DROP NOT NULL. */
  dropNotNull?: boolean;
  /** Part of a table rebuild (create new, copy, drop old, rename new): the table changes shape, it is not dropped. */
  rebuild?: boolean;
  /** Constraint: VALIDATE CONSTRAINT. */
  validate?: boolean;
  /** Constraint added `USING INDEX` an existing index (no index build under the lock). */
  usingIndex?: boolean;
  /** Constraint written inside a column definition (`ADD COLUMN … REFERENCES …`). */
  inline?: boolean;
  /** Index: the plain columns it covers (expressions are left out); constraint: its key columns. */
  columns?: string[];
  /** Index: built or dropped CONCURRENTLY. */
  concurrently?: boolean;
  unique?: boolean;
  constraintType?: ConstraintType;
  /** Constraint added NOT VALID (PostgreSQL): checked later by VALIDATE CONSTRAINT. */
  notValid?: boolean;
}

export interface DataChange {
  action: DataAction;
  table: string;
  /** UPDATE/DELETE: has a top-level WHERE. */
  hasWhere?: boolean;
}

/** What a recogniser (parser mapping or patterns) found in one statement. */
export interface RecognizedChanges {
  changes: SchemaChange[];
  data: DataChange[];
  noTransaction?: string;
}

export interface ClassifiedStatement {
  kind: StatementKind;
  /** One line for people: `add column users.email`, `update orders (no WHERE)`. */
  summary: string;
  changes: SchemaChange[];
  data: DataChange[];
  /** Set when the statement cannot run inside a transaction block (the words that say so). */
  noTransaction?: string;
  /** Which recogniser produced this. */
  parser: 'postgres' | 'patterns';
  /** PostgreSQL's parser rejected the statement (its message). */
  parseError?: string;
  /** Where in the statement's text the parser stopped (0-based offset). */
  parseErrorAt?: number;
}

const KIND_BY_CHANGE: Record<string, StatementKind> = {
  'create table': 'create_table',
  'drop table': 'drop_table',
  'rename table': 'rename_table',
  'alter table': 'alter_table',
  'create column': 'add_column',
  'drop column': 'drop_column',
  'alter column': 'alter_column',
  'rename column': 'rename_column',
  'create index': 'create_index',
  'drop index': 'drop_index',
  'create constraint': 'add_constraint',
  'drop constraint': 'drop_constraint',
  'create view': 'create_view',
  'drop view': 'drop_view',
  'create function': 'create_function',
  'drop function': 'drop_function',
  'create trigger': 'create_trigger',
  'drop trigger': 'drop_trigger',
};

/** The statement's kind: the single kind of its changes, else `alter_table` or `other`. */
function kindOf(changes: readonly SchemaChange[], data: readonly DataChange[]): StatementKind {
  if (data.length) return data[0].action;
  if (!changes.length) return 'other';
  const kinds = new Set(changes.map((c) => KIND_BY_CHANGE[`${c.action} ${c.object}`] ?? 'other'));
  if (kinds.size === 1) {
    const [only] = kinds;
    if (only !== 'other') return only;
  }
  return changes.some((c) => c.table || c.object === 'table') ? 'alter_table' : 'other';
}

const VERB: Record<SchemaAction, string> = { create: 'create', drop: 'drop', alter: 'alter', rename: 'rename' };

export function describeChange(change: SchemaChange): string {
  const { action, object, name, table } = change;
  const verb = object === 'column' || object === 'constraint' ? (action === 'create' ? 'add' : VERB[action]) : VERB[action];
  const what = object === 'column' && table ? `${table}.${name}` : name || '(unnamed)';
  let text = `${verb} ${object} ${what}`;
  if ((object === 'index' || object === 'constraint' || object === 'trigger') && table) text += ` on ${table}`;
  if (change.newName) text += ` → ${change.newName}`;
  if (change.typeChange) text += ' (type)';
  if (change.setNotNull) text += ' (set not null)';
  if (change.concurrently) text += ' concurrently';
  if (change.notValid) text += ' not valid';
  return text;
}

function describeData(change: DataChange): string {
  const verb = { insert: 'insert into', update: 'update', delete: 'delete from', truncate: 'truncate' }[change.action];
  const noWhere = (change.action === 'update' || change.action === 'delete') && change.hasWhere === false;
  return `${verb} ${change.table}${noWhere ? ' (no WHERE)' : ''}`;
}

/** One-line summary of a statement; `fallback` (its first words) when it changes nothing known. */
function summarize(changes: readonly SchemaChange[], data: readonly DataChange[], fallback: string): string {
  const parts = [...data.map(describeData), ...changes.map(describeChange)];
  if (!parts.length) return fallback;
  return parts.length > 3 ? `${parts.slice(0, 3).join(', ')} +${parts.length - 3} more` : parts.join(', ');
}

export function buildClassified(
  changes: SchemaChange[],
  data: DataChange[],
  fallback: string,
  parser: ClassifiedStatement['parser'],
  extra: Pick<ClassifiedStatement, 'noTransaction' | 'parseError' | 'parseErrorAt'> = {},
): ClassifiedStatement {
  const result: ClassifiedStatement = { kind: kindOf(changes, data), summary: summarize(changes, data, fallback), changes, data, parser };
  if (extra.noTransaction) result.noTransaction = extra.noTransaction;
  if (extra.parseError) result.parseError = extra.parseError;
  if (extra.parseErrorAt !== undefined) result.parseErrorAt = extra.parseErrorAt;
  return result;
}
