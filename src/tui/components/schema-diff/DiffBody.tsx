// The visible window of a schema diff, unified or side by side. Only the rows on screen are
// rendered, so a dump of any size scrolls at the same speed. Every changed line carries a
// +/- mark as well as its colour, so NO_COLOR terminals lose nothing.

import { Box, Text } from 'ink';
import type { DiffLine, SideBySideRow } from '../../../core/schema/line-diff.js';

const MARK: Record<DiffLine['type'], string> = { added: '+', removed: '-', context: ' ' };
const COLOR: Record<DiffLine['type'], string | undefined> = { added: 'green', removed: 'red', context: undefined };

/** Tabs and control characters would break the column layout. */
export function visibleSlice(text: string, left: number, width: number): string {
  if (width <= 0) return '';
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/\t/g, '    ').replace(/[\u0000-\u001f\u007f]/g, '');
  return clean.slice(left, left + width);
}

function pad(text: string, width: number): string {
  return text.length >= width ? text.slice(0, width) : text + ' '.repeat(width - text.length);
}

function numberWidth(lines: readonly DiffLine[]): number {
  const max = lines.reduce((m, l) => Math.max(m, l.oldLine ?? 0, l.newLine ?? 0), 1);
  return String(max).length;
}

interface UnifiedProps {
  lines: readonly DiffLine[];
  top: number;
  height: number;
  width: number;
  left: number;
}

export function UnifiedDiff({ lines, top, height, width, left }: UnifiedProps) {
  const digits = numberWidth(lines);
  const textWidth = Math.max(0, width - (digits * 2 + 4));
  return (
    <Box flexDirection="column">
      {lines.slice(top, top + height).map((line, i) => (
        <Text key={top + i} wrap="truncate">
          <Text dimColor>
            {pad(String(line.oldLine ?? ''), digits)} {pad(String(line.newLine ?? ''), digits)}{' '}
          </Text>
          <Text color={COLOR[line.type]}>
            {MARK[line.type]} {visibleSlice(line.text, left, textWidth)}
          </Text>
        </Text>
      ))}
    </Box>
  );
}

interface SplitProps {
  rows: readonly SideBySideRow[];
  lines: readonly DiffLine[];
  top: number;
  height: number;
  width: number;
  left: number;
}

function Cell({
  line,
  side,
  digits,
  width,
  left,
}: {
  line?: DiffLine;
  side: 'left' | 'right';
  digits: number;
  width: number;
  left: number;
}) {
  const number = line ? String((side === 'left' ? line.oldLine : line.newLine) ?? '') : '';
  const textWidth = Math.max(0, width - digits - 3);
  return (
    <Text>
      <Text dimColor>{pad(number, digits)} </Text>
      <Text color={line ? COLOR[line.type] : undefined}>
        {line ? MARK[line.type] : ' '} {pad(line ? visibleSlice(line.text, left, textWidth) : '', textWidth)}
      </Text>
    </Text>
  );
}

export function SideBySideDiff({ rows, lines, top, height, width, left }: SplitProps) {
  const digits = numberWidth(lines);
  const half = Math.max(0, Math.floor((width - 3) / 2));
  return (
    <Box flexDirection="column">
      {rows.slice(top, top + height).map((row, i) => (
        <Text key={top + i} wrap="truncate">
          <Cell line={row.left} side="left" digits={digits} width={half} left={left} />
          <Text dimColor> │ </Text>
          <Cell line={row.right} side="right" digits={digits} width={half} left={left} />
        </Text>
      ))}
    </Box>
  );
}
