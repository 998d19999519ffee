import { describe, expect, it } from 'vitest';
import { compareVersion } from '../../../src/core/migrations/status.js';

describe('compareVersion', () => {
  it('orders digit strings as numbers, whatever their length or leading zeros', () => {
    expect(compareVersion('9', '10')).toBeLessThan(0);
    expect(compareVersion('20240102000000', '20240101000000')).toBeGreaterThan(0);
    expect(compareVersion('007', '7')).toBe(0);
    expect(compareVersion('0010', '9')).toBeGreaterThan(0);
    expect(compareVersion('0', '000')).toBe(0);
    const versions = ['20240101000010', '3', '20240101000002', '0004', '100'];
    expect([...versions].sort(compareVersion)).toEqual(['3', '0004', '100', '20240101000002', '20240101000010']);
  });
});
