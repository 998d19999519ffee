import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Dialect } from '../../../src/core/shared/dialect.js';
import { normalizeSchemaText } from '../../../src/core/schema/normalize.js';
import {
  countChanges,
  describeObject,
  diffSchemaObjects,
  displayName,
  parseSchemaObjects,
  type ObjectChange,
} from '../../../src/core/schema/objects.js';
import { splitDumpStatements, splitTopLevel } from '../../../src/core/schema/statements.js';

const FIXTURES = path.join(import.meta.dirname, '..', '..', 'fixtures', 'schema-diff');
const fixture = (dialect: string, name: string) => readFileSync(path.join(FIXTURES, dialect, `${name}.sql`), 'utf8');
const model = (dialect: Dialect, name: string) => parseSchemaObjects(normalizeSchemaText(fixture(dialect, name), dialect), dialect);
const keys = (dialect: Dialect, name: string) => [...model(dialect, name).objects.keys()].sort();
/** `+ column users.nickname` lines, for readable expectations. */
const summary = (changes: ObjectChange[]) => changes.map((c) => `${c.change} ${describeObject(c)}`).sort();

describe('splitDumpStatements', () => {
  it('keeps semicolons inside strings, identifiers, comments and dollar quotes', () => {
    const sql = `CREATE TABLE "a;b" (c text DEFAULT ';'); -- x; y\n/* z; */CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql;`;
    expect(splitDumpStatements(sql, 'postgres')).toEqual([
      `CREATE TABLE "a;b" (c text DEFAULT ';')`,
      'CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql',
    ]);
  });

  it('follows mysqldump DELIMITER blocks and unwraps versioned comments', () => {
    const sql =
      "/*!40101 SET NAMES utf8mb4 */;\nDELIMITER ;;\n/*!50003 CREATE*/ /*!50003 TRIGGER t BEFORE INSERT ON x FOR EACH ROW BEGIN SET NEW.a = 'it''s;'; END */;;\nDELIMITER ;\nCREATE TABLE `y` (`id` int);";
    expect(splitDumpStatements(sql, 'mysql')).toEqual([
      'SET NAMES utf8mb4',
      "CREATE TRIGGER t BEFORE INSERT ON x FOR EACH ROW BEGIN SET NEW.a = 'it''s;'; END",
      'CREATE TABLE `y` (`id` int)',
    ]);
  });

  it('keeps SQLite trigger bodies whole', () => {
    const sql = 'CREATE TRIGGER t AFTER INSERT ON x BEGIN\n  UPDATE x SET a = 1;\n  DELETE FROM y;\nEND;\nCREATE INDEX i ON x (a);';
    expect(splitDumpStatements(sql, 'sqlite')).toHaveLength(2);
    expect(splitDumpStatements(sql, 'sqlite')[0]).toMatch(/DELETE FROM y;\nEND$/);
  });

  it('skips psql meta-commands and survives unterminated input', () => {
    expect(splitDumpStatements('\\restrict abc\nCREATE SCHEMA s;\n\\unrestrict abc\n', 'postgres')).toEqual(['CREATE SCHEMA s']);
    expect(splitDumpStatements("CREATE TABLE t (a text DEFAULT 'oops", 'postgres')).toEqual(["CREATE TABLE t (a text DEFAULT 'oops"]);
  });

  it('splits table bodies at top-level commas only', () => {
    expect(splitTopLevel("a numeric(10, 2), b text DEFAULT 'x,y', CHECK (a > 0 AND b IN ('p', 'q'))")).toEqual([
      'a numeric(10, 2)',
      "b text DEFAULT 'x,y'",
      "CHECK (a > 0 AND b IN ('p', 'q'))",
    ]);
  });
});

describe('parseSchemaObjects', () => {
  it('reads every object of a real pg_dump', () => {
    expect(keys('postgres', 'base')).toEqual([
      'column:audit.log.id',
      'column:audit.log.msg',
      'column:posts.Weird Col',
      'column:posts.body',
      'column:posts.id',
      'column:posts.title',
      'column:posts.user_id',
      'column:schema_migrations.version',
      'column:users.age',
      'column:users.created_at',
      'column:users.email',
      'column:users.id',
      'column:users.mood',
      'column:users.name',
      'constraint:audit.log.log_pkey',
      'constraint:posts.posts_pkey',
      'constraint:posts.posts_user_id_fkey',
      'constraint:schema_migrations.schema_migrations_pkey',
      'constraint:users.email_has_at',
      'constraint:users.users_email_key',
      'constraint:users.users_pkey',
      'function:touch()',
      'index:posts.posts_title_lower',
      'index:posts.posts_user_id_idx',
      'schema:audit',
      'sequence:posts.posts_id_seq',
      'sequence:users.users_id_seq',
      'table:audit.log',
      'table:posts',
      'table:schema_migrations',
      'table:users',
      'trigger:posts.posts_touch',
      'type:mood',
      'view:user_posts',
    ]);
    const users = model('postgres', 'base').objects;
    // pg_dump sets serial defaults in a separate ALTER TABLE: folded into the column.
    expect(users.get('column:users.id')?.definition).toBe("bigint NOT NULL SET DEFAULT nextval('public.users_id_seq'::regclass)");
    expect(users.get('column:posts.Weird Col')?.sqlName).toBe('"Weird Col"');
  });

  it('reads every object of a real mysqldump, with the final view and not its placeholder', () => {
    expect(keys('mysql', 'base')).toEqual([
      'column:posts.Weird Col',
      'column:posts.body',
      'column:posts.id',
      'column:posts.title',
      'column:posts.user_id',
      'column:schema_migrations.version',
      'column:users.age',
      'column:users.created_at',
      'column:users.email',
      'column:users.id',
      'column:users.mood',
      'column:users.name',
      'constraint:posts.PRIMARY KEY',
      'constraint:posts.posts_user_fk',
      'constraint:schema_migrations.PRIMARY KEY',
      'constraint:users.PRIMARY KEY',
      'constraint:users.email_has_at',
      'function:add_one()',
      'function:noop()',
      'index:posts.posts_title_uq',
      'index:posts.posts_user_id_idx',
      'index:users.email',
      'table:posts',
      'table:schema_migrations',
      'table:users',
      'trigger:posts.posts_touch',
      'view:user_posts',
    ]);
    const objects = model('mysql', 'base').objects;
    expect(objects.get('view:user_posts')?.definition).toContain('select `u`.`email` AS `email`');
    expect(objects.get('table:users')?.definition).toBe('options: ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci');
  });

  it('reads every object of a real sqlite3 .schema', () => {
    expect(keys('sqlite', 'base')).toEqual([
      'column:posts.Weird Col',
      'column:posts.body',
      'column:posts.id',
      'column:posts.title',
      'column:posts.user_id',
      'column:schema_migrations.version',
      'column:users.age',
      'column:users.created_at',
      'column:users.email',
      'column:users.id',
      'column:users.name',
      'constraint:users.email_has_at',
      'index:posts.posts_title_lower',
      'index:posts.posts_user_id_idx',
      'table:posts',
      'table:schema_migrations',
      'table:users',
      'trigger:posts.posts_touch',
      'view:user_posts',
    ]);
  });

  it('names objects without quotes and without the default schema', () => {
    expect(displayName('public."Users"', 'postgres')).toBe('Users');
    expect(displayName('audit.log', 'postgres')).toBe('audit.log');
    expect(displayName('`order items`', 'mysql')).toBe('order items');
    expect(displayName('[t]', 'sqlite')).toBe('t');
  });

  it('tells overloaded PostgreSQL functions apart by their arguments', () => {
    const objects = parseSchemaObjects(
      'CREATE FUNCTION public.f(a integer) RETURNS integer LANGUAGE sql AS $$SELECT 1$$;\nCREATE FUNCTION public.f(a text) RETURNS integer LANGUAGE sql AS $$SELECT 2$$;',
      'postgres',
    ).objects;
    expect([...objects.keys()]).toEqual(['function:f(a integer)', 'function:f(a text)']);
  });

  it('ignores what it does not know instead of failing', () => {
    const objects = parseSchemaObjects(
      "COMMENT ON TABLE t IS 'x';\nGRANT ALL ON t TO bob;\nthis is not sql;\nCREATE TABLE t (id int);",
      'postgres',
    ).objects;
    expect([...objects.keys()]).toEqual(['table:t', 'column:t.id']);
  });
});

describe('diffSchemaObjects', () => {
  it('summarises a real PostgreSQL drift', () => {
    const changes = diffSchemaObjects(model('postgres', 'base'), model('postgres', 'drifted'));
    expect(summary(changes)).toEqual([
      'added column users.nickname',
      'added function add_one(x integer)',
      'added index users_created_at_idx on users',
      'added table tags',
      'changed column users.name',
      'changed function touch()',
      'changed view user_posts',
      'removed column users.age',
      'removed constraint email_has_at on users',
      'removed index posts_user_id_idx on posts',
    ]);
    const tags = changes.find((c) => c.kind === 'table')!;
    expect(summary(tags.children)).toEqual([
      'added column tags.id',
      'added column tags.label',
      'added constraint tags_pkey on tags',
      'added sequence tags_id_seq on tags',
    ]);
    const name = changes.find((c) => c.name === 'name')!;
    expect([name.before?.definition, name.after?.definition]).toEqual(['character varying(100)', 'character varying(200)']);
  });

  it('summarises a real MariaDB drift', () => {
    const changes = diffSchemaObjects(model('mysql', 'base'), model('mysql', 'drifted'));
    expect(summary(changes)).toEqual([
      'added column users.nickname',
      'added function add_two()',
      'added index users_created_at_idx on users',
      'added table tags',
      'changed column users.name',
      'changed function add_one()',
      'changed view user_posts',
      'removed column users.age',
      'removed constraint email_has_at on users',
      'removed index posts_title_uq on posts',
    ]);
  });

  it('summarises a real SQLite drift, even though sqlite3 moved the recreated view', () => {
    const changes = diffSchemaObjects(model('sqlite', 'base'), model('sqlite', 'drifted'));
    expect(summary(changes)).toEqual([
      'added column users.nickname',
      'added index users_created_at_idx on users',
      'added table tags',
      'changed view user_posts',
      'removed index posts_user_id_idx on posts',
    ]);
    expect(countChanges(changes)).toEqual({
      table: { added: 1, removed: 0, changed: 0 },
      column: { added: 1, removed: 0, changed: 0 },
      index: { added: 1, removed: 1, changed: 0 },
      view: { added: 0, removed: 0, changed: 1 },
    });
  });

  it.each(['postgres', 'mysql', 'sqlite'] as const)('finds nothing between two dumps of the same %s schema', (dialect) => {
    expect(diffSchemaObjects(model(dialect, 'base'), model(dialect, 'raw'))).toEqual([]);
  });

  it('nests the objects of a removed table under it', () => {
    const before = parseSchemaObjects(
      'CREATE TABLE a (id int, CONSTRAINT a_pk PRIMARY KEY (id));\nCREATE INDEX a_idx ON a (id);\nCREATE TABLE b (id int);',
      'sqlite',
    );
    const after = parseSchemaObjects('CREATE TABLE b (id int);', 'sqlite');
    const changes = diffSchemaObjects(before, after);
    expect(summary(changes)).toEqual(['removed table a']);
    expect(summary(changes[0].children)).toEqual(['removed column a.id', 'removed constraint a_pk on a', 'removed index a_idx on a']);
  });

  it('ignores layout-only differences and CREATE OR REPLACE', () => {
    const a = parseSchemaObjects('CREATE VIEW v AS SELECT 1;\nCREATE TABLE t (\n  id   int,\n  name text\n);', 'postgres');
    const b = parseSchemaObjects('CREATE OR REPLACE VIEW v AS\n  SELECT 1;\nCREATE TABLE t (id int, name text);', 'postgres');
    expect(diffSchemaObjects(a, b)).toEqual([]);
  });
});
