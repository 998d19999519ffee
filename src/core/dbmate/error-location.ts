// Turns "line 6 of the section dbmate ran" into a line of the migration file and the SQL on
// it, so an error can point at the file the user edits.

import { readFileSync } from 'node:fs';
import path from 'node:path';

const SECTION_MARKER = /^--\s*migrate:(up|down)\b/;

export interface FileLocation {
  line: number;
  /** The text of that line, trimmed. */
  text: string;
}

/**
 * dbmate counts lines from the section's `-- migrate:up` (or `down`) marker line, which is its
 * line 1. Undefined when the file cannot be found or read.
 */
export function locateInMigration(
  dirs: readonly string[],
  file: string,
  direction: 'up' | 'down',
  sectionLine: number,
): FileLocation | undefined {
  for (const dir of dirs) {
    let lines: string[];
    try {
      lines = readFileSync(path.resolve(dir, file), 'utf8').split(/\r?\n/);
    } catch {
      continue;
    }
    const marker = lines.findIndex((line) => SECTION_MARKER.exec(line)?.[1] === direction);
    if (marker === -1) return undefined;
    const index = marker + sectionLine - 1;
    if (index < 0 || index >= lines.length) return undefined;
    return { line: index + 1, text: lines[index].trim() };
  }
  return undefined;
}
