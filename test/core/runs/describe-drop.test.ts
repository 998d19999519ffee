import { describe, expect, it } from 'vitest';
import { describeDrop } from '../../../src/core/runs/describe-drop.js';

describe('describeDrop', () => {
  it('says the rows a dropped table takes with it, exact or estimated', () => {
    expect(describeDrop({ kind: 'table', name: 'notes', exists: true, rows: 1204, rowsExact: true })).toBe(
      'table notes and its 1,204 rows (exact count)',
    );
    expect(describeDrop({ kind: 'table', name: 'events', exists: true, rows: 2_500_000, rowsExact: false })).toBe(
      'table events and its ~2,500,000 rows (estimate)',
    );
    expect(describeDrop({ kind: 'column', name: 'body', table: 'notes', exists: true, rows: 1, rowsExact: true })).toBe(
      'column notes.body, with its values in 1 row (exact count)',
    );
    expect(describeDrop({ kind: 'index', name: 'notes_body_idx', table: 'notes', exists: true })).toBe('index notes_body_idx on notes');
    expect(describeDrop({ kind: 'table', name: 'gone', exists: false })).toBe('table gone (not in the database now)');
    expect(describeDrop({ kind: 'table', name: 'notes', exists: true, rows: 3, rowsExact: true }, true)).toBe('table notes');
  });
});
