// Above the help bar: the last message (created, nothing to apply, an error with its fix, on
// two rows if it needs them), or a quiet summary when there is none.

import { Box, Text } from 'ink';
import type { Notice } from '../hooks/use-run.js';
import { terminalText } from '../../core/shared/terminal-text.js';

const TONE = { info: { color: 'cyan', icon: 'ℹ' }, success: { color: 'green', icon: '✔' }, error: { color: 'red', icon: '✖' } } as const;

export interface NoticeLineProps {
  notice: Notice | null;
  /** Shown when there is no notice. */
  fallback: string;
  tone?: 'dim' | 'error';
  /** Rows it may take (1 or 2: see noticeRows). */
  rows?: number;
}

/** The notice as one string, e.g. for measuring it. */
export function noticeText(notice: Notice | null, fallback: string): string {
  return notice
    ? `${TONE[notice.tone].icon} ${terminalText(notice.text)}${notice.hint ? ` Fix: ${terminalText(notice.hint)}` : ''}`
    : fallback;
}

export function NoticeLine({ notice, fallback, tone = 'dim', rows = 1 }: NoticeLineProps) {
  const wrap = rows > 1 ? 'wrap' : 'truncate-end';
  if (!notice) {
    return (
      <Box height={rows} overflow="hidden">
        {tone === 'error' ? (
          <Text color="red" wrap={wrap}>
            {fallback || ' '}
          </Text>
        ) : (
          <Text dimColor wrap={wrap}>
            {fallback || ' '}
          </Text>
        )}
      </Box>
    );
  }
  const style = TONE[notice.tone];
  return (
    <Box height={rows} overflow="hidden">
      <Text wrap={wrap}>
        <Text color={style.color}>
          {style.icon} {terminalText(notice.text)}
        </Text>
        {notice.hint ? <Text dimColor> Fix: {terminalText(notice.hint)}</Text> : null}
      </Text>
    </Box>
  );
}
