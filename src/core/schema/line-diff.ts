// Line-level comparison of two texts with the `diff` package, in the shapes the renderers
// need: every line aligned (TUI unified view), paired rows (side by side), unified patches
// with N lines of context (CLI, reports) and where each change starts (jumping with n/N).

import { diffLines, structuredPatch } from 'diff';

type DiffLineType = 'context' | 'added' | 'removed';

export interface DiffLine {
  type: DiffLineType;
  text: string;
  /** 1-based line in the old text (context and removed lines). */
  oldLine?: number;
  /** 1-based line in the new text (context and added lines). */
  newLine?: number;
}

export interface SideBySideRow {
  left?: DiffLine;
  right?: DiffLine;
  changed: boolean;
}

function splitLines(value: string): string[] {
  const lines = value.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Every line of both texts, in order, marked context / removed / added. */
export function alignLines(oldText: string, newText: string): DiffLine[] {
  const out: DiffLine[] = [];
  let oldLine = 1;
  let newLine = 1;
  for (const part of diffLines(oldText, newText)) {
    for (const text of splitLines(part.value)) {
      if (part.added) out.push({ type: 'added', text, newLine: newLine++ });
      else if (part.removed) out.push({ type: 'removed', text, oldLine: oldLine++ });
      else out.push({ type: 'context', text, oldLine: oldLine++, newLine: newLine++ });
    }
  }
  return out;
}

/** Pairs each run of removed lines with the added lines that follow it. */
export function sideBySideRows(lines: readonly DiffLine[]): SideBySideRow[] {
  const rows: SideBySideRow[] = [];
  let i = 0;
  while (i < lines.length) {
    if (lines[i].type === 'context') {
      rows.push({ left: lines[i], right: lines[i], changed: false });
      i++;
      continue;
    }
    const removed: DiffLine[] = [];
    const added: DiffLine[] = [];
    while (i < lines.length && lines[i].type === 'removed') removed.push(lines[i++]);
    while (i < lines.length && lines[i].type === 'added') added.push(lines[i++]);
    for (let k = 0; k < Math.max(removed.length, added.length); k++) rows.push({ left: removed[k], right: added[k], changed: true });
  }
  return rows;
}

/** Indexes where a run of changed entries begins (targets for "next change"). */
export function changeStarts<T>(items: readonly T[], isChange: (item: T) => boolean): number[] {
  const starts: number[] = [];
  items.forEach((item, index) => {
    if (isChange(item) && (index === 0 || !isChange(items[index - 1]))) starts.push(index);
  });
  return starts;
}

export function lineStats(lines: readonly DiffLine[]): { added: number; removed: number } {
  return {
    added: lines.filter((l) => l.type === 'added').length,
    removed: lines.filter((l) => l.type === 'removed').length,
  };
}

/** A unified diff (`--- a` / `+++ b` / `@@ … @@`) with `context` lines around each change. */
export function unifiedPatch(oldText: string, newText: string, labels: { old: string; new: string }, context = 3): string {
  const patch = structuredPatch(labels.old, labels.new, oldText, newText, undefined, undefined, { context: Math.max(0, context) });
  if (patch.hunks.length === 0) return '';
  const out = [`--- ${labels.old}`, `+++ ${labels.new}`];
  for (const hunk of patch.hunks) {
    out.push(`@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`);
    out.push(...hunk.lines);
  }
  return `${out.join('\n')}\n`;
}
