// Rules read from a statement's words, for every dialect: transaction control inside dbmate's
// transaction, dropped databases, privileges, identifier lengths, and MySQL's and SQLite's
// silent no-ops.

import type { AnalyzedSection, AnalyzedStatement } from './analyze.js';
import type { Token } from './lexer.js';
import type { RuleId } from './rule-ids.js';
import {
  columnName,
  onExisting,
  sections,
  statementHit,
  tokenSpan,
  type RuleContext,
  type RuleHit,
  type RuleSpec,
  type TargetVersions,
} from './rule-context.js';
import { mariadbTarget, versionAtLeast } from './rules-mysql.js';

type TransactionWord = 'begin' | 'end';

/** BEGIN / START TRANSACTION open a transaction; COMMIT / END / ROLLBACK (not TO a savepoint) close it. */
function transactionWord(s: AnalyzedStatement): TransactionWord | null {
  const [first, second] = s.tokens.map((t) => (t.type === 'word' ? t.value : ''));
  if (first === 'BEGIN' && s.tokens.length <= 3) return 'begin';
  if (first === 'START' && second === 'TRANSACTION') return 'begin';
  if (first === 'COMMIT' || (first === 'END' && s.tokens.length <= 2)) return 'end';
  if (first === 'ROLLBACK' && !s.tokens.some((t) => t.value === 'TO')) return 'end';
  return null;
}

function eachSection(ctx: RuleContext, check: (section: AnalyzedSection) => RuleHit[]): RuleHit[] {
  return sections(ctx).flatMap(check);
}

function words(s: AnalyzedStatement, count: number): string[] {
  return s.tokens.slice(0, count).map((t) => (t.type === 'word' ? t.value : ''));
}

const PRIVILEGE_OBJECTS = new Set(['ROLE', 'USER', 'GROUP']);

/** Longest identifier each server accepts: PostgreSQL truncates past 63 bytes, MySQL refuses past 64 characters. */
const IDENTIFIER_LIMITS: Partial<Record<string, { max: number; bytes: boolean; effect: string }>> = {
  postgres: { max: 63, bytes: true, effect: 'PostgreSQL silently cuts it to 63 bytes' },
  mysql: { max: 64, bytes: false, effect: 'MySQL refuses names over 64 characters' },
};

/** The REFERENCES of a column definition, not of a FOREIGN KEY (…) clause in the same list item. */
function inlineReferences(tokens: readonly Token[]): Token[] {
  const found: Token[] = [];
  tokens.forEach((token, at) => {
    if (token.type !== 'word' || token.value !== 'REFERENCES') return;
    let depth = 0;
    for (let i = at - 1; i >= 0; i--) {
      const t = tokens[i];
      if (t.type === 'punct' && t.value === ')') depth++;
      else if (t.type === 'punct' && t.value === '(') {
        if (depth === 0) break;
        depth--;
      } else if (depth === 0 && t.type === 'punct' && t.value === ',') break;
      else if (depth === 0 && t.type === 'word' && (t.value === 'FOREIGN' || t.value === 'CONSTRAINT')) return;
    }
    found.push(token);
  });
  return found;
}

/** MySQL 9.0 and MariaDB 10.5 make a foreign key of a column's REFERENCES; older servers ignore it. */
function inlineReferencesWork(versions: TargetVersions | undefined): boolean {
  const mariadb = mariadbTarget(versions);
  return mariadb ? versionAtLeast(mariadb, 10, 5) : (versions?.mysql ?? 0) >= 9;
}

export const STATEMENT_RULES: readonly RuleSpec<RuleId>[] = [
  {
    id: 'transaction-in-transaction',
    level: 'high',
    category: 'risk',
    dialects: 'all',
    message:
      'dbmate already runs this section in a transaction: a BEGIN inside it fails (SQLite) or commits early (MySQL), and a COMMIT ends dbmate’s transaction halfway.',
    fix: 'Remove the BEGIN/COMMIT lines, or mark the section `transaction:false` if it must manage its own transaction.',
    examples: [
      {
        bad: 'BEGIN;\nCREATE TABLE t (id int);\nCOMMIT;',
        good: '-- migrate:up transaction:false\nBEGIN;\nCREATE TABLE t (id int);\nCOMMIT;\n\n-- migrate:down\nDROP TABLE t;\n',
      },
    ],
    check: (ctx) =>
      eachSection(ctx, (section) =>
        section.transaction
          ? section.statements
              .filter((s) => transactionWord(s))
              .map((s) =>
                statementHit(
                  section,
                  s,
                  `${s.tokens[0].value} inside the ${section.direction} section, which dbmate already wraps in a transaction`,
                ),
              )
          : [],
      ),
  },
  {
    id: 'transaction-left-open',
    level: 'high',
    category: 'risk',
    dialects: 'all',
    message: 'A transaction begun in the section is never committed: its changes are rolled back when dbmate’s connection closes.',
    fix: 'End the transaction with COMMIT before the section ends.',
    examples: [
      {
        bad: '-- migrate:up transaction:false\nBEGIN;\nCREATE TABLE t (id int);\n\n-- migrate:down\nDROP TABLE t;\n',
        good: '-- migrate:up transaction:false\nBEGIN;\nCREATE TABLE t (id int);\nCOMMIT;\n\n-- migrate:down\nDROP TABLE t;\n',
      },
    ],
    check: (ctx) =>
      eachSection(ctx, (section) => {
        if (section.transaction) return [];
        let open: AnalyzedStatement | null = null;
        for (const s of section.statements) {
          const word = transactionWord(s);
          if (word === 'begin') open = s;
          else if (word === 'end') open = null;
        }
        return open
          ? [statementHit(section, open, `the transaction begun here is never committed in the ${section.direction} section`)]
          : [];
      }),
  },
  {
    id: 'drop-database',
    level: 'high',
    category: 'risk',
    dialects: 'all',
    message: 'DROP DATABASE deletes a whole database; it does not belong in a migration.',
    fix: 'Remove it; drop databases by hand (`dbtk drop`) where people can see what goes.',
    examples: [{ bad: 'DROP DATABASE legacy;', good: 'DROP TABLE IF EXISTS legacy_imports;' }],
    check: (ctx) =>
      eachSection(ctx, (section) =>
        section.statements
          .filter((s) => {
            const [first, second] = words(s, 2);
            return first === 'DROP' && (second === 'DATABASE' || (second === 'SCHEMA' && section.dialect === 'mysql'));
          })
          .map((s) => statementHit(section, s, `drops database ${s.tokens.at(-1)?.value.toLowerCase() ?? ''}`)),
      ),
  },
  {
    id: 'privilege-change',
    level: 'low',
    category: 'risk',
    dialects: 'all',
    message:
      'Roles and privileges differ between environments; changing them in a migration fails where the role is missing, or grants more than meant.',
    fix: 'Manage roles and grants outside the migrations, or keep the change and say why with `-- dbtk:ignore privilege-change reason`.',
    examples: [{ bad: 'GRANT SELECT ON users TO reporting;', good: 'CREATE VIEW user_emails AS SELECT id, email FROM users;' }],
    check: (ctx) =>
      ctx.run
        ? ctx.run.statements
            .filter((s) => {
              const [first, second, third] = words(s, 3);
              if (first === 'GRANT' || first === 'REVOKE') return true;
              if (first === 'ALTER' && second === 'DEFAULT' && third === 'PRIVILEGES') return true;
              return (first === 'CREATE' || first === 'ALTER' || first === 'DROP') && PRIVILEGE_OBJECTS.has(second);
            })
            .map((s) => statementHit(ctx.run!, s, `changes privileges: ${words(s, 3).join(' ').toLowerCase().trim()}…`))
        : [],
  },
  {
    id: 'sqlite-pragma-in-transaction',
    level: 'medium',
    category: 'risk',
    dialects: ['sqlite'],
    message: 'PRAGMA foreign_keys does nothing inside a transaction, so foreign keys stay as they were.',
    fix: 'Mark the section `transaction:false` and set the pragma before BEGIN (and after COMMIT).',
    examples: [
      {
        dialect: 'sqlite',
        bad: 'PRAGMA foreign_keys = OFF;\nDROP TABLE t;',
        good: '-- migrate:up transaction:false\nPRAGMA foreign_keys = OFF;\nBEGIN;\nCREATE TABLE t (id INTEGER);\nCOMMIT;\nPRAGMA foreign_keys = ON;\n\n-- migrate:down\nDROP TABLE t;\n',
      },
    ],
    check: (ctx) =>
      eachSection(ctx, (section) => {
        if (section.dialect !== 'sqlite') return [];
        const hits: RuleHit[] = [];
        let inTransaction = section.transaction;
        for (const s of section.statements) {
          const word = transactionWord(s);
          if (word) inTransaction = section.transaction || word === 'begin';
          const [first, second] = words(s, 2);
          if (inTransaction && first === 'PRAGMA' && second === 'FOREIGN_KEYS')
            hits.push(statementHit(section, s, 'PRAGMA foreign_keys inside a transaction has no effect'));
        }
        return hits;
      }),
  },
  {
    id: 'identifier-too-long',
    level: 'medium',
    category: 'risk',
    dialects: ['postgres', 'mysql'],
    message:
      'A name longer than the server allows is cut (PostgreSQL, 63 bytes: two long names can then collide) or refused (MySQL, 64 characters).',
    fix: 'Choose a shorter name.',
    examples: [
      {
        bad: `CREATE INDEX ${'users_'.repeat(11)}idx ON users (email);`,
        good: 'CREATE INDEX users_email_idx ON users (email);',
      },
    ],
    check: (ctx) => {
      const limit = IDENTIFIER_LIMITS[ctx.run?.dialect ?? ctx.dialect];
      if (!limit || !ctx.run) return [];
      const run = ctx.run;
      // Read from the tokens: PostgreSQL's own parser has already cut the names it returns.
      // A plain loop: this looks at every word of every file.
      const hits: RuleHit[] = [];
      for (const s of run.statements) {
        for (const t of s.tokens) {
          if ((t.type !== 'word' && t.type !== 'ident') || t.value.length * (limit.bytes ? 4 : 1) <= limit.max) continue;
          const length = limit.bytes ? Buffer.byteLength(t.value) : [...t.value].length;
          if (length <= limit.max) continue;
          const name = t.type === 'word' ? t.value.toLowerCase() : t.value;
          hits.push(
            statementHit(run, s, `name ${name} is ${length} ${limit.bytes ? 'bytes' : 'characters'}: ${limit.effect}`, tokenSpan(run, t)),
          );
        }
      }
      return hits;
    },
  },
  {
    id: 'mysql-implicit-default',
    level: 'low',
    category: 'risk',
    dialects: ['mysql'],
    message:
      'MySQL fills a new NOT NULL column without a default with the type’s implicit value (0, empty string, zero date) in every existing row.',
    fix: 'Give the column an explicit DEFAULT, or add it nullable and backfill real values.',
    examples: [
      {
        dialect: 'mysql',
        bad: 'ALTER TABLE users ADD COLUMN age INT NOT NULL;',
        good: 'ALTER TABLE users ADD COLUMN age INT NOT NULL DEFAULT 0;',
      },
    ],
    check: (ctx) =>
      (ctx.run?.dialect ?? ctx.dialect) === 'mysql'
        ? onExisting(ctx, (c) =>
            c.object === 'column' && c.action === 'create' && c.notNull && !c.hasDefault
              ? `adds NOT NULL column ${columnName(c)} without a default: existing rows get an implicit value`
              : null,
          )
        : [],
  },
  {
    id: 'mysql-inline-references-ignored',
    level: 'medium',
    category: 'risk',
    dialects: ['mysql'],
    message:
      'MySQL before 9.0 parses REFERENCES in a column definition and ignores it: no foreign key is created. MySQL 9.0+ and MariaDB 10.5+ create the key, so with `lint.mysql` ≥ 9.0 or `lint.mariadb` ≥ 10.5 (in the config, or detected from the server) the rule stays quiet.',
    fix: 'Write the key as a table constraint: FOREIGN KEY (col) REFERENCES other (id).',
    examples: [
      {
        dialect: 'mysql',
        bad: 'CREATE TABLE orders (id INT PRIMARY KEY, user_id INT REFERENCES users (id));',
        good: 'CREATE TABLE orders (id INT PRIMARY KEY, user_id INT, FOREIGN KEY (user_id) REFERENCES users (id));',
      },
      {
        dialect: 'mysql',
        versions: { mariadb: '10.4' },
        bad: 'CREATE TABLE orders (id INT PRIMARY KEY, user_id INT REFERENCES users (id));',
        good: 'CREATE TABLE orders (id INT PRIMARY KEY, user_id INT, FOREIGN KEY (user_id) REFERENCES users (id));',
      },
    ],
    check: (ctx) =>
      (ctx.run?.dialect ?? ctx.dialect) === 'mysql' && ctx.run && !inlineReferencesWork(ctx.versions)
        ? ctx.run.statements.flatMap((s) =>
            inlineReferences(s.tokens).map((token) =>
              statementHit(
                ctx.run!,
                s,
                `REFERENCES in a column definition is ignored by ${mariadbTarget(ctx.versions) ? `MariaDB ${mariadbTarget(ctx.versions)}` : 'MySQL'}: no foreign key is made`,
                tokenSpan(ctx.run!, token),
              ),
            ),
          )
        : [],
  },
];
