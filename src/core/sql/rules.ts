// The risk rules, as data: id, level, what it means, how to fix it, and a check over one
// analysed migration. In the spirit of Squawk and Atlas lint. Statement rules look at the
// section that will run and only at tables that already existed (a table created earlier in
// the same migration is new and empty, so dropping, locking or rewriting it is harmless).

import { tableKey } from './analyze.js';
import { unreversedChanges } from './reversal.js';
import type { RuleId } from './rule-ids.js';
import { LOCK_RULES } from './rules-locks.js';
import { enumChanges, MYSQL_RULES } from './rules-mysql.js';
import { STATEMENT_RULES } from './rules-statements.js';
import { STYLE_RULES } from './rules-style.js';
import {
  columnName,
  concurrentlyHits,
  dataOnExisting,
  isPostgres,
  onExisting,
  sections,
  statementSpan,
  withSection,
  type RuleContext,
  type RuleSpec,
} from './rule-context.js';

export { compareLevels, highestLevel, type RiskLevel, type RuleContext, type TargetVersions } from './rule-context.js';
export { RULE_IDS, type RuleId } from './rule-ids.js';

export type RiskRule = RuleSpec<RuleId>;

const BASE_RULES: readonly RiskRule[] = [
  {
    id: 'drop-table',
    level: 'high',
    category: 'risk',
    dialects: 'all',
    examples: [
      { bad: 'DROP TABLE users;', good: 'CREATE TABLE tmp (id int);\nDROP TABLE tmp;' },
      {
        dialect: 'sqlite',
        bad: 'DROP TABLE users;',
        good: 'CREATE TABLE users_new (id INTEGER PRIMARY KEY, email TEXT NOT NULL);\nINSERT INTO users_new (id, email) SELECT id, email FROM users;\nDROP TABLE users;\nALTER TABLE users_new RENAME TO users;',
      },
    ],
    message: 'Dropping a table deletes it and all its rows.',
    fix: 'Make sure nothing reads or writes it any more and take a backup; consider renaming it first and dropping it in a later release.',
    check: (ctx) =>
      onExisting(ctx, (c) => (c.object === 'table' && c.action === 'drop' && !c.rebuild ? `drops table ${c.name} and all its rows` : null)),
  },
  {
    id: 'drop-column',
    level: 'high',
    category: 'risk',
    dialects: 'all',
    examples: [{ bad: 'ALTER TABLE users DROP COLUMN legacy;', good: 'CREATE TABLE t (a int, b int);\nALTER TABLE t DROP COLUMN b;' }],
    message: 'Dropping a column deletes its data, and running code that still reads it fails.',
    fix: 'Stop using the column in the application first, deploy, then drop it in a later migration; take a backup.',
    check: (ctx) =>
      onExisting(ctx, (c) => (c.object === 'column' && c.action === 'drop' ? `drops column ${columnName(c)} and its data` : null)),
  },
  {
    id: 'column-type-change',
    level: 'high',
    category: 'risk',
    dialects: 'all',
    examples: [{ bad: 'ALTER TABLE users ALTER COLUMN age TYPE bigint;', good: 'ALTER TABLE users ADD COLUMN age_big bigint;' }],
    message: 'Changing a column type can rewrite the whole table under an exclusive lock, and values may not convert.',
    fix: 'Add a new column with the new type, backfill it in batches, switch the application over, then drop the old column.',
    check: (ctx) => {
      // An ENUM/SET redefinition whose old members are known is mysql-enum-copies-table's: one finding, or none for an append.
      let enums: ReturnType<typeof enumChanges> | undefined;
      return onExisting(ctx, (c, statement) => {
        if (c.object !== 'column' || !c.typeChange) return null;
        enums ??= ctx.run?.dialect === 'mysql' ? enumChanges(ctx) : [];
        if (enums.some((e) => e.statement === statement && e.column === c.name && e.table === tableKey(c.table ?? '', 'mysql')))
          return null;
        return ctx.run?.dialect === 'mysql'
          ? `redefines column ${columnName(c)} (MODIFY/CHANGE): MySQL cannot use ALGORITHM=INSTANT, so it may copy the table and truncate values`
          : `changes the type of column ${columnName(c)}: the table is rewritten under an exclusive lock`;
      });
    },
  },
  {
    id: 'rename-table',
    level: 'medium',
    category: 'risk',
    dialects: 'all',
    examples: [{ bad: 'ALTER TABLE users RENAME TO people;', good: 'CREATE VIEW people AS SELECT * FROM users;' }],
    message: 'Renaming a table breaks application code that still uses the old name while the deploy rolls out.',
    fix: 'Create the new table (or a view with the new name), move code over, and drop the old name in a later release.',
    check: (ctx) =>
      onExisting(ctx, (c) => (c.object === 'table' && c.action === 'rename' ? `renames table ${c.name} to ${c.newName ?? '?'}` : null)),
  },
  {
    id: 'rename-column',
    level: 'medium',
    category: 'risk',
    dialects: 'all',
    examples: [{ bad: 'ALTER TABLE users RENAME COLUMN name TO full_name;', good: 'ALTER TABLE users ADD COLUMN full_name text;' }],
    message: 'Renaming a column breaks application code that still uses the old name while the deploy rolls out.',
    fix: 'Add the new column, write to both, backfill, move reads over, then drop the old column in a later release.',
    check: (ctx) =>
      onExisting(ctx, (c) =>
        c.object === 'column' && c.action === 'rename' ? `renames column ${columnName(c)} to ${c.newName ?? '?'}` : null,
      ),
  },
  {
    id: 'not-null-without-default',
    level: 'high',
    category: 'risk',
    dialects: ['postgres', 'sqlite', 'generic'],
    examples: [{ bad: 'ALTER TABLE users ADD COLUMN age int NOT NULL;', good: 'ALTER TABLE users ADD COLUMN age int NOT NULL DEFAULT 0;' }],
    message: 'Adding a NOT NULL column without a default to an existing table fails as soon as the table has rows.',
    fix: 'Add the column with a DEFAULT, or add it nullable, backfill it, then set NOT NULL.',
    check: (ctx) =>
      // MySQL and ClickHouse fill existing rows with the type's implicit default instead of failing.
      ['mysql', 'clickhouse'].includes(ctx.run?.dialect ?? ctx.dialect)
        ? []
        : onExisting(ctx, (c) =>
            c.object === 'column' && c.action === 'create' && c.notNull && !c.hasDefault
              ? `adds NOT NULL column ${columnName(c)} without a default to an existing table`
              : null,
          ),
  },
  {
    id: 'set-not-null',
    level: 'medium',
    category: 'risk',
    dialects: 'all',
    examples: [
      {
        bad: 'ALTER TABLE users ALTER COLUMN email SET NOT NULL;',
        good: 'ALTER TABLE users VALIDATE CONSTRAINT users_email_not_null;\nALTER TABLE users ALTER COLUMN email SET NOT NULL;',
      },
    ],
    message: 'SET NOT NULL scans the whole table under an exclusive lock, and fails if any row holds NULL.',
    fix: 'Add CHECK (col IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT in a later migration, then SET NOT NULL (PostgreSQL 12+ then skips the scan).',
    check: (ctx) =>
      onExisting(ctx, (c, statement) =>
        c.object === 'column' && c.setNotNull && !followsValidatedCheck(ctx, c.table ?? '', statement.index)
          ? `sets NOT NULL on existing column ${columnName(c)}`
          : null,
      ),
  },
  {
    id: 'index-not-concurrent',
    level: 'medium',
    category: 'risk',
    dialects: ['postgres'],
    examples: [
      {
        bad: 'CREATE INDEX users_email ON users (email);',
        good: '-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY users_email ON users (email);\n\n-- migrate:down transaction:false\nDROP INDEX CONCURRENTLY users_email;\n',
      },
    ],
    message: 'CREATE INDEX without CONCURRENTLY blocks writes to the table until the index is built.',
    fix: 'Use CREATE INDEX CONCURRENTLY, alone in its own migration with `-- migrate:up transaction:false`.',
    check: (ctx) =>
      isPostgres(ctx)
        ? onExisting(ctx, (c) =>
            c.object === 'index' && c.action === 'create' && !c.concurrently
              ? `creates index ${c.name || '(unnamed)'} on existing table ${c.table} without CONCURRENTLY: writes are blocked while it builds`
              : null,
          )
        : [],
  },
  {
    id: 'concurrently-in-transaction',
    level: 'high',
    category: 'risk',
    dialects: ['postgres'],
    examples: [
      {
        bad: 'CREATE INDEX CONCURRENTLY users_email ON users (email);',
        good: '-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY users_email ON users (email);\n\n-- migrate:down transaction:false\nDROP INDEX CONCURRENTLY users_email;\n',
      },
    ],
    message: 'CONCURRENTLY (and VACUUM, CREATE DATABASE…) cannot run inside a transaction; the migration (or its rollback) fails.',
    fix: 'Put the statement alone in its own migration and mark the section `transaction:false` (`-- migrate:up transaction:false`, likewise for down).',
    // Both sections: a rollback that cannot run is as broken as a migration that cannot.
    check: (ctx) => (isPostgres(ctx) ? sections(ctx).flatMap(concurrentlyHits) : []),
  },
  {
    id: 'constraint-not-valid',
    level: 'medium',
    category: 'risk',
    dialects: ['postgres'],
    examples: [
      {
        bad: 'ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id);',
        good: 'ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;',
      },
    ],
    message: 'Adding a foreign key or check constraint validates every row while holding a lock that blocks writes.',
    fix: 'Add it with NOT VALID, then run ALTER TABLE … VALIDATE CONSTRAINT in a later migration (that only takes a light lock).',
    check: (ctx) =>
      isPostgres(ctx)
        ? onExisting(ctx, (c) =>
            c.object === 'constraint' &&
            c.action === 'create' &&
            (c.constraintType === 'foreign_key' || c.constraintType === 'check') &&
            !c.notValid &&
            !c.inline
              ? `adds ${c.constraintType === 'check' ? 'check' : 'foreign key'} constraint ${c.name || '(unnamed)'} on ${c.table} without NOT VALID`
              : null,
          )
        : [],
  },
  {
    id: 'update-without-where',
    level: 'high',
    category: 'risk',
    dialects: 'all',
    examples: [{ bad: "UPDATE users SET plan = 'free';", good: "UPDATE users SET plan = 'free' WHERE plan IS NULL;" }],
    message: 'UPDATE without WHERE changes every row of the table.',
    fix: 'Add a WHERE clause; if every row really must change, say so with `-- dbtk:ignore update-without-where` and consider batching.',
    check: (ctx) =>
      dataOnExisting(ctx, (d) => (d.action === 'update' && d.hasWhere === false ? `updates every row of ${d.table} (no WHERE)` : null)),
  },
  {
    id: 'delete-without-where',
    level: 'high',
    category: 'risk',
    dialects: 'all',
    examples: [{ bad: 'DELETE FROM sessions;', good: "DELETE FROM sessions WHERE expires_at < '2024-01-01';" }],
    message: 'DELETE without WHERE removes every row of the table.',
    fix: 'Add a WHERE clause; if the table really must be emptied, say so with `-- dbtk:ignore delete-without-where`.',
    check: (ctx) =>
      dataOnExisting(ctx, (d) => (d.action === 'delete' && d.hasWhere === false ? `deletes every row of ${d.table} (no WHERE)` : null)),
  },
  {
    id: 'truncate',
    level: 'high',
    category: 'risk',
    dialects: 'all',
    examples: [{ bad: 'TRUNCATE sessions;', good: "DELETE FROM sessions WHERE expires_at < '2024-01-01';" }],
    message: 'TRUNCATE removes every row of the table and cannot be undone by the down section.',
    fix: 'Take a backup first; if the data really must go, say so with `-- dbtk:ignore truncate`.',
    check: (ctx) => dataOnExisting(ctx, (d) => (d.action === 'truncate' ? `removes every row of ${d.table} (TRUNCATE)` : null)),
  },
  {
    id: 'missing-down',
    level: 'medium',
    category: 'risk',
    dialects: 'all',
    examples: [
      {
        bad: '-- migrate:up\nCREATE TABLE t (id int);\n\n-- migrate:down\n',
        good: '-- migrate:up\nCREATE TABLE t (id int);\n\n-- migrate:down\nDROP TABLE t;\n',
      },
    ],
    message: 'The down section is empty, so this migration cannot be rolled back.',
    fix: 'Write SQL under `-- migrate:down` that undoes the up section, or mark the file `-- dbtk:ignore missing-down` if it is irreversible on purpose.',
    check: (ctx) => {
      const down = ctx.migration.down;
      if (!down || !ctx.up?.statements.length || ctx.down?.statements.length) return [];
      return [{ line: down.markerLine, message: 'the down section is empty: a rollback would change nothing', section: 'down' }];
    },
  },
  {
    id: 'down-not-reversing',
    level: 'medium',
    category: 'risk',
    dialects: 'all',
    examples: [
      {
        bad: '-- migrate:up\nCREATE TABLE t (id int);\nCREATE TABLE u (id int);\n\n-- migrate:down\nDROP TABLE t;\n',
        good: '-- migrate:up\nALTER TABLE orders ADD COLUMN user_id int REFERENCES users (id);\n\n-- migrate:down\nALTER TABLE orders DROP COLUMN user_id;\n',
      },
    ],
    message: 'The down section does not undo everything the up section does.',
    fix: 'Make the down section drop what up creates, recreate what it drops, and rename back what it renames.',
    check: (ctx) => {
      if (!ctx.up || !ctx.down?.statements.length) return [];
      const left = unreversedChanges(ctx.up, ctx.down);
      if (!left.length) return [];
      const shown = left.slice(0, 4).join(', ') + (left.length > 4 ? ` and ${left.length - 4} more` : '');
      return [{ line: ctx.down.markerLine, message: `the down section does not undo: ${shown}`, section: 'down' }];
    },
  },
  {
    id: 'mixed-data-and-schema',
    level: 'low',
    category: 'risk',
    dialects: 'all',
    examples: [
      {
        bad: "ALTER TABLE users ADD COLUMN plan text;\nUPDATE users SET plan = 'free' WHERE plan IS NULL;",
        good: 'ALTER TABLE users ADD COLUMN plan text;',
      },
    ],
    message: 'Changing data in existing tables and the schema in one migration holds schema locks while the data changes.',
    fix: 'Move the data change into a migration of its own.',
    check: (ctx) => {
      const run = ctx.run;
      if (!run?.statements.some((s) => s.changes.length)) return [];
      const dml = dataOnExisting(ctx, (d) => (d.action === 'truncate' ? null : `changes data in ${d.table} as well as the schema`));
      return dml.slice(0, 1);
    },
  },
  {
    id: 'mysql-delimiter',
    level: 'high',
    category: 'risk',
    dialects: ['mysql'],
    examples: [
      {
        dialect: 'mysql',
        bad: 'DELIMITER //\nCREATE TRIGGER t BEFORE INSERT ON users FOR EACH ROW BEGIN SET NEW.a = 1; END//\nDELIMITER ;',
        good: 'CREATE TRIGGER t BEFORE INSERT ON users FOR EACH ROW BEGIN SET NEW.a = 1; END;',
      },
    ],
    message: 'DELIMITER is a command of the mysql client, not SQL: dbmate sends the file to the server, which rejects it.',
    fix: 'Remove the DELIMITER lines and end the routine with `END;` — the server understands BEGIN…END bodies as they are.',
    check: (ctx) =>
      sections(ctx).flatMap((s) =>
        withSection(
          s,
          s.delimiterCommands.map((d) => ({
            line: d.line,
            message: `DELIMITER ${d.delimiter} is a mysql client command; the migration will fail`,
          })),
        ),
      ),
  },
  {
    id: 'syntax-error',
    level: 'high',
    category: 'risk',
    dialects: ['postgres'],
    examples: [{ bad: 'ALTER TABLE users ADD COLUM x int;', good: 'ALTER TABLE users ADD COLUMN x int;' }],
    message: "PostgreSQL's parser rejects the statement, so the migration will fail.",
    fix: 'Fix the SQL near the reported position (check it with psql if unsure).',
    check: (ctx) =>
      sections(ctx).flatMap((s) =>
        withSection(
          s,
          s.statements
            .filter((st) => st.parseError)
            .map((st) => {
              const at = st.errorAt;
              // The offending token: from where the parser stopped to the end of that word.
              const token =
                at && st.tokens.find((t) => s.positionAt(t.start).line === at.line && s.positionAt(t.start).column === at.column);
              const span = at
                ? {
                    line: at.line,
                    column: at.column,
                    endLine: at.line,
                    endColumn: token ? at.column + (token.end - token.start) : at.column + 1,
                  }
                : statementSpan(st);
              return { ...span, message: `PostgreSQL rejects it: ${st.parseError}`, statement: st.index };
            }),
        ),
      ),
  },
  {
    id: 'invalid-migration-file',
    level: 'high',
    category: 'risk',
    dialects: 'all',
    examples: [
      {
        bad: '-- migrate:up\nCREATE TABLE t (id int);\n',
        good: '-- migrate:up\nCREATE TABLE t (id int);\n\n-- migrate:down\nDROP TABLE t;\n',
      },
    ],
    message: 'dbmate cannot run this file (no up section, no down marker, empty up, not text…).',
    fix: 'Follow the problem message; a migration needs `-- migrate:up` and `-- migrate:down` lines.',
    check: (ctx) => ctx.migration.problems.filter((p) => p.severity === 'error').map((p) => ({ line: p.line ?? 1, message: p.message })),
  },
];

/**
 * The CHECK-then-SET NOT NULL recipe: a VALIDATE CONSTRAINT on the same table earlier in the
 * section (its NOT VALID check added in an earlier migration) lets PostgreSQL 12+ skip the scan.
 */
function followsValidatedCheck(ctx: RuleContext, table: string, index: number): boolean {
  if (!isPostgres(ctx) || (ctx.versions?.postgres ?? Infinity) < 12) return false;
  return (ctx.run?.statements ?? []).some(
    (s) => s.index < index && s.changes.some((c) => c.object === 'constraint' && c.validate && c.table === table),
  );
}

export const RISK_RULES: readonly RiskRule[] = [...BASE_RULES, ...LOCK_RULES, ...STATEMENT_RULES, ...MYSQL_RULES, ...STYLE_RULES];

const RULES_BY_ID: ReadonlyMap<string, RiskRule> = new Map(RISK_RULES.map((r) => [r.id, r]));

export function isRuleId(id: string): id is RuleId {
  return RULES_BY_ID.has(id);
}
