// Findings that experts trust: syntax errors are high and point at the typo, recipes that are
// safe are recognised, and `dbtk:ignore` works per statement and per file.

import { describe, expect, it } from 'vitest';
import type { Dialect } from '../../../src/core/shared/dialect.js';
import { parseMigrationContent } from '../../../src/core/migrations/file.js';
import type { ParseMode } from '../../../src/core/sql/analyze.js';
import { assessMigrations, type MigrationAssessment } from '../../../src/core/sql/assess.js';

async function assess(
  content: string,
  dialect: Dialect = 'postgres',
  versions = {},
  parse: ParseMode = 'all',
): Promise<MigrationAssessment> {
  const file = parseMigrationContent('20240102000000_x.sql', '/virtual/20240102000000_x.sql', Buffer.from(content));
  const result = await assessMigrations([file], { dialect, sources: new Map([[file.path, content]]), versions, parse });
  return result.migrations[0];
}

const rules = (m: MigrationAssessment) => m.findings.map((f) => f.rule);

describe('syntax errors', () => {
  it('a typo is one high finding at the offending word, with no phantom findings from the broken statement', async () => {
    const m = await assess('-- migrate:up\nALTER TABLE users ADD COLUM x int;\n\n-- migrate:down\nSELECT 1;\n');
    expect(m.findings).toEqual([
      expect.objectContaining({ rule: 'syntax-error', level: 'high', line: 2, column: 31, endLine: 2, endColumn: 34 }),
    ]);
  });

  it.each(['all', 'lint'] as const)(
    'every statement is parsed, not only ALTER, and the column counts the indentation (%s)',
    async (parse) => {
      const m = await assess('-- migrate:up\n  CREATE TABLE t (a int,);\n\n-- migrate:down\nDROP TABLE t;\n', 'postgres', {}, parse);
      expect(m.findings).toEqual([expect.objectContaining({ rule: 'syntax-error', level: 'high', line: 2, column: 25, endColumn: 26 })]);
    },
  );
});

describe('safe recipes', () => {
  it("SQLite's documented table rebuild is not a dropped table nor an unreversed down", async () => {
    const rebuild = (extra: string) =>
      `PRAGMA foreign_keys = OFF;\nBEGIN;\nCREATE TABLE users_new (id INTEGER PRIMARY KEY, email TEXT NOT NULL${extra});\nINSERT INTO users_new (id, email) SELECT id, email FROM users;\nDROP TABLE users;\nALTER TABLE users_new RENAME TO users;\nCOMMIT;\nPRAGMA foreign_keys = ON;`;
    const content = `-- migrate:up transaction:false\n${rebuild(", CHECK (email <> '')")}\n\n-- migrate:down transaction:false\n${rebuild('')}\n`;
    const m = await assess(content, 'sqlite');
    expect(m.findings).toEqual([]);
  });

  it('a down that drops the columns undoes the foreign keys and unique constraints on them', async () => {
    const m = await assess(
      '-- migrate:up\nALTER TABLE orders ADD COLUMN user_id int;\nALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;\n\n-- migrate:down\nALTER TABLE orders DROP COLUMN user_id;\n',
    );
    expect(rules(m)).not.toContain('down-not-reversing');
  });

  it('SET NOT NULL after VALIDATE of the CHECK is the PostgreSQL 12+ recipe; before 12 it still scans', async () => {
    const content =
      '-- migrate:up\nALTER TABLE users VALIDATE CONSTRAINT users_email_nn;\nALTER TABLE users ALTER COLUMN email SET NOT NULL;\n\n-- migrate:down\nALTER TABLE users ALTER COLUMN email DROP NOT NULL;\n';
    expect(rules(await assess(content))).not.toContain('set-not-null');
    expect(rules(await assess(content, 'postgres', { postgres: 11 }))).toContain('set-not-null');
  });

  it('a constant default is cheap from PostgreSQL 11, a rewrite before', async () => {
    const content =
      "-- migrate:up\nALTER TABLE users ADD COLUMN plan text DEFAULT 'free';\n\n-- migrate:down\nALTER TABLE users DROP COLUMN plan;\n";
    expect(rules(await assess(content))).not.toContain('add-column-rewrites-table');
    expect(rules(await assess(content, 'postgres', { postgres: 10 }))).toContain('add-column-rewrites-table');
  });
});

describe('dbtk:ignore', () => {
  const twoDrops = (comment: string) =>
    `-- migrate:up\n${comment}DROP TABLE users;\nDROP TABLE sessions;\n\n-- migrate:down\nCREATE TABLE users (id int);\nCREATE TABLE sessions (id int);\n`;

  it('on the line before a statement, silences those rules for that statement only', async () => {
    const m = await assess(twoDrops('-- dbtk:ignore drop-table,lock-timeout-missing users moved to the new service\n'));
    expect(m.findings.filter((f) => f.rule === 'drop-table').map((f) => f.line)).toEqual([4]);
    expect(m.suppressed.map((f) => [f.rule, f.line])).toEqual([
      ['drop-table', 3],
      ['lock-timeout-missing', 3],
    ]);
    expect(m.warnings).toEqual([]);
  });

  it('dbtk:ignore-file silences a rule in the whole file', async () => {
    const m = await assess(`-- dbtk:ignore-file drop-table\n${twoDrops('')}`);
    expect(rules(m)).not.toContain('drop-table');
    expect(m.suppressed.filter((f) => f.rule === 'drop-table')).toHaveLength(2);
  });

  it('an ignore that matches nothing is reported', async () => {
    const m = await assess(twoDrops('-- dbtk:ignore truncate no truncate here\n'));
    expect(m.warnings).toEqual(['line 2: dbtk:ignore truncate matched no finding (remove it)']);
  });
});
