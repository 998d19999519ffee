import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { normalizeSchemaText } from '../../../src/core/schema/normalize.js';

// Real dumps, written by test/fixtures/schema-diff/generate.sh from real databases.
const FIXTURES = path.join(import.meta.dirname, '..', '..', 'fixtures', 'schema-diff');
const fixture = (dialect: string, name: string) => readFileSync(path.join(FIXTURES, dialect, `${name}.sql`), 'utf8');
const DIALECTS = ['postgres', 'mysql', 'sqlite'] as const;

describe('normalizeSchemaText', () => {
  it.each(DIALECTS)("makes dbmate's dump and the raw dump tool output of the same %s schema equal", (dialect) => {
    const base = fixture(dialect, 'base');
    const raw = fixture(dialect, 'raw');
    expect(base).not.toBe(raw);
    expect(normalizeSchemaText(raw, dialect)).toBe(normalizeSchemaText(base, dialect));
  });

  it.each(DIALECTS)('keeps a real %s drift visible', (dialect) => {
    expect(normalizeSchemaText(fixture(dialect, 'drifted'), dialect)).not.toBe(normalizeSchemaText(fixture(dialect, 'base'), dialect));
  });

  it.each(DIALECTS)('never drops a %s statement that defines an object', (dialect) => {
    const base = fixture(dialect, 'base');
    const normalized = normalizeSchemaText(base, dialect);
    const creates = (text: string) => (text.match(/\b(CREATE|ADD CONSTRAINT|OWNED BY|SET DEFAULT)\b/g) ?? []).length;
    expect(creates(base)).toBeGreaterThan(5);
    expect(creates(normalized)).toBe(creates(base));
  });

  it.each(DIALECTS)('is idempotent on %s dumps', (dialect) => {
    const once = normalizeSchemaText(fixture(dialect, 'drifted'), dialect);
    expect(normalizeSchemaText(once, dialect)).toBe(once);
  });

  it('ignores pg_dump versions, \\restrict tokens and SET lines', () => {
    const raw = fixture('postgres', 'raw');
    const otherServer = raw
      .replace(/version 15\.20 \(Debian 15\.20-0\+deb12u1\)/g, 'version 16.4 (Ubuntu 16.4-1)')
      .replace(/\\(un)?restrict \S+/g, '\\$1restrict AnotherRandomToken123')
      .replace('SET row_security = off;', 'SET row_security = off;\nSET transaction_timeout = 0;');
    expect(otherServer).not.toBe(raw);
    expect(normalizeSchemaText(otherServer, 'postgres')).toBe(normalizeSchemaText(raw, 'postgres'));
    const normalized = normalizeSchemaText(raw, 'postgres');
    expect(normalized).not.toMatch(/^SET |\\restrict|\\unrestrict|Dumped (from|by)|PostgreSQL database dump/m);
  });

  it('drops the schema_migrations rows dbmate appends, and only those', () => {
    const base = fixture('postgres', 'base');
    expect(base).toContain("('20240102000000')");
    const normalized = normalizeSchemaText(base, 'postgres');
    expect(normalized).not.toContain('20240102000000');
    expect(normalized).not.toContain('Dbmate schema migrations');
    expect(normalized).toContain('CREATE TABLE public.schema_migrations');
    const withOtherInsert = `${base}\nINSERT INTO public.settings (key) VALUES\n    ('a');\n`;
    expect(normalizeSchemaText(withOtherInsert, 'postgres')).toContain("INSERT INTO public.settings (key) VALUES\n    ('a');");
  });

  it('honours a custom migrations table name', () => {
    const text =
      'CREATE TABLE "app_migrations" (version varchar(128) primary key);\n-- Dbmate schema migrations\nINSERT INTO "app_migrations" (version) VALUES\n  (\'1\'),\n  (\'2\');\n';
    expect(normalizeSchemaText(text, 'sqlite', { migrationsTable: 'app_migrations' })).toBe(
      'CREATE TABLE "app_migrations" (version varchar(128) primary key);\n',
    );
    expect(normalizeSchemaText(text, 'sqlite')).toContain("('2');");
  });

  it('ignores mysqldump counters, dates, definers, session settings and restore boilerplate', () => {
    const base = fixture('mysql', 'base');
    const elsewhere = base
      .replace(/DEFINER=`root`@`127\.0\.0\.1`/g, 'DEFINER=`deploy`@`%`')
      .replace(/\) ENGINE=InnoDB DEFAULT/, ') ENGINE=InnoDB AUTO_INCREMENT=981 DEFAULT')
      .replace('-- Dump completed', '-- Dump completed on 2031-02-03 10:11:12')
      .replace(/utf8mb4 \*\/ ;/g, 'utf8mb3 */ ;')
      .replace("-- Dumping routines for database 'dbtk_fixture", "-- Dumping routines for database 'production_copy");
    expect(elsewhere).not.toBe(base);
    expect(normalizeSchemaText(elsewhere, 'mysql')).toBe(normalizeSchemaText(base, 'mysql'));
    const normalized = normalizeSchemaText(base, 'mysql');
    expect(normalized).not.toMatch(/AUTO_INCREMENT=\d|DEFINER=|^\/\*!\d+ SET|^LOCK TABLES|^-- MariaDB dump|enable the sandbox mode/m);
    // Column-level AUTO_INCREMENT is schema, not a counter.
    expect(normalized).toContain('`id` int(11) NOT NULL AUTO_INCREMENT,');
  });

  it('ignores sqlite3 internals', () => {
    const text =
      'PRAGMA foreign_keys=OFF;\nBEGIN TRANSACTION;\nCREATE TABLE t (id integer primary key autoincrement);\nCREATE TABLE sqlite_sequence(name,seq);\nCOMMIT;\n';
    expect(normalizeSchemaText(text, 'sqlite')).toBe('CREATE TABLE t (id integer primary key autoincrement);\n');
  });

  it('ignores line endings, trailing whitespace, a BOM and blank-line runs', () => {
    const text = 'CREATE TABLE t (id int);   \n\n\n\nCREATE INDEX i ON t (id);\n\n';
    const crlf = `\uFEFF${text.replace(/\n/g, '\r\n')}`;
    expect(normalizeSchemaText(crlf, 'sqlite')).toBe(normalizeSchemaText(text, 'sqlite'));
    expect(normalizeSchemaText(text, 'sqlite')).toBe('CREATE TABLE t (id int);\n\nCREATE INDEX i ON t (id);\n');
  });

  it('returns an empty text for an empty dump', () => {
    expect(normalizeSchemaText('', 'postgres')).toBe('');
    expect(normalizeSchemaText('\n\n-- Dbmate schema migrations\n', 'sqlite')).toBe('');
  });
});
