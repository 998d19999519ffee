// The parts of libpg-query's JSON tree that pg-parser.ts reads (its own types, @pgsql/types, are
// not installed). Every field is optional: the tree leaves out defaults, and a statement whose
// shape surprises the mapping must read as "not mapped", never as a crash.

/** A node: an object with one key naming its type, e.g. `{ String: { sval: 'users' } }`. */
export interface PgNode {
  String?: { sval?: string };
  List?: { items?: PgNode[] };
  ObjectWithArgs?: { objname?: PgNode[] };
  TypeName?: { names?: PgNode[] };
  RangeVar?: PgRangeVar;
  IndexElem?: { name?: string };
  DefElem?: { defname?: string };
  Constraint?: PgConstraint;
  AlterTableCmd?: PgAlterTableCmd;
  ColumnDef?: PgColumnDef;
  FuncCall?: { funcname?: PgNode[] };
  A_Const?: { isnull?: boolean };
}

/** A table (or view, sequence…) reference: `schema.name`. */
export interface PgRangeVar {
  relname?: string;
  schemaname?: string;
}

export interface PgConstraint {
  contype?: string;
  conname?: string;
  skip_validation?: boolean;
  raw_expr?: PgNode;
  fk_attrs?: PgNode[];
  indexname?: string;
  keys?: PgNode[];
  generated_kind?: string;
}

export interface PgAlterTableCmd {
  subtype?: string;
  name?: string;
  def?: PgNode;
}

export interface PgColumnDef {
  colname?: string;
  typeName?: { names?: PgNode[]; typmods?: unknown[]; location?: number };
  constraints?: PgNode[];
}

/** The fields read from the statements dbtk maps (CreateStmt, DropStmt, AlterTableStmt…), merged. */
export interface PgStatement {
  relation?: PgRangeVar;
  objtype?: string;
  into?: { rel?: PgRangeVar };
  view?: PgRangeVar;
  replace?: boolean;
  indexParams?: PgNode[];
  idxname?: string;
  unique?: boolean;
  concurrent?: boolean;
  funcname?: PgNode[];
  trigname?: string;
  typeName?: PgNode[];
  typevar?: PgRangeVar;
  domainname?: PgNode[];
  sequence?: PgRangeVar;
  schemaname?: string;
  extname?: string;
  whereClause?: unknown;
  relations?: PgNode[];
  params?: PgNode[];
  removeType?: string;
  objects?: PgNode[];
  cmds?: PgNode[];
  renameType?: string;
  subname?: string;
  newname?: string;
  object?: PgNode;
  /** CreateDomainStmt's constraints; AlterDomainStmt's subtype (`C`: add a constraint). */
  constraints?: PgNode[];
  subtype?: string;
  tableElts?: PgNode[];
  newschema?: string;
  objectType?: string;
}

/** A parsed statement: one key, the statement type, e.g. `{ CreateStmt: {...} }`. */
export type PgStatementNode = Record<string, PgStatement>;
