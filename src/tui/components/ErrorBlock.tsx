// Lines of an error (under a notice, the database's own words; on the schema diff, the whole
// error), wrapped. When they need more rows than the place has, the last row says how many
// more there are: `y` copies them all.

import { line, type Line } from '../model/lines.js';
import { plural } from '../model/text.js';
import { TextLines } from './TextLines.js';

export interface ErrorBlockProps {
  lines: readonly Line[];
  rows: number;
}

export function ErrorBlock({ lines, rows }: ErrorBlockProps) {
  if (rows <= 0) return null;
  const shown =
    lines.length <= rows
      ? lines
      : [...lines.slice(0, rows - 1), line(`  … ${plural(lines.length - rows + 1, 'more line')}: y copies the whole error`, 'dim')];
  return <TextLines lines={shown} scroll={0} height={rows} />;
}
