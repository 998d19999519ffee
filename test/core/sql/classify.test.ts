import { beforeAll, describe, expect, it } from 'vitest';
import type { Dialect } from '../../../src/core/shared/dialect.js';
import { classifyStatement } from '../../../src/core/sql/analyze.js';
import type { ClassifiedStatement } from '../../../src/core/sql/change.js';
import { loadPostgresParser } from '../../../src/core/sql/pg-parser.js';
import { splitStatements } from '../../../src/core/sql/splitter.js';

function classify(sql: string, dialect: Dialect, useParser = true): ClassifiedStatement {
  const [statement] = splitStatements(sql, dialect).statements;
  return classifyStatement(statement, dialect, { parse: useParser ? 'all' : 'none', reportSyntaxErrors: true });
}

beforeAll(async () => {
  expect(await loadPostgresParser()).toBe(true);
});

// PostgreSQL statements: PostgreSQL's parser and the pattern fallback must agree.
const POSTGRES_CASES: [string, Partial<ClassifiedStatement>][] = [
  [
    'CREATE TABLE IF NOT EXISTS public.users (id bigserial PRIMARY KEY, email text NOT NULL)',
    { kind: 'create_table', changes: [{ action: 'create', object: 'table', name: 'public.users' }] },
  ],
  [
    'DROP TABLE IF EXISTS a, b CASCADE',
    {
      kind: 'drop_table',
      changes: [
        { action: 'drop', object: 'table', name: 'a' },
        { action: 'drop', object: 'table', name: 'b' },
      ],
    },
  ],
  [
    'ALTER TABLE users ADD COLUMN email text NOT NULL',
    {
      kind: 'add_column',
      changes: [{ action: 'create', object: 'column', name: 'email', table: 'users', notNull: true, hasDefault: false }],
    },
  ],
  [
    "ALTER TABLE users ADD COLUMN IF NOT EXISTS note text NOT NULL DEFAULT ''",
    {
      kind: 'add_column',
      changes: [{ action: 'create', object: 'column', name: 'note', table: 'users', notNull: true, hasDefault: true }],
    },
  ],
  [
    'ALTER TABLE users ADD COLUMN n int NOT NULL DEFAULT NULL',
    { changes: [{ action: 'create', object: 'column', name: 'n', table: 'users', notNull: true, hasDefault: false }] },
  ],
  [
    'ALTER TABLE ONLY users ADD COLUMN id2 bigserial',
    { changes: [{ action: 'create', object: 'column', name: 'id2', table: 'users', notNull: false, hasDefault: true }] },
  ],
  [
    'ALTER TABLE users ADD COLUMN g int GENERATED ALWAYS AS IDENTITY',
    { changes: [{ action: 'create', object: 'column', name: 'g', table: 'users', notNull: false, hasDefault: true }] },
  ],
  [
    'ALTER TABLE users DROP COLUMN IF EXISTS legacy',
    { kind: 'drop_column', changes: [{ action: 'drop', object: 'column', name: 'legacy', table: 'users' }] },
  ],
  [
    'ALTER TABLE users ALTER COLUMN age TYPE bigint USING age::bigint',
    { kind: 'alter_column', changes: [{ action: 'alter', object: 'column', name: 'age', table: 'users', typeChange: true }] },
  ],
  [
    'ALTER TABLE users ALTER COLUMN email SET NOT NULL',
    { changes: [{ action: 'alter', object: 'column', name: 'email', table: 'users', setNotNull: true }] },
  ],
  [
    'ALTER TABLE users RENAME COLUMN a TO b',
    { kind: 'rename_column', changes: [{ action: 'rename', object: 'column', name: 'a', table: 'users', newName: 'b' }] },
  ],
  [
    'ALTER TABLE users RENAME TO people',
    { kind: 'rename_table', changes: [{ action: 'rename', object: 'table', name: 'users', newName: 'people' }] },
  ],
  [
    'ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID',
    {
      kind: 'add_constraint',
      changes: [
        { action: 'create', object: 'constraint', name: 'orders_user_fk', table: 'orders', constraintType: 'foreign_key', notValid: true },
      ],
    },
  ],
  [
    'ALTER TABLE orders ADD CONSTRAINT positive CHECK (total > 0)',
    { changes: [{ action: 'create', object: 'constraint', name: 'positive', table: 'orders', constraintType: 'check' }] },
  ],
  [
    'ALTER TABLE orders DROP CONSTRAINT orders_user_fk',
    { kind: 'drop_constraint', changes: [{ action: 'drop', object: 'constraint', name: 'orders_user_fk', table: 'orders' }] },
  ],
  [
    'CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS users_email ON users USING btree (lower(email), created_at DESC)',
    {
      kind: 'create_index',
      noTransaction: 'CREATE INDEX CONCURRENTLY',
      changes: [
        {
          action: 'create',
          object: 'index',
          name: 'users_email',
          table: 'users',
          unique: true,
          concurrently: true,
          columns: ['created_at'],
        },
      ],
    },
  ],
  ['CREATE INDEX ON users (a)', { kind: 'create_index', changes: [{ action: 'create', object: 'index', name: '', table: 'users' }] }],
  [
    'DROP INDEX CONCURRENTLY users_email',
    {
      kind: 'drop_index',
      noTransaction: 'DROP INDEX CONCURRENTLY',
      changes: [{ action: 'drop', object: 'index', name: 'users_email', concurrently: true }],
    },
  ],
  [
    'CREATE OR REPLACE VIEW active AS SELECT * FROM users WHERE active',
    { kind: 'create_view', changes: [{ action: 'create', object: 'view', name: 'active', orReplace: true }] },
  ],
  ['CREATE MATERIALIZED VIEW totals AS SELECT 1', { kind: 'create_view', changes: [{ action: 'create', object: 'view', name: 'totals' }] }],
  [
    'CREATE FUNCTION touch() RETURNS trigger AS $$ BEGIN RETURN NEW; END $$ LANGUAGE plpgsql',
    { kind: 'create_function', changes: [{ action: 'create', object: 'function', name: 'touch' }] },
  ],
  [
    'CREATE TRIGGER t BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION touch()',
    { kind: 'create_trigger', changes: [{ action: 'create', object: 'trigger', name: 't', table: 'users' }] },
  ],
  ['DROP TRIGGER t ON users', { kind: 'drop_trigger', changes: [{ action: 'drop', object: 'trigger', name: 't', table: 'users' }] }],
  ['DROP FUNCTION touch()', { kind: 'drop_function', changes: [{ action: 'drop', object: 'function', name: 'touch' }] }],
  ['DROP VIEW IF EXISTS active', { kind: 'drop_view', changes: [{ action: 'drop', object: 'view', name: 'active' }] }],
  ["INSERT INTO roles (name) VALUES ('admin')", { kind: 'insert', data: [{ action: 'insert', table: 'roles' }] }],
  ['UPDATE users SET active = true', { kind: 'update', data: [{ action: 'update', table: 'users', hasWhere: false }] }],
  [
    'UPDATE users SET a = (SELECT 1 FROM x WHERE y) WHERE id = 1',
    { kind: 'update', data: [{ action: 'update', table: 'users', hasWhere: true }] },
  ],
  ['UPDATE users SET a = (SELECT 1 FROM x WHERE y)', { kind: 'update', data: [{ action: 'update', table: 'users', hasWhere: false }] }],
  [
    'WITH old AS (SELECT id FROM users) DELETE FROM sessions WHERE user_id IN (SELECT id FROM old)',
    { kind: 'delete', data: [{ action: 'delete', table: 'sessions', hasWhere: true }] },
  ],
  ['DELETE FROM sessions', { kind: 'delete', data: [{ action: 'delete', table: 'sessions', hasWhere: false }] }],
  [
    'TRUNCATE TABLE a, b',
    {
      kind: 'truncate',
      data: [
        { action: 'truncate', table: 'a' },
        { action: 'truncate', table: 'b' },
      ],
    },
  ],
  ["CREATE TYPE mood AS ENUM ('ok')", { kind: 'other', changes: [{ action: 'create', object: 'type', name: 'mood' }] }],
  ['CREATE EXTENSION IF NOT EXISTS pgcrypto', { kind: 'other', changes: [{ action: 'create', object: 'extension', name: 'pgcrypto' }] }],
  ["COMMENT ON TABLE users IS 'people'", { kind: 'other', changes: [], data: [] }],
  ['VACUUM users', { kind: 'other', noTransaction: 'VACUUM' }],
];

describe('classifying PostgreSQL statements', () => {
  it.each(POSTGRES_CASES)('%s (PostgreSQL parser)', (sql, expected) => {
    const result = classify(sql, 'postgres');
    // Seeds skip the parser; statements dbtk does not model (COMMENT ON…) fall back to the patterns.
    if (expected.kind !== 'other' && expected.kind !== 'insert') expect(result.parser).toBe('postgres');
    expect(result.parseError).toBeUndefined();
    expect(result).toMatchObject(expected);
  });

  it.each(POSTGRES_CASES)('%s (pattern fallback agrees)', (sql, expected) => {
    expect(classify(sql, 'postgres', false)).toMatchObject(expected);
  });

  it('splits a multi-action ALTER TABLE into its changes', () => {
    for (const useParser of [true, false]) {
      const result = classify('ALTER TABLE users ADD COLUMN a int, DROP COLUMN b, ALTER COLUMN c TYPE text', 'postgres', useParser);
      expect(result.kind).toBe('alter_table');
      expect(result.changes.map((c) => `${c.action} ${c.name}`)).toEqual(['create a', 'drop b', 'alter c']);
      expect(result.summary).toBe('add column users.a, drop column users.b, alter column users.c (type)');
    }
  });

  it("keeps PostgreSQL's syntax error, and a rejected statement changes nothing known (no phantom findings)", () => {
    const result = classify('ALTER TABLE users ADD COLUM x int', 'postgres');
    expect(result.parseError).toMatch(/syntax error at or near "int"/);
    expect(result.parseErrorAt).toBe(30);
    expect(result.changes).toEqual([]);
  });
});

describe('classifying MySQL statements', () => {
  it.each<[string, Partial<ClassifiedStatement>]>([
    [
      'ALTER TABLE users MODIFY COLUMN email varchar(320) NOT NULL',
      { kind: 'alter_column', changes: [{ action: 'alter', object: 'column', name: 'email', table: 'users', typeChange: true }] },
    ],
    [
      'ALTER TABLE users CHANGE name full_name varchar(200)',
      {
        changes: [
          { action: 'rename', object: 'column', name: 'name', table: 'users', newName: 'full_name' },
          { action: 'alter', object: 'column', name: 'full_name', table: 'users', typeChange: true },
        ],
      },
    ],
    [
      'ALTER TABLE `users` RENAME `people`',
      { kind: 'rename_table', changes: [{ action: 'rename', object: 'table', name: 'users', newName: 'people' }] },
    ],
    [
      'ALTER TABLE users RENAME COLUMN a TO b',
      { kind: 'rename_column', changes: [{ action: 'rename', object: 'column', name: 'a', table: 'users', newName: 'b' }] },
    ],
    [
      'RENAME TABLE a TO b, c TO d',
      {
        kind: 'rename_table',
        changes: [
          { action: 'rename', object: 'table', name: 'a', newName: 'b' },
          { action: 'rename', object: 'table', name: 'c', newName: 'd' },
        ],
      },
    ],
    [
      'ALTER TABLE users ADD INDEX idx_email (email), ALGORITHM=INPLACE, LOCK=NONE',
      { kind: 'create_index', changes: [{ action: 'create', object: 'index', name: 'idx_email', table: 'users' }] },
    ],
    [
      'ALTER TABLE orders DROP FOREIGN KEY fk_user',
      { kind: 'drop_constraint', changes: [{ action: 'drop', object: 'constraint', name: 'fk_user', table: 'orders' }] },
    ],
    [
      'DROP INDEX idx_email ON users',
      { kind: 'drop_index', changes: [{ action: 'drop', object: 'index', name: 'idx_email', table: 'users' }] },
    ],
    [
      'CREATE DEFINER=`root`@`localhost` PROCEDURE add_user(IN n VARCHAR(50)) BEGIN INSERT INTO users VALUES (n); END',
      { kind: 'create_function', changes: [{ action: 'create', object: 'function', name: 'add_user' }] },
    ],
    [
      'CREATE OR REPLACE ALGORITHM=MERGE SQL SECURITY INVOKER VIEW v AS SELECT 1',
      { kind: 'create_view', changes: [{ action: 'create', object: 'view', name: 'v', orReplace: true }] },
    ],
    [
      'CREATE TRIGGER tr BEFORE INSERT ON users FOR EACH ROW SET NEW.a = 1',
      { kind: 'create_trigger', changes: [{ action: 'create', object: 'trigger', name: 'tr', table: 'users' }] },
    ],
    ['INSERT IGNORE INTO roles VALUES (1)', { kind: 'insert', data: [{ action: 'insert', table: 'roles' }] }],
    ['REPLACE INTO roles VALUES (1)', { kind: 'insert', data: [{ action: 'insert', table: 'roles' }] }],
    [
      'DELETE s FROM sessions s JOIN users u ON u.id = s.user_id',
      { kind: 'delete', data: [{ action: 'delete', table: 'sessions', hasWhere: false }] },
    ],
    [
      'ALTER TABLE users ADD COLUMN c INT NOT NULL AUTO_INCREMENT',
      { changes: [{ action: 'create', object: 'column', name: 'c', notNull: true, hasDefault: true }] },
    ],
  ])('%s', (sql, expected) => {
    expect(classify(sql, 'mysql')).toMatchObject({ parser: 'patterns', ...expected });
  });
});

describe('classifying SQLite statements', () => {
  it.each<[string, Partial<ClassifiedStatement>]>([
    [
      'CREATE TABLE IF NOT EXISTS "users" (id INTEGER PRIMARY KEY AUTOINCREMENT)',
      { kind: 'create_table', changes: [{ action: 'create', object: 'table', name: 'users' }] },
    ],
    [
      'ALTER TABLE users ADD COLUMN age INTEGER NOT NULL DEFAULT 0',
      { changes: [{ action: 'create', object: 'column', name: 'age', notNull: true, hasDefault: true }] },
    ],
    ['ALTER TABLE users RENAME TO people', { kind: 'rename_table' }],
    [
      'CREATE TEMP TRIGGER IF NOT EXISTS t AFTER UPDATE OF a ON users BEGIN SELECT 1; END',
      { kind: 'create_trigger', changes: [{ action: 'create', object: 'trigger', name: 't', table: 'users' }] },
    ],
    ['INSERT OR REPLACE INTO kv VALUES (1, 2)', { kind: 'insert', data: [{ action: 'insert', table: 'kv' }] }],
    ['UPDATE OR IGNORE kv SET v = 1', { kind: 'update', data: [{ action: 'update', table: 'kv', hasWhere: false }] }],
    ['PRAGMA foreign_keys = ON', { kind: 'other', summary: 'pragma foreign_keys' }],
  ])('%s', (sql, expected) => {
    expect(classify(sql, 'sqlite')).toMatchObject(expected);
  });
});

describe('odd input', () => {
  it.each(['ALTER', 'CREATE', 'DROP TABLE', 'ALTER TABLE t ADD', 'INSERT', 'UPDATE', 'CREATE INDEX', 'WITH x AS (SELECT 1)', '(', ')))'])(
    '%s is "other", not an error',
    (sql) => {
      for (const dialect of ['postgres', 'mysql', 'sqlite', 'generic'] as const) {
        expect(() => classify(sql, dialect)).not.toThrow();
      }
    },
  );
});
