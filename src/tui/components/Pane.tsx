// A titled, scrollable block of lines: a rule with the title and the position, then the
// window of lines. The detail pane, the help, plans and outcomes are all panes.

import { Box, Text } from 'ink';
import { clampScroll, type Line } from '../model/lines.js';
import { terminalName } from '../../core/shared/terminal-text.js';
import { cellWidth, truncate } from '../model/text.js';
import { TextLines } from './TextLines.js';

export interface PaneProps {
  title: string;
  lines: readonly Line[];
  scroll: number;
  /** Rows including the title rule. */
  height: number;
  width: number;
  focused?: boolean;
}

function paneRule(title: string, position: string, width: number): string {
  const head = `── ${truncate(terminalName(title), Math.max(1, width - cellWidth(position) - 10))} `;
  const tail = position ? ` ${position} ──` : '';
  return head + '─'.repeat(Math.max(0, width - cellWidth(head) - cellWidth(tail))) + tail;
}

export function Pane({ title, lines, scroll, height, width, focused = false }: PaneProps) {
  const body = Math.max(0, height - 1);
  const top = clampScroll(scroll, lines.length, body);
  const position = lines.length > body ? `${top + 1}–${Math.min(lines.length, top + body)} of ${lines.length}` : '';
  return (
    <Box flexDirection="column" height={height} width={width} overflow="hidden">
      <Text color={focused ? 'cyan' : undefined} dimColor={!focused} wrap="truncate-end">
        {paneRule(title, position, width)}
      </Text>
      <TextLines lines={lines} scroll={top} height={body} />
    </Box>
  );
}
