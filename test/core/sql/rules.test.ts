import { describe, expect, it } from 'vitest';
import type { Dialect } from '../../../src/core/shared/dialect.js';
import { parseMigrationContent, type MigrationFile } from '../../../src/core/migrations/file.js';
import { assessMigrations, type AssessContext, type MigrationAssessment } from '../../../src/core/sql/assess.js';
import { RISK_RULES, RULE_IDS, type RuleId } from '../../../src/core/sql/rules.js';

function migration(content: string, file = '20240102000000_change.sql'): MigrationFile {
  return parseMigrationContent(file, `/virtual/${file}`, Buffer.from(content));
}

async function assess(content: string, context: Partial<AssessContext> = {}): Promise<MigrationAssessment> {
  const file = migration(content);
  const result = await assessMigrations([file], { dialect: 'postgres', sources: new Map([[file.path, content]]), ...context });
  return result.migrations[0];
}

const file = (up: string, down = 'SELECT 1;', upOptions = '') => `-- migrate:up${upOptions}\n${up}\n\n-- migrate:down\n${down}\n`;

interface RuleCase {
  rule: RuleId;
  dialect?: Dialect;
  triggers: string;
  passes: string;
}

const CASES: RuleCase[] = [
  { rule: 'drop-table', triggers: file('DROP TABLE users;'), passes: file('CREATE TABLE tmp (id int);\nDROP TABLE tmp;') },
  {
    rule: 'drop-column',
    triggers: file('ALTER TABLE users DROP COLUMN legacy;'),
    passes: file('CREATE TABLE t (a int, b int);\nALTER TABLE t DROP COLUMN b;'),
  },
  {
    rule: 'column-type-change',
    triggers: file('ALTER TABLE users ALTER COLUMN age TYPE bigint;'),
    passes: file('ALTER TABLE users ALTER COLUMN age SET DEFAULT 0;'),
  },
  {
    rule: 'column-type-change',
    dialect: 'mysql',
    triggers: file('ALTER TABLE users MODIFY COLUMN email varchar(320);'),
    passes: file("ALTER TABLE users ALTER COLUMN email SET DEFAULT '';"),
  },
  {
    rule: 'rename-table',
    triggers: file('ALTER TABLE users RENAME TO people;'),
    passes: file('CREATE TABLE tmp (a int);\nALTER TABLE tmp RENAME TO final;'),
  },
  {
    rule: 'rename-column',
    triggers: file('ALTER TABLE users RENAME COLUMN name TO full_name;'),
    passes: file('CREATE TABLE t (a int);\nALTER TABLE t RENAME COLUMN a TO b;'),
  },
  {
    rule: 'not-null-without-default',
    triggers: file('ALTER TABLE users ADD COLUMN age int NOT NULL;'),
    passes: file('ALTER TABLE users ADD COLUMN age int NOT NULL DEFAULT 0;'),
  },
  {
    rule: 'not-null-without-default',
    dialect: 'sqlite',
    triggers: file('ALTER TABLE users ADD COLUMN age INTEGER NOT NULL;'),
    passes: file('ALTER TABLE users ADD COLUMN age INTEGER;'),
  },
  {
    rule: 'set-not-null',
    triggers: file('ALTER TABLE users ALTER COLUMN email SET NOT NULL;'),
    passes: file('ALTER TABLE users ALTER COLUMN email DROP NOT NULL;'),
  },
  {
    rule: 'index-not-concurrent',
    triggers: file('CREATE INDEX users_email ON users (email);'),
    passes: file('CREATE TABLE t (a int);\nCREATE INDEX t_a ON t (a);'),
  },
  {
    rule: 'concurrently-in-transaction',
    triggers: file('CREATE INDEX CONCURRENTLY users_email ON users (email);'),
    passes: file('CREATE INDEX CONCURRENTLY users_email ON users (email);', 'DROP INDEX users_email;', ' transaction:false'),
  },
  {
    rule: 'concurrently-in-transaction',
    triggers: file(
      'CREATE INDEX CONCURRENTLY a ON users (a);\nCREATE INDEX CONCURRENTLY b ON users (b);',
      'SELECT 1;',
      ' transaction:false',
    ),
    passes: file('CREATE INDEX a ON users (a);'),
  },
  {
    rule: 'concurrently-in-transaction',
    // The rollback would fail just the same.
    triggers: file('CREATE INDEX CONCURRENTLY a ON users (a);', 'DROP INDEX CONCURRENTLY a;', ' transaction:false'),
    passes: file('CREATE INDEX CONCURRENTLY a ON users (a);', 'DROP INDEX a;', ' transaction:false'),
  },
  {
    rule: 'constraint-not-valid',
    triggers: file('ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id);'),
    passes: file('ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;'),
  },
  {
    rule: 'constraint-not-valid',
    triggers: file('ALTER TABLE orders ADD CONSTRAINT positive CHECK (total > 0);'),
    passes: file('ALTER TABLE orders ADD CONSTRAINT u UNIQUE (code);'),
  },
  {
    rule: 'update-without-where',
    triggers: file('UPDATE users SET active = true;'),
    passes: file('UPDATE users SET active = true WHERE id = 1;'),
  },
  { rule: 'delete-without-where', triggers: file('DELETE FROM sessions;'), passes: file('DELETE FROM sessions WHERE expires_at < now();') },
  { rule: 'truncate', triggers: file('TRUNCATE sessions;'), passes: file('DELETE FROM sessions WHERE id < 10;') },
  {
    rule: 'missing-down',
    triggers: file('CREATE TABLE t (a int);', '-- nothing to do'),
    passes: file('CREATE TABLE t (a int);', 'DROP TABLE t;'),
  },
  {
    rule: 'down-not-reversing',
    triggers: file('CREATE TABLE t (a int);\nCREATE INDEX t_a ON t (a);\nALTER TABLE users ADD COLUMN note text;', 'DROP INDEX t_a;'),
    passes: file(
      'CREATE TABLE t (a int);\nCREATE INDEX t_a ON t (a);\nALTER TABLE users ADD COLUMN note text;',
      'ALTER TABLE users DROP COLUMN note;\nDROP TABLE t;',
    ),
  },
  {
    rule: 'down-not-reversing',
    triggers: file(
      'ALTER TABLE users ADD COLUMN age int;\nCREATE INDEX users_age ON users (age);',
      'DROP INDEX users_name;\nALTER TABLE users DROP COLUMN name;',
    ),
    // Dropping the column drops its index too.
    passes: file('ALTER TABLE users ADD COLUMN age int;\nCREATE INDEX users_age ON users (age);', 'ALTER TABLE users DROP COLUMN age;'),
  },
  {
    rule: 'down-not-reversing',
    triggers: file('ALTER TABLE users RENAME COLUMN a TO b;', 'SELECT 1;'),
    passes: file('ALTER TABLE users RENAME COLUMN a TO b;', 'ALTER TABLE users RENAME COLUMN b TO a;'),
  },
  {
    rule: 'mixed-data-and-schema',
    triggers: file("ALTER TABLE users ADD COLUMN plan text;\nUPDATE users SET plan = 'free' WHERE plan IS NULL;"),
    passes: file("CREATE TABLE roles (name text);\nINSERT INTO roles VALUES ('admin');"),
  },
  {
    rule: 'mysql-delimiter',
    dialect: 'mysql',
    triggers: file('DELIMITER //\nCREATE PROCEDURE p() BEGIN SELECT 1; END //\nDELIMITER ;'),
    passes: file('CREATE PROCEDURE p() BEGIN SELECT 1; END;'),
  },
  { rule: 'syntax-error', triggers: file('ALTER TABLE users ADD COLUMN;'), passes: file('ALTER TABLE users ADD COLUMN x int;') },
  { rule: 'invalid-migration-file', triggers: '-- migrate:up\nCREATE TABLE t (a int);\n', passes: file('CREATE TABLE t (a int);') },
];

describe('risk rules', () => {
  it('every rule has an id, a level, a message, a fix and documented examples (run in rules.examples.test.ts)', () => {
    expect(new Set(RISK_RULES.map((r) => r.id))).toEqual(new Set(RULE_IDS));
    for (const rule of RISK_RULES) {
      expect(rule.examples.length, rule.id).toBeGreaterThan(0);
      expect(rule.message.length).toBeGreaterThan(10);
      expect(rule.fix.length).toBeGreaterThan(10);
      expect(['low', 'medium', 'high']).toContain(rule.level);
    }
  });

  it.each(CASES)('$rule ($dialect) triggers', async ({ rule, dialect, triggers }) => {
    const result = await assess(triggers, { dialect: dialect ?? 'postgres' });
    const finding = result.findings.find((f) => f.rule === rule);
    expect(finding, JSON.stringify(result.findings)).toBeDefined();
    expect(finding!.level).toBe(RISK_RULES.find((r) => r.id === rule)!.level);
    expect(finding!.line).toBeGreaterThan(0);
  });

  it.each(CASES)('$rule ($dialect) stays quiet on the safe form', async ({ rule, dialect, passes }) => {
    const result = await assess(passes, { dialect: dialect ?? 'postgres' });
    expect(result.findings.map((f) => f.rule)).not.toContain(rule);
  });
});

describe('what "existing table" means', () => {
  const dropUsers = file('DROP TABLE users;');

  it('without a schema file, any table not created earlier in the file exists', async () => {
    expect((await assess(dropUsers)).findings.map((f) => f.rule)).toContain('drop-table');
  });

  it('with a schema file, a table that appears nowhere is not an existing one', async () => {
    const result = await assess(dropUsers, { schemaSql: 'CREATE TABLE public.orders (id integer);' });
    expect(result.findings.map((f) => f.rule)).not.toContain('drop-table');
  });

  it('with a schema file, a table in it (schema-qualified, as pg_dump writes) exists', async () => {
    const result = await assess(dropUsers, { schemaSql: 'SET x = 1;\nCREATE TABLE public.users (\n    id integer NOT NULL\n);' });
    expect(result.findings.map((f) => f.rule)).toContain('drop-table');
  });

  it('with a schema file, a table created by an earlier migration exists', async () => {
    const earlier = migration(file('CREATE TABLE users (id int);', 'DROP TABLE users;'), '20240101000000_users.sql');
    const later = migration(dropUsers);
    const result = await assessMigrations([later], {
      dialect: 'postgres',
      schemaSql: '',
      allMigrations: [earlier, later],
      sources: new Map([[later.path, dropUsers]]),
    });
    expect(result.migrations[0].findings.map((f) => f.rule)).toContain('drop-table');
  });

  it('for a rollback preview, the tables up created exist and dropping them is flagged', async () => {
    const content = file('CREATE TABLE audit (id int);', 'DROP TABLE audit;');
    const result = await assess(content, { direction: 'down' });
    expect(result.direction).toBe('down');
    expect(result.findings.map((f) => [f.rule, f.section])).toContainEqual(['drop-table', 'down']);
    expect(result.statements.map((s) => s.kind)).toEqual(['drop_table']);
  });
});

describe('suppression', () => {
  it('a dbtk:ignore comment anywhere in the file suppresses that rule for the file', async () => {
    const content = `-- dbtk:ignore drop-table, truncate -- archived in 2023\n${file('DROP TABLE users;\nTRUNCATE sessions;\nDELETE FROM logs;', 'CREATE TABLE users (id int);')}`;
    const result = await assess(content);
    expect(result.findings.map((f) => f.rule)).toEqual(['lock-timeout-missing', 'delete-without-where', 'mixed-data-and-schema']);
    expect(result.suppressed.map((f) => [f.rule, f.suppressedBy])).toEqual([
      ['drop-table', 'comment'],
      ['truncate', 'comment'],
    ]);
    expect(result.risk).toBe('high');
  });

  it('the project config suppresses a rule everywhere', async () => {
    const result = await assess(file('ALTER TABLE users RENAME TO people;', 'ALTER TABLE people RENAME TO users;'), {
      ignore: ['rename-table', 'lock-timeout-missing'],
    });
    expect(result.findings).toEqual([]);
    expect(result.suppressed[0]).toMatchObject({ rule: 'rename-table', suppressedBy: 'config' });
    expect(result.risk).toBe('none');
  });

  it('an unknown id in a directive is reported, not silently ignored', async () => {
    const result = await assess(`-- dbtk:ignore drop-tabel\n${file('DROP TABLE users;')}`);
    expect(result.warnings).toEqual(['line 1: dbtk:ignore names an unknown rule "drop-tabel"']);
    expect(result.findings.map((f) => f.rule)).toContain('drop-table');
  });
});

describe('findings point at the right line', () => {
  it('counts the blank lines after the marker that the section text loses', async () => {
    const content = '-- migrate:up\n\n\n-- drop it\nDROP TABLE users;\n\n-- migrate:down\n\nCREATE TABLE users (id int);\n';
    const result = await assess(content);
    expect(result.statements[0].line).toBe(5);
    expect(result.findings.find((f) => f.rule === 'drop-table')!.line).toBe(5);
  });

  it('other dialects do not get PostgreSQL-only rules', async () => {
    const content = file(
      'CREATE INDEX users_email ON users (email);\nALTER TABLE users ADD COLUMN age int NOT NULL;',
      'DROP INDEX users_email ON users;\nALTER TABLE users DROP COLUMN age;',
    );
    const result = await assess(content, { dialect: 'mysql' });
    expect(result.findings.map((f) => f.rule)).toEqual(['mysql-implicit-default']);
  });

  it('a generic project sniffs PostgreSQL SQL but does not report syntax errors', async () => {
    const result = await assess(file('CREATE INDEX CONCURRENTLY i ON users (a);\nALTER TABLE users ADD COLUMN;', 'DROP INDEX i;'), {
      dialect: 'generic',
    });
    expect(result.findings.map((f) => f.rule)).toEqual(['concurrently-in-transaction']);
  });
});
