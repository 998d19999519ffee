import { describe, expect, it } from 'vitest';
import { parseDbmateLine } from '../../../src/core/dbmate/output.js';

describe('parseDbmateLine', () => {
  it.each([
    [
      'Applying: 20240101000000_create_users.sql',
      { type: 'applying', version: '20240101000000', name: 'create_users', file: '20240101000000_create_users.sql' },
    ],
    ['Applied: 20240101000000_create_users.sql in 1.099846ms', { type: 'applied', version: '20240101000000', durationMs: 1.1 }],
    ['Applied: 1_x.sql in 79.288µs', { type: 'applied', version: '1', name: 'x', durationMs: 0.079 }],
    ['Rolling back: 2_b.sql', { type: 'rolling_back', version: '2', name: 'b' }],
    ['Rolled back: 2_b.sql in 2.1s', { type: 'rolled_back', durationMs: 2100 }],
    ['Writing: ./db/schema.sql', { type: 'writing', path: './db/schema.sql' }],
    ['Creating: app_dev', { type: 'creating', database: 'app_dev' }],
    ['Creating migration: db/migrations/3_c.sql', { type: 'created_migration', path: 'db/migrations/3_c.sql' }],
    ['[X] 1_a.sql', { type: 'status_line', applied: true, version: '1', name: 'a' }],
    ['[ ] 2_b.sql', { type: 'status_line', applied: false, version: '2' }],
    ['Applied: 3', { type: 'status_count', which: 'applied', count: 3 }],
    ['Pending: 0', { type: 'status_count', which: 'pending', count: 0 }],
    ['Rows affected: 12', { type: 'rows_affected', rows: 12 }],
    ['Error: near ";": syntax error', { type: 'error', message: 'near ";": syntax error' }],
  ])('%s', (line, expected) => {
    expect(parseDbmateLine(line)).toMatchObject({ ...expected, raw: line });
  });

  it('keeps unknown lines as output, never drops them', () => {
    expect(parseDbmateLine('something new in dbmate 3')).toEqual({ type: 'output', raw: 'something new in dbmate 3' });
    expect(parseDbmateLine('')).toEqual({ type: 'output', raw: '' });
  });
});
