import { describe, expect, it } from 'vitest';
import { formatDurationMs, parseGoDuration } from '../../../src/core/shared/duration.js';

describe('Go durations', () => {
  it.each([
    ['123µs', 0.123],
    ['123us', 0.123],
    ['1.5ms', 1.5],
    ['2.1s', 2100],
    ['1m2.5s', 62_500],
    ['1h0m3s', 3_603_000],
    ['500ns', 0.001],
    ['0s', 0],
  ])('%s = %s ms', (text, ms) => expect(parseGoDuration(text)).toBeCloseTo(ms, 3));

  it('rejects what is not a duration', () => {
    expect(parseGoDuration('fast')).toBeUndefined();
    expect(parseGoDuration('12')).toBeUndefined();
  });

  it('formats for people', () => {
    expect(formatDurationMs(0.08)).toBe('0.08ms');
    expect(formatDurationMs(3.2)).toBe('3.2ms');
    expect(formatDurationMs(1250)).toBe('1.25s');
    expect(formatDurationMs(125_000)).toBe('2m 5s');
    expect(formatDurationMs(undefined)).toBe('—');
  });
});
