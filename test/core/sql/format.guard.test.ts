// The safety net under the formatter: if sql-formatter ever returned SQL that says something
// else (other tokens, or operators split apart), the file must be left alone.

import { describe, expect, it, vi } from 'vitest';

const formatter = vi.hoisted(() => ({ output: '' }));
vi.mock('sql-formatter', () => ({ format: () => formatter.output }));

const { formatMigrationSql } = await import('../../../src/core/sql/format.js');

describe('formatMigrationSql guard', () => {
  it('refuses output with different tokens and says which line', () => {
    formatter.output = 'select\n  2;';
    expect(formatMigrationSql('-- migrate:up\nselect 1;\n-- migrate:down\n', 'postgres')).toEqual({
      ok: false,
      reason: expect.stringMatching(/would change its statements/),
      line: 2,
    });
  });

  it('refuses output that splits an operator', () => {
    formatter.output = 'select a > = b;';
    expect(formatMigrationSql('-- migrate:up\nselect a >= b;\n-- migrate:down\n', 'sqlite')).toMatchObject({ ok: false });
  });

  it('accepts output that only changes layout', () => {
    formatter.output = 'select\n  a >= b;';
    expect(formatMigrationSql('-- migrate:up\nselect a>=b;\n-- migrate:down\n', 'sqlite')).toMatchObject({ ok: true, changed: true });
  });
});
