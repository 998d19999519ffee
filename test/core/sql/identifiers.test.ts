import { describe, expect, it } from 'vitest';
import { formatIdentifier, identifierProblem, needsQuotes, quoteIdentifier } from '../../../src/core/sql/identifiers.js';

describe('identifiers', () => {
  it('leaves plain names bare and quotes reserved words per dialect', () => {
    expect(formatIdentifier('users', 'postgres')).toBe('users');
    expect(formatIdentifier('order', 'postgres')).toBe('"order"');
    expect(formatIdentifier('order', 'mysql')).toBe('`order`');
    expect(formatIdentifier('group', 'sqlite')).toBe('"group"');
  });

  it('keeps the case a person typed in PostgreSQL, which folds bare names', () => {
    expect(formatIdentifier('Users', 'postgres')).toBe('"Users"');
    expect(formatIdentifier('Users', 'mysql')).toBe('Users');
    expect(needsQuotes('users', 'postgres')).toBe(false);
  });

  it('accepts schema-qualified names only where asked', () => {
    expect(formatIdentifier('public.users', 'postgres', { qualified: true })).toBe('public.users');
    expect(identifierProblem('public.users', 'postgres')).toMatch(/single name/);
    expect(identifierProblem('a.b.c', 'postgres', { qualified: true })).toMatch(/schema.name/);
  });

  it('takes explicitly quoted names exactly, doubling quotes inside', () => {
    expect(formatIdentifier('"My Table"', 'postgres')).toBe('"My Table"');
    expect(formatIdentifier('"a""b"', 'postgres')).toBe('"a""b"');
    expect(formatIdentifier('`my table`', 'mysql')).toBe('`my table`');
    expect(formatIdentifier('"x` y"', 'mysql')).toBe('`x`` y`');
    expect(quoteIdentifier('we"ird', 'sqlite')).toBe('"we""ird"');
  });

  it('refuses injection attempts typed as bare names', () => {
    for (const attempt of ['users; drop table x', "users' --", 'users`; drop table x', 'a b', 'users)--', 'x/*']) {
      expect(identifierProblem(attempt, 'mysql'), attempt).toBeDefined();
      expect(() => formatIdentifier(attempt, 'postgres')).toThrow(/not a valid name/);
    }
  });

  it('quotes anything inside explicit quotes so it stays one identifier', () => {
    expect(formatIdentifier('"users; drop table x"', 'postgres')).toBe('"users; drop table x"');
    expect(formatIdentifier('"a`; drop table x; --"', 'mysql')).toBe('`a``; drop table x; --`');
  });

  it('refuses unclosed quotes, control characters, empty parts and overlong names', () => {
    expect(identifierProblem('"open', 'postgres')).toMatch(/not closed/);
    expect(identifierProblem('"a\nb"', 'postgres')).toMatch(/control characters/);
    expect(identifierProblem('users.', 'postgres', { qualified: true })).toMatch(/empty/);
    expect(identifierProblem('', 'postgres')).toMatch(/required/);
    expect(identifierProblem('a'.repeat(64), 'postgres')).toMatch(/63 bytes/);
    expect(identifierProblem('a'.repeat(64), 'mysql')).toBeUndefined();
  });
});
