import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareSchemas } from '../../../src/core/schema/diff.js';
import { generateMigrationFromDiff } from '../../../src/core/schema/generate.js';
import { migrationFileContent } from '../../../src/core/schema/generate.js';
import { parseMigrationContent } from '../../../src/core/migrations/file.js';

const FIXTURES = path.join(import.meta.dirname, '..', '..', 'fixtures', 'schema-diff');
const fixture = (dialect: string, name: string) => readFileSync(path.join(FIXTURES, dialect, `${name}.sql`), 'utf8');
const driftOf = (dialect: 'postgres' | 'mysql' | 'sqlite') =>
  compareSchemas({ expected: fixture(dialect, 'base'), actual: fixture(dialect, 'drifted'), dialect });
const statements = (sql: string) =>
  sql
    .split('\n')
    .filter((l) => !l.startsWith('--'))
    .join('\n');

describe('generateMigrationFromDiff', () => {
  it('records a PostgreSQL drift: new table with its sequence and key, new column, indexes, dropped check', () => {
    const { up, down, skipped, generated } = generateMigrationFromDiff(driftOf('postgres'), 'postgres');
    expect(generated).toBe(5);
    const upSql = statements(up);
    // Order matters: the sequence before the table that uses it, the key after the table.
    expect(upSql.indexOf('CREATE SEQUENCE public.tags_id_seq')).toBeLessThan(upSql.indexOf('CREATE TABLE public.tags'));
    expect(upSql.indexOf('CREATE TABLE public.tags')).toBeLessThan(upSql.indexOf('ADD CONSTRAINT tags_pkey PRIMARY KEY (id);'));
    expect(upSql).toContain("ALTER TABLE ONLY public.tags ALTER COLUMN id SET DEFAULT nextval('public.tags_id_seq'::regclass);");
    expect(upSql).toContain("ALTER TABLE public.users ADD COLUMN nickname text DEFAULT 'x'::text NOT NULL;");
    expect(upSql).toContain('CREATE INDEX users_created_at_idx ON public.users USING btree (created_at);');
    expect(upSql).toContain('DROP INDEX public.posts_user_id_idx;');
    expect(upSql).toContain('ALTER TABLE public.users DROP CONSTRAINT email_has_at;');
    expect(down.split('\n')).toEqual([
      'DROP INDEX public.users_created_at_idx;',
      'CREATE INDEX posts_user_id_idx ON public.posts USING btree (user_id);',
      "ALTER TABLE public.users ADD CONSTRAINT email_has_at CHECK ((email ~~ '%@%'::text));",
      'ALTER TABLE public.users DROP COLUMN nickname;',
      'DROP TABLE public.tags;',
    ]);
    // What it cannot express safely is said, not silently dropped.
    expect(skipped).toEqual([
      expect.stringMatching(/^removed column users\.age: .*loses data/),
      expect.stringMatching(/^changed column users\.name: .*character varying\(100\) → character varying\(200\).*write the ALTER yourself/),
      expect.stringMatching(/^changed view user_posts: /),
      expect.stringMatching(/^added function add_one\(x integer\): functions are not generated/),
      expect.stringMatching(/^changed function touch\(\): /),
    ]);
    expect(up.split('\n').filter((l) => l.startsWith('-- Not generated: '))).toHaveLength(5);
  });

  it('turns mysqldump inline keys into CREATE/DROP INDEX statements', () => {
    const { up, down } = generateMigrationFromDiff(driftOf('mysql'), 'mysql');
    expect(up).toContain('CREATE INDEX `users_created_at_idx` ON `users` (`created_at`);');
    expect(up).toContain('DROP INDEX `posts_title_uq` ON `posts`;');
    expect(up).toContain("ALTER TABLE `users` ADD COLUMN `nickname` varchar(50) NOT NULL DEFAULT 'x';");
    expect(up).toMatch(/CREATE TABLE `tags` \(\n[\s\S]*PRIMARY KEY \(`id`\)\n\) ENGINE=InnoDB/);
    expect(down).toContain('CREATE UNIQUE INDEX `posts_title_uq` ON `posts` (`title`);');
    expect(down).toContain('DROP TABLE `tags`;');
  });

  it('leaves what SQLite cannot do in place as comments', () => {
    const before = compareSchemas({
      expected: 'CREATE TABLE t (id integer, CONSTRAINT c CHECK (id > 0));\n',
      actual: 'CREATE TABLE t (id integer, code text UNIQUE);\n',
      dialect: 'sqlite',
    });
    const { up, down, generated } = generateMigrationFromDiff(before, 'sqlite');
    expect(generated).toBe(0);
    expect(up).toContain('-- Not generated: added column t.code: SQLite cannot add a PRIMARY KEY or UNIQUE column in place');
    expect(up).toContain('-- Not generated: removed constraint c on t: SQLite cannot drop a constraint');
    expect(down).toBe('');
  });

  it('writes a dbmate file that dbtk can read back', () => {
    const diff = driftOf('sqlite');
    const content = migrationFileContent(generateMigrationFromDiff(diff, 'sqlite'), diff);
    const parsed = parseMigrationContent('20240101000000_record_drift.sql', '/x/20240101000000_record_drift.sql', Buffer.from(content));
    expect(parsed.problems).toEqual([]);
    expect(parsed.up?.sql).toContain('CREATE TABLE tags (id integer PRIMARY KEY, label text NOT NULL);');
    expect(parsed.down?.sql).toContain('DROP TABLE tags;');
  });
});
