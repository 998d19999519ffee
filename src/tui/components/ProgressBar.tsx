// A bar of done/total with the numbers beside it (readable without colour).

import { Text } from 'ink';

export interface ProgressBarProps {
  done: number;
  total: number;
  width: number;
  /** Text after the numbers, e.g. "applied". */
  label?: string;
}

function progressText(done: number, total: number, label?: string): string {
  const percent = total === 0 ? 0 : Math.floor((done / total) * 100);
  return `${done}/${total}${label ? ` ${label}` : ''} (${percent}%)`;
}

export function ProgressBar({ done, total, width, label }: ProgressBarProps) {
  const text = progressText(done, total, label);
  const cells = Math.max(5, width - text.length - 3);
  const filled = total === 0 ? 0 : Math.round((Math.min(done, total) / total) * cells);
  return (
    <Text wrap="truncate-end">
      <Text color="green">{'█'.repeat(filled)}</Text>
      <Text dimColor>{'░'.repeat(cells - filled)}</Text>
      <Text> {text}</Text>
    </Text>
  );
}
