// PostgreSQL statements through PostgreSQL's own parser (libpg-query, WebAssembly; loaded
// once per process, ~25 µs a statement), mapped to dbtk's change shapes. A statement the
// parser rejects keeps its error, and anything not mapped here falls back to the patterns.

import type { ConstraintType, DataChange, RecognizedChanges, SchemaChange, SchemaObjectType } from './change.js';
import type { PgAlterTableCmd, PgColumnDef, PgConstraint, PgNode, PgRangeVar, PgStatement, PgStatementNode } from './pg-ast.js';

interface PgModule {
  loadModule(): Promise<void>;
  parseSync(query: string): { stmts?: { stmt: PgStatementNode }[] };
  normalizeSync(query: string): string;
}

let parser: PgModule | null = null;
let loading: Promise<boolean> | null = null;

/** Loads the parser once; false when it cannot load (the patterns then do all the work). */
export function loadPostgresParser(): Promise<boolean> {
  loading ??= import('libpg-query')
    .then(async (loaded) => {
      const mod = loaded as unknown as PgModule;
      await mod.loadModule();
      parser = mod;
      return true;
    })
    .catch(() => false);
  return loading;
}

export function postgresParserReady(): boolean {
  return parser !== null;
}

type PgMapped = RecognizedChanges;

/** The parsed statement itself, for rules that read more than the mapped changes. */
export interface PgParsed {
  type: string;
  node: PgStatement;
}

export type PgParseOutcome =
  | { ok: true; mapped: PgMapped | null; parsed?: PgParsed }
  | { ok: false; error: string; /** 0-based offset in the text where the parser stopped. */ position?: number };

/**
 * Parses one statement. `mapped` is null when the parser accepted it but dbtk does not model
 * that statement type, or when the text held more than one statement.
 */
export function parsePostgresStatement(text: string): PgParseOutcome | null {
  if (!parser) return null;
  let stmts: { stmt: PgStatementNode }[];
  try {
    stmts = parser.parseSync(text).stmts ?? [];
  } catch (error) {
    const position = (error as { sqlDetails?: { cursorPosition?: number } }).sqlDetails?.cursorPosition;
    return {
      ok: false,
      error: error instanceof Error ? error.message : String(error),
      ...(typeof position === 'number' && position >= 0 ? { position } : {}),
    };
  }
  if (stmts.length !== 1) return { ok: true, mapped: null };
  const [type] = Object.keys(stmts[0].stmt ?? {});
  const parsed = type ? { type, node: stmts[0].stmt[type] } : undefined;
  try {
    return { ok: true, mapped: mapStatement(stmts[0].stmt), parsed };
  } catch {
    return { ok: true, mapped: null, parsed };
  }
}

/**
 * Only whether PostgreSQL accepts the statement: its normalizer runs the same parser but returns
 * a short string instead of the JSON tree, about four times faster. The tree is built only to
 * say where a rejected statement went wrong.
 */
export function checkPostgresSyntax(text: string): PgParseOutcome | null {
  if (!parser) return null;
  try {
    parser.normalizeSync(text);
    return { ok: true, mapped: null };
  } catch {
    return parsePostgresStatement(text);
  }
}

function rangeName(range: PgRangeVar | undefined): string {
  if (!range?.relname) return '';
  return range.schemaname ? `${range.schemaname}.${range.relname}` : range.relname;
}

function listNames(items: PgNode[] | undefined): string[] {
  return (items ?? []).map((item) => item?.String?.sval ?? '').filter(Boolean);
}

function listName(items: PgNode[] | undefined): string {
  return (items ?? [])
    .map((item) => item?.String?.sval ?? '')
    .filter(Boolean)
    .join('.');
}

const OBJECT_TYPES: Record<string, SchemaObjectType> = {
  OBJECT_TABLE: 'table',
  OBJECT_FOREIGN_TABLE: 'table',
  OBJECT_INDEX: 'index',
  OBJECT_VIEW: 'view',
  OBJECT_MATVIEW: 'view',
  OBJECT_FUNCTION: 'function',
  OBJECT_PROCEDURE: 'function',
  OBJECT_ROUTINE: 'function',
  OBJECT_TRIGGER: 'trigger',
  OBJECT_TYPE: 'type',
  OBJECT_DOMAIN: 'type',
  OBJECT_SEQUENCE: 'sequence',
  OBJECT_SCHEMA: 'schema',
  OBJECT_EXTENSION: 'extension',
  OBJECT_COLUMN: 'column',
  OBJECT_TABCONSTRAINT: 'constraint',
};

const CONSTRAINT_TYPES: Record<string, ConstraintType> = {
  CONSTR_FOREIGN: 'foreign_key',
  CONSTR_CHECK: 'check',
  CONSTR_UNIQUE: 'unique',
  CONSTR_PRIMARY: 'primary_key',
  CONSTR_EXCLUSION: 'exclusion',
};

const SERIAL_TYPES = new Set(['serial', 'bigserial', 'smallserial', 'serial2', 'serial4', 'serial8']);

const NO_TRANSACTION_STATEMENTS: Record<string, string> = {
  VacuumStmt: 'VACUUM',
  CreatedbStmt: 'CREATE DATABASE',
  DropdbStmt: 'DROP DATABASE',
  CreateTableSpaceStmt: 'CREATE TABLESPACE',
  DropTableSpaceStmt: 'DROP TABLESPACE',
  AlterSystemStmt: 'ALTER SYSTEM',
};

type Mapper = (node: PgStatement) => PgMapped;

const MAPPERS: Record<string, Mapper> = {
  CreateStmt: (n) => schema({ action: 'create', object: 'table', name: rangeName(n.relation) }),
  CreateTableAsStmt: (n) =>
    schema({ action: 'create', object: n.objtype === 'OBJECT_MATVIEW' ? 'view' : 'table', name: rangeName(n.into?.rel) }),
  ViewStmt: (n) => schema(withReplace({ action: 'create', object: 'view', name: rangeName(n.view) }, n.replace)),
  IndexStmt: (n) => {
    const columns = (n.indexParams ?? []).map((p) => p?.IndexElem?.name).filter((name): name is string => Boolean(name));
    const change: SchemaChange = { action: 'create', object: 'index', name: n.idxname ?? '', table: rangeName(n.relation), columns };
    if (n.unique) change.unique = true;
    if (n.concurrent) change.concurrently = true;
    return { changes: [change], data: [], noTransaction: n.concurrent ? 'CREATE INDEX CONCURRENTLY' : undefined };
  },
  CreateFunctionStmt: (n) => schema(withReplace({ action: 'create', object: 'function', name: listName(n.funcname) }, n.replace)),
  CreateTrigStmt: (n) =>
    schema(withReplace({ action: 'create', object: 'trigger', name: n.trigname ?? '', table: rangeName(n.relation) }, n.replace)),
  CreateEnumStmt: (n) => schema({ action: 'create', object: 'type', name: listName(n.typeName) }),
  CompositeTypeStmt: (n) => schema({ action: 'create', object: 'type', name: rangeName(n.typevar) }),
  CreateDomainStmt: (n) => schema({ action: 'create', object: 'type', name: listName(n.domainname) }),
  CreateSeqStmt: (n) => schema({ action: 'create', object: 'sequence', name: rangeName(n.sequence) }),
  CreateSchemaStmt: (n) => schema({ action: 'create', object: 'schema', name: n.schemaname ?? '' }),
  CreateExtensionStmt: (n) => schema({ action: 'create', object: 'extension', name: n.extname ?? '' }),
  DropStmt: mapDrop,
  AlterTableStmt: mapAlterTable,
  RenameStmt: mapRename,
  InsertStmt: (n) => data({ action: 'insert', table: rangeName(n.relation) }),
  UpdateStmt: (n) => data({ action: 'update', table: rangeName(n.relation), hasWhere: Boolean(n.whereClause) }),
  DeleteStmt: (n) => data({ action: 'delete', table: rangeName(n.relation), hasWhere: Boolean(n.whereClause) }),
  TruncateStmt: (n) => ({
    changes: [],
    data: (n.relations ?? []).map((r): DataChange => ({ action: 'truncate', table: rangeName(r.RangeVar) })),
  }),
  ReindexStmt: (n) => ({
    changes: [],
    data: [],
    noTransaction: (n.params ?? []).some((p) => p?.DefElem?.defname === 'concurrently') ? 'REINDEX CONCURRENTLY' : undefined,
  }),
};

function mapStatement(stmt: PgStatementNode): PgMapped | null {
  const [type] = Object.keys(stmt ?? {});
  if (!type) return null;
  if (NO_TRANSACTION_STATEMENTS[type]) return { changes: [], data: [], noTransaction: NO_TRANSACTION_STATEMENTS[type] };
  const mapper = MAPPERS[type];
  return mapper ? mapper(stmt[type]) : null;
}

function schema(...changes: SchemaChange[]): PgMapped {
  return { changes: changes.filter((c) => c.name || c.object === 'index'), data: [] };
}

function data(change: DataChange): PgMapped {
  return { changes: [], data: change.table ? [change] : [] };
}

function withReplace(change: SchemaChange, replace: unknown): SchemaChange {
  if (replace) change.orReplace = true;
  return change;
}

function mapDrop(n: PgStatement): PgMapped {
  const object = OBJECT_TYPES[n.removeType ?? ''];
  if (!object) return { changes: [], data: [] };
  const changes = (n.objects ?? []).map((o): SchemaChange => {
    const change: SchemaChange = { action: 'drop', object, name: dropObjectName(o, object) };
    if (object === 'trigger') {
      // DROP TRIGGER name ON table arrives as [table…, name].
      const parts = (o.List?.items ?? []).map((i) => i?.String?.sval ?? '');
      change.name = parts[parts.length - 1] ?? '';
      change.table = parts.slice(0, -1).join('.');
    }
    if (n.concurrent) change.concurrently = true;
    return change;
  });
  return { changes, data: [], noTransaction: n.concurrent ? 'DROP INDEX CONCURRENTLY' : undefined };
}

function dropObjectName(o: PgNode, object: SchemaObjectType): string {
  if (o?.String) return o.String.sval ?? '';
  if (o?.List) return listName(o.List.items);
  if (o?.ObjectWithArgs) return listName(o.ObjectWithArgs.objname);
  if (o?.TypeName) return listName(o.TypeName.names);
  return object;
}

function mapAlterTable(n: PgStatement): PgMapped {
  const table = rangeName(n.relation);
  const object = OBJECT_TYPES[n.objtype ?? 'OBJECT_TABLE'] ?? 'table';
  if (object !== 'table') return schema({ action: 'alter', object, name: table });
  const changes: SchemaChange[] = [];
  for (const item of n.cmds ?? []) {
    const cmd = item?.AlterTableCmd ?? {};
    const change = mapAlterCommand(cmd, table);
    if (change) changes.push(change);
    if (cmd.subtype === 'AT_AddColumn') changes.push(...inlineForeignKeys(cmd.def?.ColumnDef ?? {}, table));
  }
  return { changes, data: [] };
}

function mapAlterCommand(cmd: PgAlterTableCmd, table: string): SchemaChange | null {
  switch (cmd.subtype) {
    case 'AT_AddColumn':
      return addedColumn(cmd.def?.ColumnDef ?? {}, table);
    case 'AT_DropColumn':
      return { action: 'drop', object: 'column', name: cmd.name ?? '', table };
    case 'AT_AlterColumnType':
      return { action: 'alter', object: 'column', name: cmd.name ?? '', table, typeChange: true };
    case 'AT_SetNotNull':
      return { action: 'alter', object: 'column', name: cmd.name ?? '', table, setNotNull: true };
    case 'AT_DropNotNull':
      return { action: 'alter', object: 'column', name: cmd.name ?? '', table, dropNotNull: true };
    case 'AT_ColumnDefault':
    case 'AT_SetStatistics':
    case 'AT_SetStorage':
    case 'AT_SetCompression':
    case 'AT_AddIdentity':
    case 'AT_DropIdentity':
      return { action: 'alter', object: 'column', name: cmd.name ?? '', table };
    case 'AT_AddConstraint':
      return addedConstraint(cmd.def?.Constraint ?? {}, table);
    case 'AT_DropConstraint':
      return { action: 'drop', object: 'constraint', name: cmd.name ?? '', table };
    case 'AT_ValidateConstraint':
      return { action: 'alter', object: 'constraint', name: cmd.name ?? '', table, validate: true };
    default:
      return { action: 'alter', object: 'table', name: table };
  }
}

function addedColumn(def: PgColumnDef, table: string): SchemaChange {
  const constraints = (def.constraints ?? []).map((c) => c?.Constraint?.contype ?? '');
  const typeName = def.typeName?.names?.at(-1)?.String?.sval ?? '';
  const notNull = constraints.includes('CONSTR_NOTNULL') || constraints.includes('CONSTR_PRIMARY');
  const hasDefault =
    SERIAL_TYPES.has(typeName) ||
    constraints.some((c) => c === 'CONSTR_IDENTITY' || c === 'CONSTR_GENERATED') ||
    hasNonNullDefault(def.constraints);
  return { action: 'create', object: 'column', name: def.colname ?? '', table, notNull, hasDefault };
}

/** `ADD COLUMN x int REFERENCES t (id)`: a foreign key that cannot be added NOT VALID. */
function inlineForeignKeys(def: PgColumnDef, table: string): SchemaChange[] {
  return (def.constraints ?? [])
    .filter((c) => c?.Constraint?.contype === 'CONSTR_FOREIGN')
    .map((c): SchemaChange => ({
      action: 'create',
      object: 'constraint',
      name: c.Constraint?.conname ?? '',
      table,
      constraintType: 'foreign_key',
      columns: def.colname ? [def.colname] : [],
      inline: true,
    }));
}

function hasNonNullDefault(constraints: PgNode[] | undefined): boolean {
  return (constraints ?? []).some((c) => c?.Constraint?.contype === 'CONSTR_DEFAULT' && !c.Constraint.raw_expr?.A_Const?.isnull);
}

function addedConstraint(constraint: PgConstraint, table: string): SchemaChange {
  const change: SchemaChange = {
    action: 'create',
    object: 'constraint',
    name: constraint.conname ?? '',
    table,
    constraintType: CONSTRAINT_TYPES[constraint.contype ?? ''] ?? 'other',
  };
  const columns = listNames(constraint.fk_attrs ?? constraint.keys);
  if (columns.length) change.columns = columns;
  if (constraint.skip_validation) change.notValid = true;
  if (constraint.indexname) change.usingIndex = true;
  return change;
}

function mapRename(n: PgStatement): PgMapped {
  const object = OBJECT_TYPES[n.renameType ?? ''];
  if (!object) return { changes: [], data: [] };
  const table = rangeName(n.relation);
  if (object === 'column' || object === 'constraint' || object === 'trigger') {
    return schema({ action: 'rename', object, name: n.subname ?? '', table, newName: n.newname });
  }
  const name =
    table || listName(n.object?.List?.items) || listName(n.object?.ObjectWithArgs?.objname) || (n.object?.String?.sval ?? n.subname ?? '');
  return schema({ action: 'rename', object, name, newName: n.newname });
}
