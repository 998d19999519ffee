import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSchemaObjects } from '../../../src/core/schema/objects.js';
import { tableDefinitionStatements } from '../../../src/core/schema/table-definition.js';

describe('table definitions from real dumps', () => {
  it('PostgreSQL: the table, its sequence, default, keys, indexes, trigger and foreign key, in order', () => {
    const model = parseSchemaObjects(readFileSync('test/fixtures/schema-diff/postgres/base.sql', 'utf8'), 'postgres');
    const statements = tableDefinitionStatements(model, 'posts')!;
    expect(statements.map((s) => s.split(/\s+/).slice(0, 4).join(' '))).toEqual([
      'CREATE TABLE public.posts (',
      'CREATE SEQUENCE public.posts_id_seq AS',
      'ALTER SEQUENCE public.posts_id_seq OWNED',
      'ALTER TABLE ONLY public.posts',
      'ALTER TABLE ONLY public.posts',
      'CREATE UNIQUE INDEX posts_title_lower',
      'CREATE INDEX posts_user_id_idx ON',
      'ALTER TABLE ONLY public.posts',
      'CREATE TRIGGER posts_touch BEFORE',
    ]);
    expect(statements[3]).toMatch(/SET DEFAULT nextval/);
    expect(statements[4]).toMatch(/PRIMARY KEY/);
    expect(statements[7]).toMatch(/FOREIGN KEY/);
    expect(tableDefinitionStatements(model, 'audit.log')?.[0]).toMatch(/^CREATE TABLE audit.log/);
    expect(tableDefinitionStatements(model, 'nope')).toBeUndefined();
  });

  it('MySQL: the CREATE TABLE and its trigger without the DEFINER', () => {
    const model = parseSchemaObjects(readFileSync('test/fixtures/schema-diff/mysql/base.sql', 'utf8'), 'mysql');
    const statements = tableDefinitionStatements(model, 'posts')!;
    expect(statements[0]).toMatch(/^CREATE TABLE `posts` \(/);
    expect(statements[0]).toMatch(/CONSTRAINT `posts_user_fk` FOREIGN KEY/);
    expect(statements[1]).toMatch(/^CREATE TRIGGER posts_touch BEFORE INSERT ON posts/);
    expect(statements[1]).not.toMatch(/DEFINER/);
  });
});
