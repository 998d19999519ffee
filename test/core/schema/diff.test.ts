import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareSchemas, schemaPatch } from '../../../src/core/schema/diff.js';

const FIXTURES = path.join(import.meta.dirname, '..', '..', 'fixtures', 'schema-diff');
const fixture = (dialect: string, name: string) => readFileSync(path.join(FIXTURES, dialect, `${name}.sql`), 'utf8');

describe('compareSchemas', () => {
  it.each(['postgres', 'mysql', 'sqlite'] as const)('reports no drift between two dumps of the same %s schema', (dialect) => {
    const diff = compareSchemas({ expected: fixture(dialect, 'base'), actual: fixture(dialect, 'raw'), dialect });
    expect(diff.hasDrift).toBe(false);
    expect(diff.changes).toEqual([]);
    expect(diff.stats).toEqual({ added: 0, removed: 0 });
    expect(schemaPatch(diff)).toBe('');
  });

  it('reports drift with line stats, object changes and a patch', () => {
    const diff = compareSchemas({
      expected: fixture('sqlite', 'base'),
      actual: fixture('sqlite', 'drifted'),
      dialect: 'sqlite',
      labels: { expected: 'db/schema.sql', actual: 'live database' },
      now: new Date('2024-05-06T07:08:09Z'),
    });
    expect(diff.hasDrift).toBe(true);
    expect(diff.generatedAt).toBe('2024-05-06T07:08:09.000Z');
    expect(diff.stats.added).toBeGreaterThan(0);
    expect(diff.counts.table).toEqual({ added: 1, removed: 0, changed: 0 });
    const patch = schemaPatch(diff, 0);
    expect(patch).toMatch(/^--- db\/schema\.sql\n\+\+\+ live database\n@@ /);
    expect(patch).toContain('+CREATE TABLE tags (id integer PRIMARY KEY, label text NOT NULL);');
    expect(patch).not.toContain('schema_migrations" (version) VALUES');
  });

  it('reports a difference that names no object as line drift only', () => {
    const diff = compareSchemas({
      expected: 'CREATE TABLE t (id int);\n',
      actual: 'CREATE TABLE t (id int);\nGRANT SELECT ON t TO bob;\n',
      dialect: 'postgres',
    });
    expect(diff.hasDrift).toBe(true);
    expect(diff.changes).toEqual([]);
  });
});
