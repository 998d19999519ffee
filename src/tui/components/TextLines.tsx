// Renders a window of toned lines (SQL, help, plans, outcomes), each cut to one terminal line
// so a long statement never wraps into the rows below it. Whatever control character a line
// still holds is shown, not sent (only dbtk's own colours pass).

import { Box, Text } from 'ink';
import type { Line, LineTone } from '../model/lines.js';
import { terminalOutput } from '../../core/shared/terminal-text.js';

const TONES: Record<LineTone, { color?: string; bold?: boolean; dimColor?: boolean }> = {
  plain: {},
  title: { bold: true },
  heading: { color: 'cyan', bold: true },
  success: { color: 'green' },
  warning: { color: 'yellow' },
  error: { color: 'red' },
  dim: { dimColor: true },
  sql: {},
};

export interface TextLinesProps {
  lines: readonly Line[];
  /** First line shown. */
  scroll: number;
  height: number;
}

export function TextLines({ lines, scroll, height }: TextLinesProps) {
  const visible = lines.slice(scroll, scroll + Math.max(0, height));
  return (
    <Box flexDirection="column" height={Math.max(0, height)} overflow="hidden">
      {visible.map((l, i) => (
        <Text key={scroll + i} wrap="truncate-end" {...TONES[l.tone]}>
          {l.text === '' ? ' ' : terminalOutput(l.text)}
        </Text>
      ))}
    </Box>
  );
}
