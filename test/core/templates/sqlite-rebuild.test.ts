import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSchemaObjects } from '../../../src/core/schema/objects.js';
import { applySqliteChange, copyableColumns, findSqliteTable, parseCreateTable, renameCreateTable, usesAutoincrement } from '../../../src/core/templates/sqlite-rebuild.js';
import { sqliteUrlEnablesForeignKeys } from '../../../src/core/templates/derived.js';

const POSTS = `CREATE TABLE posts (
  id integer PRIMARY KEY,
  user_id integer NOT NULL CONSTRAINT posts_user REFERENCES users(id) ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED,
  editor_id integer,
  title text NOT NULL DEFAULT 'untitled, really',
  slug text GENERATED ALWAYS AS (lower(title)) VIRTUAL,
  FOREIGN KEY (editor_id) REFERENCES users (id)
)`;

describe('changing a SQLite CREATE TABLE', () => {
  it('changes one column\'s type and keeps its constraints', () => {
    const changed = applySqliteChange(POSTS, { kind: 'modify_column', column: 'title', type: 'varchar(200)' }, 'posts');
    expect(changed).toContain("  title varchar(200) NOT NULL DEFAULT 'untitled, really',");
    expect(changed.replace("varchar(200)", 'text')).toBe(POSTS);
  });

  it('drops an inline foreign key clause, options and all', () => {
    const changed = applySqliteChange(POSTS, { kind: 'drop_foreign_key', columns: ['user_id'] }, 'posts');
    expect(changed).toContain('  user_id integer NOT NULL,\n');
  });

  it('drops a table-level foreign key with its comma', () => {
    const changed = applySqliteChange(POSTS, { kind: 'drop_foreign_key', columns: ['EDITOR_ID'] }, 'posts');
    expect(changed).toMatch(/VIRTUAL\n\)$/);
    expect(parseCreateTable(changed).elements).toHaveLength(5);
  });

  it('adds a table constraint after the last element', () => {
    const changed = applySqliteChange(POSTS, { kind: 'add_constraint', sql: 'CONSTRAINT title_len CHECK (length(title) > 0)' }, 'posts');
    expect(changed).toMatch(/REFERENCES users \(id\),\n {2}CONSTRAINT title_len CHECK \(length\(title\) > 0\)\n\)$/);
  });

  it('says clearly when the column or key is not there', () => {
    expect(() => applySqliteChange(POSTS, { kind: 'modify_column', column: 'nope', type: 'int' }, 'posts')).toThrow(/no column "nope".*/);
    expect(() => applySqliteChange(POSTS, { kind: 'drop_foreign_key', columns: ['title'] }, 'posts')).toThrow(/no foreign key on \(title\)/);
  });

  it('renames the table and lists the columns to copy (not generated ones)', () => {
    expect(renameCreateTable('CREATE TABLE IF NOT EXISTS "main"."users" (id int)', '_dbtk_new_users')).toBe('CREATE TABLE _dbtk_new_users (id int)');
    expect(copyableColumns(parseCreateTable(POSTS))).toEqual(['id', 'user_id', 'editor_id', 'title']);
    expect(usesAutoincrement('CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT)')).toBe(true);
    expect(usesAutoincrement("CREATE TABLE t (note text DEFAULT 'AUTOINCREMENT')")).toBe(false);
  });

  it('finds a table with its indexes and triggers in a real sqlite3 dump', () => {
    const model = parseSchemaObjects(readFileSync('test/fixtures/schema-diff/sqlite/base.sql', 'utf8'), 'sqlite');
    const posts = findSqliteTable(model, 'POSTS');
    expect(posts?.createSql).toMatch(/^CREATE TABLE posts \(/);
    expect(posts?.dependents.map((s) => s.split(' ').slice(0, 4).join(' '))).toEqual([
      'CREATE INDEX posts_user_id_idx ON', 'CREATE UNIQUE INDEX posts_title_lower', 'CREATE TRIGGER posts_touch AFTER',
    ]);
  });

  it('turns foreign keys back on only when the URL enabled them', () => {
    expect(sqliteUrlEnablesForeignKeys('sqlite:db/x.sqlite3?_foreign_keys=1')).toBe(true);
    expect(sqliteUrlEnablesForeignKeys('sqlite:db/x.sqlite3?_fk=true')).toBe(true);
    expect(sqliteUrlEnablesForeignKeys('sqlite:db/x.sqlite3')).toBe(false);
  });
});
