// What people type for `dbtk history` filters.

import { describe, expect, it } from 'vitest';
import { isDbtkError } from '../../../src/core/shared/errors.js';
import { parseHistoryDate, parseHistoryLimit, parseHistoryStatus, quickReject } from '../../../src/core/history/query.js';

describe('parseHistoryDate', () => {
  const now = new Date(2024, 5, 15, 12, 0, 0);
  it('reads dates, date-times, named days and spans back from now', () => {
    expect(parseHistoryDate('2024-06-01', '--since')).toEqual(new Date(2024, 5, 1));
    expect(parseHistoryDate('2024-06-01', '--until', { endOfDay: true })).toEqual(new Date(2024, 5, 2));
    expect(parseHistoryDate('2024-06-01T14:30:00Z', '--since')).toEqual(new Date(Date.UTC(2024, 5, 1, 14, 30)));
    expect(parseHistoryDate('2024-06-01 14:30', '--since')).toEqual(new Date(2024, 5, 1, 14, 30));
    expect(parseHistoryDate('7d', '--since', { now })).toEqual(new Date(2024, 5, 8, 12, 0, 0));
    expect(parseHistoryDate('12h', '--since', { now })).toEqual(new Date(2024, 5, 15, 0, 0, 0));
    expect(parseHistoryDate('yesterday', '--since', { now })).toEqual(new Date(2024, 5, 14));
    expect(parseHistoryDate('today', '--until', { now, endOfDay: true })).toEqual(new Date(2024, 5, 16));
  });

  it('refuses what is not a date, with the accepted forms', () => {
    for (const bad of ['last week', '2024-02-30', '2024-13-01', '', '7 days', '01/06/2024']) {
      let error: unknown;
      try {
        parseHistoryDate(bad, '--since');
      } catch (e) {
        error = e;
      }
      expect(isDbtkError(error, 'usage')).toBe(true);
      expect((error as Error).message).toContain('--since');
      expect((error as { hint: string }).hint).toMatch(/2024-06-01.*7d/);
    }
  });

  it('limit and status accept only what they mean', () => {
    expect(parseHistoryLimit('50')).toBe(50);
    for (const bad of ['0', '-1', 'ten', '1.5']) expect(() => parseHistoryLimit(bad)).toThrow(/--limit must be a whole number/);
    expect(parseHistoryStatus('failed')).toBe('failed');
    expect(() => parseHistoryStatus('ok')).toThrow(/--status must be "success" or "failed"/);
  });

  it('the raw-line shortcut never rejects a line that could match', () => {
    const line = '{"schema":1,"version":"20240101000001","status":"failed","errorMessage":"Déjà vu"}';
    expect(quickReject(line, { status: 'failed', version: '20240101000001', search: 'déjà' })).toBe(false);
    expect(quickReject(line, { status: 'success' })).toBe(true);
    expect(quickReject(line, { search: 'nothing here' })).toBe(true);
    expect(quickReject(line, { search: 'a "quoted' })).toBe(false);
  });
});
