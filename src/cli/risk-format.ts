// Risk levels and findings as terminal text, shared by `dbtk preview` and `dbtk lint`.
// Levels are always spelled out, so they read the same without colour (NO_COLOR, pipes).

import type { RiskFinding } from '../core/sql/assess.js';
import type { RiskLevel } from '../core/sql/rules.js';
import { style } from './output.js';

const LEVEL_STYLE: Record<RiskLevel | 'none', (text: string) => string> = {
  high: (t) => style.red.bold(t),
  medium: (t) => style.yellow(t),
  low: (t) => style.cyan(t),
  none: (t) => style.green(t),
};

/** `HIGH`, `MEDIUM`, `LOW`, `NONE`, coloured when colour is on, padded to `width`. */
export function levelLabel(level: RiskLevel | 'none', width = 0): string {
  const word = level.toUpperCase();
  return LEVEL_STYLE[level](word) + ' '.repeat(Math.max(0, width - word.length));
}

/** Finding lines: `LEVEL  rule-id  line N: message`, then the fix, indented. */
export function findingLines(finding: RiskFinding, indent = '  '): string[] {
  return [
    `${indent}${levelLabel(finding.level, 7)} ${style.bold(finding.rule)}  line ${finding.line}: ${finding.message}`,
    `${indent}        ${style.dim(`Fix: ${finding.fix}`)}`,
  ];
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

export function levelCounts(counts: Record<RiskLevel, number>): string {
  return (['high', 'medium', 'low'] as const)
    .filter((l) => counts[l])
    .map((l) => `${counts[l]} ${l}`)
    .join(', ');
}
