// `dbtk test`'s comparison logic (pure): which objects a down leaves behind or does not restore,
// phrased for the report; the migrations table ignored; and which migrations --from/--to select.

import { describe, expect, it } from 'vitest';
import { schemaDifferences, selectTested } from '../../../src/core/runs/migration-test.js';
import { parseSeedFile } from '../../../src/core/runs/seed-checks.js';
import { isDbtkError } from '../../../src/core/shared/errors.js';

const pg = (body: string) => `SET statement_timeout = 0;\n\n${body}\n`;
const USERS = `CREATE TABLE public.users (\n    id integer NOT NULL,\n    email text NOT NULL,\n    name text NOT NULL\n);`;
const MIGRATIONS = `CREATE TABLE public.schema_migrations (\n    version character varying NOT NULL\n);`;

describe('schemaDifferences', () => {
  const base = { dialect: 'postgres' as const, migrationsTable: 'schema_migrations' };

  it('finds nothing when the schemas are equal, and ignores the migrations table and its rows', () => {
    const before = pg(USERS);
    const after = pg(`${USERS}\n\n${MIGRATIONS}\n\nINSERT INTO public.schema_migrations (version) VALUES\n    ('20240101000001');`);
    expect(schemaDifferences({ ...base, expected: before, actual: after, phase: 'down' })).toEqual([]);
  });

  it('names an index the down left behind', () => {
    const afterDown = pg(`${USERS}\n\nCREATE INDEX users_email_idx ON public.users USING btree (email);`);
    const found = schemaDifferences({ ...base, expected: pg(USERS), actual: afterDown, phase: 'down' });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ kind: 'index', name: 'users_email_idx', table: 'users', change: 'added' });
    expect(found[0].text).toBe('index users_email_idx on users left behind by the down');
  });

  it('names a column whose NOT NULL the down did not restore, with both definitions', () => {
    const afterDown = pg(USERS.replace('name text NOT NULL', 'name text'));
    const found = schemaDifferences({ ...base, expected: pg(USERS), actual: afterDown, phase: 'down' });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ kind: 'column', name: 'name', table: 'users', change: 'changed' });
    expect(found[0].text).toMatch(/^column users\.name not restored as it was by the down \(text NOT NULL → text\)$/);
  });

  it('names a table the down dropped that existed before, and phrases the second up’s differences', () => {
    const found = schemaDifferences({ ...base, expected: pg(USERS), actual: pg(''), phase: 'down' });
    expect(found.map((d) => d.text)).toEqual(['table users not restored by the down']);
    const again = schemaDifferences({ ...base, expected: pg(USERS), actual: pg(''), phase: 'up_again' });
    expect(again.map((d) => d.text)).toEqual(['table users missing after the second up']);
  });

  it('falls back to the text for statements the object parser does not know', () => {
    const found = schemaDifferences({
      ...base,
      expected: pg(USERS),
      actual: pg(`${USERS}\n\nCOMMENT ON TABLE public.users IS 'people';`),
      phase: 'down',
    });
    expect(found).toHaveLength(1);
    expect(found[0].kind).toBe('text');
    expect(found[0].text).toMatch(/^schema text not restored by the down: \+ COMMENT ON TABLE/);
  });
});

describe('selectTested', () => {
  const files = ['20240103', '20240101', '20240102'].map((version) => ({
    dir: 'db/migrations',
    file: `${version}_m.sql`,
    version,
    name: 'm',
  }));

  it('tests every migration in version order by default', () => {
    const { setup, tested } = selectTested(files);
    expect(setup).toEqual([]);
    expect(tested.map((f) => f.version)).toEqual(['20240101', '20240102', '20240103']);
  });

  it('applies the migrations older than --from first, and stops at --to', () => {
    const { setup, tested } = selectTested(files, '20240102', '20240102');
    expect(setup.map((f) => f.version)).toEqual(['20240101']);
    expect(tested.map((f) => f.version)).toEqual(['20240102']);
  });

  it('refuses versions that are not migrations and a --from after --to', () => {
    for (const [from, to, message] of [
      ['999', undefined, '--from 999: no migration has that version.'],
      [undefined, '1', '--to 1: no migration has that version.'],
      ['20240103', '20240101', '--from 20240103 comes after --to 20240101.'],
    ] as const) {
      let error: unknown;
      try {
        selectTested(files, from, to);
      } catch (caught) {
        error = caught;
      }
      expect(isDbtkError(error, 'usage')).toBe(true);
      expect((error as Error).message).toBe(message);
    }
  });
});

describe('parseSeedFile', () => {
  it('reads the seed statements and the assertions with their lines', () => {
    const seed = parseSeedFile(
      "-- seed data for users\n-- dbtk:seed\nINSERT INTO users (name) VALUES ('a;b');\nINSERT INTO users (name) VALUES ('c');\n\n-- dbtk:assert\nSELECT count(*) = 2 FROM users;\n\nSELECT name\n  FROM users WHERE name IS NULL;\n",
      'db/test/1.sql',
      'postgres',
    );
    expect(seed.seed).toEqual(["INSERT INTO users (name) VALUES ('a;b')", "INSERT INTO users (name) VALUES ('c')"]);
    expect(seed.asserts.map((a) => a.line)).toEqual([7, 9]);
    expect(seed.asserts[0].sql).toBe('SELECT count(*) = 2 FROM users');
  });

  it('refuses SQL before any marker, naming the line', () => {
    expect(() => parseSeedFile('SELECT 1;\n-- dbtk:assert\nSELECT 1;\n', 'db/test/1.sql', 'sqlite')).toThrow(
      'db/test/1.sql:1: SQL before any `-- dbtk:seed` or `-- dbtk:assert` line.',
    );
  });
});
