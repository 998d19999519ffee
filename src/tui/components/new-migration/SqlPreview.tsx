// A window onto SQL text: the lines from `top` that fit in `height`, comments dimmed, long
// lines cut to the width (never wrapped into the next row).

import { Box, Text } from 'ink';
import { truncate } from '../../model/text.js';

export interface SqlPreviewProps {
  sql: string;
  height: number;
  width: number;
  top?: number;
}

export function SqlPreview({ sql, height, width, top = 0 }: SqlPreviewProps) {
  const lines = sql.replace(/\n$/, '').split('\n');
  const visible = lines.slice(top, top + Math.max(0, height));
  return (
    <Box flexDirection="column">
      {visible.map((line, i) => {
        const text = truncate(line.replace(/\t/g, '  '), width) || ' ';
        const marker = /^--\s*migrate:/.test(line);
        return (
          <Text key={`${top + i}`} dimColor={!marker && /^\s*--/.test(line)} bold={marker} color={marker ? 'cyan' : undefined}>
            {text}
          </Text>
        );
      })}
    </Box>
  );
}
