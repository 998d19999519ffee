// Text charts read without colour: glyphs and figures carry the meaning.

import { describe, expect, it } from 'vitest';
import { medianWithout, sortedPercentile, weekOf, weeksBetween } from '../../../src/core/analytics/figures.js';
import { bar, percent, shareBar, shareLegend, sparkline } from '../../../src/core/analytics/text-charts.js';

describe('text charts', () => {
  it('sparkline scales to the largest value and leaves gaps for missing ones', () => {
    expect(sparkline([0, 1, 2, 4, 8])).toBe('▁▂▃▅█');
    expect(sparkline([null, 5, null])).toBe(' █ ');
    expect(sparkline([0, 0])).toBe('▁▁');
    expect(sparkline([])).toBe('');
  });

  it('bar fills its share of the width, at least one cell for anything above zero', () => {
    expect(bar(5, 10, 10)).toBe('█████░░░░░');
    expect(bar(1, 1000, 10)).toBe('█░░░░░░░░░');
    expect(bar(0, 10, 4)).toBe('░░░░');
    expect(bar(3, 0, 3)).toBe('█░░');
  });

  it('share bar gives each part its own glyph, and the legend says which', () => {
    const parts = [
      { label: 'ok', value: 3 },
      { label: 'failed', value: 1 },
    ];
    expect(shareBar(parts, 8)).toBe('██████▒▒');
    expect(
      shareBar(
        [
          { label: 'a', value: 99 },
          { label: 'b', value: 1 },
        ],
        10,
      ),
    ).toBe('█████████▒');
    expect(shareLegend(parts)).toBe('█ ok 3 (75%)  ▒ failed 1 (25%)');
    expect(percent(null)).toBe('—');
  });
});

describe('figures', () => {
  it('median without one element, from the sorted list', () => {
    const sorted = [1, 2, 3, 10];
    expect(medianWithout(sorted, 3)).toBe(2);
    expect(medianWithout(sorted, 0)).toBe(3);
    expect(medianWithout([4, 8], 0)).toBe(8);
    expect(medianWithout([4], 0)).toBeNaN();
  });

  it('p95 by nearest rank; weeks start on Monday (UTC) and gaps are filled', () => {
    expect(sortedPercentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20], 0.95)).toBe(19);
    expect(weekOf('2024-01-07T23:59:59Z')).toBe('2024-01-01');
    expect(weekOf('2024-01-08T00:00:00Z')).toBe('2024-01-08');
    expect(weekOf('not a date')).toBeNull();
    expect(weeksBetween('2024-01-01', '2024-01-22', 10)).toEqual(['2024-01-01', '2024-01-08', '2024-01-15', '2024-01-22']);
    expect(weeksBetween('2024-01-01', '2024-01-22', 2)).toEqual(['2024-01-15', '2024-01-22']);
  });
});
