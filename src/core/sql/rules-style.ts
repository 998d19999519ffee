// Style advice, off unless the project asks for it (`{"lint": {"style": true}}`): PostgreSQL
// column types that age badly, and idempotent DDL where no transaction protects a rerun.

import type { AnalyzedSection, AnalyzedStatement } from './analyze.js';
import type { PgColumnDef } from './pg-ast.js';
import type { RuleId } from './rule-ids.js';
import { isPostgres, sections, statementHit, type RuleContext, type RuleHit, type RuleSpec } from './rule-context.js';

interface ColumnType {
  column: string;
  type: string;
  hasLength: boolean;
  /** Offset of the type in the statement's text. */
  at: number;
}

/** Column definitions of CREATE TABLE, ADD COLUMN and ALTER COLUMN TYPE, with their types. */
function columnTypes(s: AnalyzedStatement): ColumnType[] {
  const node = s.pg?.node;
  if (!node) return [];
  const defs: PgColumnDef[] = [];
  if (s.pg?.type === 'CreateStmt') for (const e of node.tableElts ?? []) if (e?.ColumnDef) defs.push(e.ColumnDef);
  if (s.pg?.type === 'AlterTableStmt') {
    for (const item of node.cmds ?? []) {
      const cmd = item?.AlterTableCmd;
      const def = cmd?.def?.ColumnDef;
      if (def && (cmd?.subtype === 'AT_AddColumn' || cmd?.subtype === 'AT_AlterColumnType'))
        defs.push({ ...def, colname: def.colname ?? cmd?.name });
    }
  }
  return defs.map((d) => ({
    column: d.colname ?? '?',
    type: d.typeName?.names?.at(-1)?.String?.sval ?? '',
    hasLength: Boolean(d.typeName?.typmods?.length),
    at: d.typeName?.location ?? 0,
  }));
}

function typeRule(ctx: RuleContext, matches: (t: ColumnType) => boolean, message: (t: ColumnType) => string): RuleHit[] {
  const run = ctx.run;
  if (!isPostgres(ctx) || !run) return [];
  return run.statements.flatMap((s) =>
    columnTypes(s)
      .filter(matches)
      .map((t) => {
        const start = run.positionAt(s.start + t.at);
        return statementHit(run, s, message(t), {
          line: start.line,
          column: start.column,
          endLine: start.line,
          endColumn: start.column + t.type.length,
        });
      }),
  );
}

const SERIALS = new Set(['serial', 'bigserial', 'smallserial', 'serial2', 'serial4', 'serial8']);

/** CREATE without IF NOT EXISTS, DROP without IF EXISTS (objects that support them). */
function notIdempotent(s: AnalyzedStatement): string | null {
  const w = s.tokens.slice(0, 6).map((t) => (t.type === 'word' ? t.value : ''));
  if (w[0] === 'CREATE' && !w.includes('OR')) {
    const object = w.slice(1).find((x) => ['TABLE', 'INDEX', 'SCHEMA', 'SEQUENCE', 'EXTENSION', 'VIEW'].includes(x));
    if (object && object !== 'VIEW' && !(w.includes('IF') && w.includes('EXISTS'))) return `CREATE ${object} without IF NOT EXISTS`;
  }
  if (
    w[0] === 'DROP' &&
    ['TABLE', 'INDEX', 'SCHEMA', 'SEQUENCE', 'EXTENSION', 'VIEW'].includes(w[1]) &&
    !(w.includes('IF') && w.includes('EXISTS'))
  )
    return `DROP ${w[1]} without IF EXISTS`;
  return null;
}

function idempotentHits(section: AnalyzedSection): RuleHit[] {
  if (section.transaction) return [];
  return section.statements.flatMap((s) => {
    const why = notIdempotent(s);
    return why ? [statementHit(section, s, `${why} in a section without a transaction: a rerun after a failure stops here`)] : [];
  });
}

export const STYLE_RULES: readonly RuleSpec<RuleId>[] = [
  {
    id: 'prefer-text',
    level: 'low',
    category: 'style',
    dialects: ['postgres'],
    message: 'varchar(n) is no faster than text in PostgreSQL, and raising n later takes a migration.',
    fix: 'Use text, with a CHECK (char_length(col) <= n) if the limit matters.',
    examples: [{ bad: 'CREATE TABLE t (name varchar(100));', good: 'CREATE TABLE t (name text);' }],
    check: (ctx) =>
      typeRule(
        ctx,
        (t) => t.type === 'varchar' && t.hasLength,
        (t) => `column ${t.column} is varchar(n): prefer text`,
      ),
  },
  {
    id: 'prefer-bigint',
    level: 'low',
    category: 'style',
    dialects: ['postgres'],
    message: 'An int (or smallint) key runs out at 2^31 rows, and widening it later rewrites the table.',
    fix: 'Use bigint.',
    examples: [{ bad: 'CREATE TABLE t (id int);', good: 'CREATE TABLE t (id bigint);' }],
    check: (ctx) =>
      typeRule(
        ctx,
        (t) => t.type === 'int4' || t.type === 'int2',
        (t) => `column ${t.column} is ${t.type === 'int2' ? 'smallint' : 'int'}: prefer bigint`,
      ),
  },
  {
    id: 'prefer-identity',
    level: 'low',
    category: 'style',
    dialects: ['postgres'],
    message:
      'serial is a sequence owned loosely by the column; identity columns are the SQL-standard form with clearer permissions and copying.',
    fix: 'Use bigint GENERATED ALWAYS AS IDENTITY (or BY DEFAULT).',
    examples: [
      { bad: 'CREATE TABLE t (id bigserial PRIMARY KEY);', good: 'CREATE TABLE t (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY);' },
    ],
    check: (ctx) =>
      typeRule(
        ctx,
        (t) => SERIALS.has(t.type),
        (t) => `column ${t.column} is ${t.type}: prefer an identity column`,
      ),
  },
  {
    id: 'prefer-timestamptz',
    level: 'low',
    category: 'style',
    dialects: ['postgres'],
    message: 'timestamp without time zone stores wall-clock times whose zone is lost; timestamptz stores an instant.',
    fix: 'Use timestamptz.',
    examples: [{ bad: 'CREATE TABLE t (created_at timestamp);', good: 'CREATE TABLE t (created_at timestamptz);' }],
    check: (ctx) =>
      typeRule(
        ctx,
        (t) => t.type === 'timestamp',
        (t) => `column ${t.column} is timestamp: prefer timestamptz`,
      ),
  },
  {
    id: 'no-char',
    level: 'low',
    category: 'style',
    dialects: ['postgres'],
    message: 'char(n) pads values with spaces and compares them in surprising ways.',
    fix: 'Use text (or varchar).',
    examples: [{ bad: 'CREATE TABLE t (code char(3));', good: 'CREATE TABLE t (code text);' }],
    check: (ctx) =>
      typeRule(
        ctx,
        (t) => t.type === 'bpchar',
        (t) => `column ${t.column} is char(n): prefer text`,
      ),
  },
  {
    id: 'idempotent-without-transaction',
    level: 'low',
    category: 'style',
    dialects: 'all',
    message:
      'A section without a transaction that fails halfway leaves its first statements applied; IF NOT EXISTS / IF EXISTS let a rerun get past them.',
    fix: 'Write CREATE … IF NOT EXISTS and DROP … IF EXISTS in `transaction:false` sections.',
    examples: [
      {
        bad: '-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY users_email_idx ON users (email);\n\n-- migrate:down transaction:false\nDROP INDEX CONCURRENTLY IF EXISTS users_email_idx;\n',
        good: '-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY IF NOT EXISTS users_email_idx ON users (email);\n\n-- migrate:down transaction:false\nDROP INDEX CONCURRENTLY IF EXISTS users_email_idx;\n',
      },
    ],
    check: (ctx) => sections(ctx).flatMap(idempotentHits),
  },
];
