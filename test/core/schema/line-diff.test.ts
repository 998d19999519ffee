import { describe, expect, it } from 'vitest';
import { alignLines, changeStarts, sideBySideRows, unifiedPatch } from '../../../src/core/schema/line-diff.js';

describe('diff lines', () => {
  const lines = alignLines('a\nb\nc\nd\n', 'a\nB\nc\nd\ne\n');

  it('aligns every line with its numbers on both sides', () => {
    expect(lines).toEqual([
      { type: 'context', text: 'a', oldLine: 1, newLine: 1 },
      { type: 'removed', text: 'b', oldLine: 2 },
      { type: 'added', text: 'B', newLine: 2 },
      { type: 'context', text: 'c', oldLine: 3, newLine: 3 },
      { type: 'context', text: 'd', oldLine: 4, newLine: 4 },
      { type: 'added', text: 'e', newLine: 5 },
    ]);
  });

  it('pairs removals with the additions that replace them for side by side', () => {
    const rows = sideBySideRows(lines);
    expect(rows.map((r) => [r.left?.text ?? '', r.right?.text ?? '', r.changed])).toEqual([
      ['a', 'a', false],
      ['b', 'B', true],
      ['c', 'c', false],
      ['d', 'd', false],
      ['', 'e', true],
    ]);
    expect(changeStarts(rows, (r) => r.changed)).toEqual([1, 4]);
    expect(changeStarts(lines, (l) => l.type !== 'context')).toEqual([1, 5]);
  });

  it('writes unified patches with the context asked for', () => {
    expect(unifiedPatch('a\nb\nc\nd\n', 'a\nB\nc\nd\n', { old: 'old', new: 'new' }, 0)).toBe('--- old\n+++ new\n@@ -2,1 +2,1 @@\n-b\n+B\n');
    expect(unifiedPatch('a\nb\nc\nd\n', 'a\nB\nc\nd\n', { old: 'old', new: 'new' }, 1)).toContain('@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n');
    expect(unifiedPatch('same\n', 'same\n', { old: 'o', new: 'n' })).toBe('');
  });
});
