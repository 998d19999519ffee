// PostgreSQL rules about locks and rewrites (after Squawk's and Atlas's checks): statements that
// hold strong locks on tables that already exist, or rewrite them, and the safe forms of each.

import type { AnalyzedSection, AnalyzedStatement } from './analyze.js';
import type { PgNode } from './pg-ast.js';
import type { RuleId } from './rule-ids.js';
import {
  columnName,
  isPostgres,
  onExisting,
  statementHit,
  tokenSpan,
  type RuleContext,
  type RuleHit,
  type RuleSpec,
} from './rule-context.js';

/** Statements naming no table (DROP INDEX, REINDEX) count only while the section did not create the object. */
function createdEarlier(section: AnalyzedSection, name: string, index: number): boolean {
  return section.statements.some((s) => s.index < index && s.changes.some((c) => c.action === 'create' && c.name === name));
}

function postgresOnly(ctx: RuleContext, check: (run: AnalyzedSection) => RuleHit[]): RuleHit[] {
  return isPostgres(ctx) && ctx.run ? check(ctx.run) : [];
}

/** The first token with this (upper-case) value, for pointing at the offending word. */
function wordAt(statement: AnalyzedStatement, word: string) {
  return statement.tokens.find((t) => t.type === 'word' && t.value === word);
}

const isLockTimeout = (s: AnalyzedStatement) => s.tokens[0]?.value === 'SET' && s.tokens.some((t) => t.value === 'LOCK_TIMEOUT');

/** Statements that take an ACCESS EXCLUSIVE (or SHARE) lock on a table that already holds rows. */
function takesStrongLock(run: AnalyzedSection, s: AnalyzedStatement): boolean {
  return s.changes.some((c) => {
    if (c.concurrently || (c.object === 'table' && c.action === 'create')) return false;
    const table = c.object === 'table' ? c.name : c.table;
    return Boolean(table) && run.existed(table!, s.index);
  });
}

const VOLATILE_FUNCTIONS = new Set([
  'random',
  'gen_random_uuid',
  'uuid_generate_v1',
  'uuid_generate_v1mc',
  'uuid_generate_v4',
  'clock_timestamp',
  'timeofday',
  'nextval',
  'txid_current',
]);
const SERIAL_TYPES = new Set(['serial', 'bigserial', 'smallserial', 'serial2', 'serial4', 'serial8']);

/** Function names called anywhere in an expression tree. */
function calledFunctions(node: unknown, found: string[] = []): string[] {
  if (!node || typeof node !== 'object') return found;
  if (Array.isArray(node)) {
    for (const item of node) calledFunctions(item, found);
    return found;
  }
  const call = (node as { FuncCall?: { funcname?: PgNode[] } }).FuncCall;
  if (call) found.push(call.funcname?.at(-1)?.String?.sval ?? '');
  for (const value of Object.values(node)) calledFunctions(value, found);
  return found;
}

interface AddedColumnDef {
  colname?: string;
  typeName?: { names?: PgNode[] };
  constraints?: PgNode[];
}

/** Why adding this column rewrites the table, or null when it does not. */
function rewriteReason(def: AddedColumnDef, postgresVersion: number): string | null {
  const type = def.typeName?.names?.at(-1)?.String?.sval ?? '';
  const constraints = (def.constraints ?? []).map((c) => c?.Constraint ?? {});
  if (SERIAL_TYPES.has(type)) return `a ${type} column fills every row from a sequence`;
  if (constraints.some((c) => c.contype === 'CONSTR_IDENTITY')) return 'an identity column fills every row';
  if (constraints.some((c) => c.contype === 'CONSTR_GENERATED' && c.generated_kind === 's'))
    return 'a stored generated column is computed for every row';
  const fallback = constraints.find((c) => c.contype === 'CONSTR_DEFAULT' && !c.raw_expr?.A_Const?.isnull);
  if (!fallback) return null;
  const volatile = calledFunctions(fallback.raw_expr).find((name) => VOLATILE_FUNCTIONS.has(name));
  if (volatile) return `its default ${volatile}() is volatile, so every row gets its own value`;
  if (postgresVersion < 11) return `before PostgreSQL 11 any default is written into every row (target: ${postgresVersion})`;
  return null;
}

export const LOCK_RULES: readonly RuleSpec<RuleId>[] = [
  {
    id: 'lock-timeout-missing',
    level: 'low',
    category: 'risk',
    dialects: ['postgres'],
    message:
      'A statement that needs a strong lock waits behind long transactions, and every query on the table queues behind it: without lock_timeout a migration can stall the application.',
    fix: "Start the section with `SET lock_timeout = '5s';` (and retry the migration when it times out).",
    examples: [
      {
        bad: 'ALTER TABLE users ADD COLUMN bio text;',
        good: "SET lock_timeout = '5s';\nALTER TABLE users ADD COLUMN bio text;",
      },
    ],
    check: (ctx) =>
      postgresOnly(ctx, (run) => {
        for (const s of run.statements) {
          if (isLockTimeout(s)) return [];
          if (takesStrongLock(run, s)) {
            const table = s.changes.map((c) => (c.object === 'table' ? c.name : c.table)).find(Boolean);
            return [statementHit(run, s, `locks table ${table} with no lock_timeout set before it`)];
          }
        }
        return [];
      }),
  },
  {
    id: 'unique-constraint-builds-index',
    level: 'medium',
    category: 'risk',
    dialects: ['postgres'],
    message: 'ADD CONSTRAINT … UNIQUE or PRIMARY KEY builds its index while holding a lock that blocks reads and writes of the table.',
    fix: 'Build the index first with CREATE UNIQUE INDEX CONCURRENTLY (own migration, transaction:false), then ADD CONSTRAINT … UNIQUE USING INDEX.',
    examples: [
      {
        bad: 'ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);',
        good: 'ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_idx;',
      },
    ],
    check: (ctx) =>
      isPostgres(ctx)
        ? onExisting(ctx, (c) =>
            c.object === 'constraint' &&
            c.action === 'create' &&
            (c.constraintType === 'unique' || c.constraintType === 'primary_key') &&
            !c.usingIndex
              ? `adds ${c.constraintType === 'unique' ? 'unique' : 'primary key'} constraint ${c.name || '(unnamed)'} on ${c.table}, building its index under an exclusive lock`
              : null,
          )
        : [],
  },
  {
    id: 'drop-index-not-concurrent',
    level: 'medium',
    category: 'risk',
    dialects: ['postgres'],
    message: 'DROP INDEX without CONCURRENTLY locks the index’s table against reads and writes while it waits and drops.',
    fix: 'Use DROP INDEX CONCURRENTLY, alone in its own migration with `-- migrate:up transaction:false`.',
    examples: [
      {
        bad: 'DROP INDEX users_email_idx;',
        good: '-- migrate:up transaction:false\nDROP INDEX CONCURRENTLY users_email_idx;\n\n-- migrate:down transaction:false\nCREATE INDEX CONCURRENTLY users_email_idx ON users (email);\n',
      },
    ],
    check: (ctx) =>
      postgresOnly(ctx, (run) =>
        run.statements.flatMap((s) =>
          s.changes
            .filter((c) => c.object === 'index' && c.action === 'drop' && !c.concurrently && !createdEarlier(run, c.name, s.index))
            .map((c) => statementHit(run, s, `drops index ${c.name} without CONCURRENTLY: its table is locked meanwhile`)),
        ),
      ),
  },
  {
    id: 'reindex-not-concurrent',
    level: 'medium',
    category: 'risk',
    dialects: ['postgres'],
    message: 'REINDEX without CONCURRENTLY blocks writes to the table (and reads that use the index) until it finishes.',
    fix: 'Use REINDEX … CONCURRENTLY (PostgreSQL 12+), alone in its own migration with `transaction:false`.',
    examples: [
      {
        bad: 'REINDEX INDEX users_email_idx;',
        good: '-- migrate:up transaction:false\nREINDEX INDEX CONCURRENTLY users_email_idx;\n\n-- migrate:down\n',
      },
    ],
    check: (ctx) =>
      (ctx.versions?.postgres ?? Infinity) < 12
        ? []
        : postgresOnly(ctx, (run) =>
            run.statements
              .filter((s) => s.tokens[0]?.value === 'REINDEX' && !wordAt(s, 'CONCURRENTLY'))
              .map((s) => statementHit(run, s, `reindexes ${s.tokens.at(-1)?.value.toLowerCase() ?? ''} without CONCURRENTLY`)),
          ),
  },
  {
    id: 'detach-partition-not-concurrent',
    level: 'medium',
    category: 'risk',
    dialects: ['postgres'],
    message: 'DETACH PARTITION without CONCURRENTLY takes an exclusive lock on the parent table.',
    fix: 'Use ALTER TABLE … DETACH PARTITION … CONCURRENTLY (PostgreSQL 14+) in its own migration with `transaction:false`.',
    examples: [
      {
        bad: 'ALTER TABLE events DETACH PARTITION events_2020;',
        good: '-- migrate:up transaction:false\nALTER TABLE events DETACH PARTITION events_2020 CONCURRENTLY;\n\n-- migrate:down\n',
      },
    ],
    check: (ctx) =>
      (ctx.versions?.postgres ?? Infinity) < 14
        ? []
        : postgresOnly(ctx, (run) =>
            run.statements
              .filter((s) => wordAt(s, 'DETACH') && !wordAt(s, 'CONCURRENTLY') && !wordAt(s, 'FINALIZE'))
              .map((s) =>
                statementHit(
                  run,
                  s,
                  `detaches a partition of ${s.changes[0]?.name ?? 'a table'} without CONCURRENTLY`,
                  tokenSpan(run, wordAt(s, 'DETACH')!),
                ),
              ),
          ),
  },
  {
    id: 'add-column-rewrites-table',
    level: 'high',
    category: 'risk',
    dialects: ['postgres'],
    message:
      'Adding a serial or identity column, a stored generated column, or one with a volatile default (or any default before PostgreSQL 11) rewrites the whole table under an exclusive lock.',
    fix: 'Add the column without the default, backfill it in batches, then set the default (and NOT NULL with the CHECK recipe).',
    examples: [
      { bad: 'ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid();', good: 'ALTER TABLE users ADD COLUMN token uuid;' },
      {
        bad: "ALTER TABLE users ADD COLUMN plan text DEFAULT 'free';",
        good: 'ALTER TABLE users ADD COLUMN plan text;',
        versions: { postgres: 10 },
      },
      { bad: 'ALTER TABLE users ADD COLUMN id2 bigserial;', good: "ALTER TABLE users ADD COLUMN plan text DEFAULT 'free';" },
    ],
    check: (ctx) =>
      postgresOnly(ctx, (run) =>
        run.statements.flatMap((s) => {
          if (s.pg?.type !== 'AlterTableStmt' || !s.changes[0]?.table || !run.existed(s.changes[0].table, s.index)) return [];
          return (s.pg.node.cmds ?? [])
            .map((cmd) => cmd?.AlterTableCmd)
            .filter((cmd) => cmd?.subtype === 'AT_AddColumn')
            .flatMap((cmd) => {
              const def = cmd?.def?.ColumnDef ?? {};
              const why = rewriteReason(def, ctx.versions?.postgres ?? Infinity);
              return why
                ? [statementHit(run, s, `adds column ${s.changes[0].table}.${def.colname ?? '?'}, which rewrites the table: ${why}`)]
                : [];
            });
        }),
      ),
  },
  {
    id: 'drop-not-null',
    level: 'low',
    category: 'risk',
    dialects: ['postgres'],
    message: 'DROP NOT NULL lets NULL in: code that reads the column and assumes a value breaks on the first NULL.',
    fix: 'Make sure every reader handles NULL before the column accepts it; say so with `-- dbtk:ignore drop-not-null reason`.',
    examples: [
      { bad: 'ALTER TABLE users ALTER COLUMN email DROP NOT NULL;', good: "ALTER TABLE users ALTER COLUMN email SET DEFAULT '';" },
    ],
    check: (ctx) =>
      onExisting(ctx, (c) =>
        c.object === 'column' && c.dropNotNull ? `drops NOT NULL from ${columnName(c)}: readers may now see NULL` : null,
      ),
  },
  {
    id: 'domain-constraint',
    level: 'low',
    category: 'risk',
    dialects: ['postgres'],
    message:
      'A domain’s constraint is checked against every column of that domain, and changing it later scans them all under lock; CHECK constraints on the columns are easier to change safely.',
    fix: 'Put the CHECK on the table columns (added NOT VALID, validated later) instead of on the domain.',
    examples: [{ bad: 'CREATE DOMAIN positive_int AS int CHECK (VALUE > 0);', good: 'CREATE DOMAIN positive_int AS int;' }],
    check: (ctx) =>
      postgresOnly(ctx, (run) =>
        run.statements.flatMap((s) => {
          const node = s.pg?.node;
          if (s.pg?.type === 'CreateDomainStmt' && (node?.constraints ?? []).some((c) => c?.Constraint?.contype === 'CONSTR_CHECK'))
            return [statementHit(run, s, `creates domain ${s.changes[0]?.name ?? ''} with a CHECK constraint`)];
          if (s.pg?.type === 'AlterDomainStmt' && node?.subtype === 'C')
            return [statementHit(run, s, 'adds a constraint to a domain: every column of that type is scanned under lock')];
          return [];
        }),
      ),
  },
  {
    id: 'set-schema',
    level: 'medium',
    category: 'risk',
    dialects: ['postgres'],
    message: 'Moving a table to another schema breaks every query that names it with its old schema, or finds it through search_path.',
    fix: 'Create a view under the old name (or move code first) and move the table in a later release.',
    examples: [{ bad: 'ALTER TABLE users SET SCHEMA archive;', good: 'CREATE VIEW archive.users AS SELECT * FROM public.users;' }],
    check: (ctx) =>
      postgresOnly(ctx, (run) =>
        run.statements
          .filter((s) => s.pg?.type === 'AlterObjectSchemaStmt')
          .map((s) => {
            const node = s.pg!.node;
            const what = (node.objectType ?? 'OBJECT_TABLE').replace('OBJECT_', '').toLowerCase();
            return statementHit(
              run,
              s,
              `moves ${what} ${node.relation?.relname ?? ''} to schema ${node.newschema ?? '?'}`.replace(/ {2}/g, ' '),
            );
          }),
      ),
  },
  {
    id: 'inline-foreign-key',
    level: 'medium',
    category: 'risk',
    dialects: ['postgres'],
    message: 'A foreign key written on ADD COLUMN … REFERENCES cannot be NOT VALID: it is checked at once, holding locks on both tables.',
    fix: 'Add the column plain, then ADD CONSTRAINT … FOREIGN KEY … NOT VALID, and VALIDATE CONSTRAINT in a later migration.',
    examples: [
      {
        bad: 'ALTER TABLE orders ADD COLUMN user_id bigint REFERENCES users (id);',
        good: 'ALTER TABLE orders ADD COLUMN user_id bigint;\nALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;',
      },
    ],
    check: (ctx) =>
      isPostgres(ctx)
        ? onExisting(ctx, (c) =>
            c.object === 'constraint' && c.inline
              ? `adds a foreign key on new column ${c.table}.${c.columns?.[0] ?? '?'} inline, without NOT VALID`
              : null,
          )
        : [],
  },
  {
    id: 'validate-in-same-transaction',
    level: 'medium',
    category: 'risk',
    dialects: ['postgres'],
    message:
      'VALIDATE CONSTRAINT in the same transaction as its ADD … NOT VALID keeps the strong lock of the ADD while every row is checked: NOT VALID gains nothing.',
    fix: 'Move the VALIDATE CONSTRAINT into a later migration.',
    examples: [
      {
        bad: 'ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;\nALTER TABLE orders VALIDATE CONSTRAINT orders_user_fk;',
        good: 'ALTER TABLE orders VALIDATE CONSTRAINT orders_user_fk;',
      },
    ],
    check: (ctx) =>
      postgresOnly(ctx, (run) =>
        run.statements.flatMap((s) =>
          s.changes
            .filter((c) => c.object === 'constraint' && c.validate)
            .filter((c) =>
              run.statements.some(
                (earlier) =>
                  earlier.index < s.index &&
                  earlier.changes.some((e) => e.object === 'constraint' && e.action === 'create' && e.notValid && e.name === c.name),
              ),
            )
            .map((c) =>
              statementHit(run, s, `validates constraint ${c.name} on ${c.table} in the same transaction that added it NOT VALID`),
            ),
        ),
      ),
  },
];
