// Step 6: the file as it will be saved, with what dbmate would object to, then save (or save
// and run).

import { Box, Text } from 'ink';
import { parseMigrationContent } from '../../../core/migrations/file.js';
import { SqlPreview } from './SqlPreview.js';

export interface PreviewStepProps {
  name: string;
  content: string;
  top: number;
  width: number;
  height: number;
}

export function PreviewStep({ name, content, top, width, height }: PreviewStepProps) {
  const problems = parseMigrationContent(`00000000000000_${name}.sql`, '', Buffer.from(content)).problems;
  const total = content.replace(/\n$/, '').split('\n').length;
  const bodyHeight = Math.max(1, height - 1 - problems.length);
  return (
    <Box flexDirection="column">
      <Text
        dimColor
        wrap="truncate-end"
      >{`db/migrations/<timestamp>_${name}.sql · lines ${Math.min(total, top + 1)}–${Math.min(total, top + bodyHeight)} of ${total}`}</Text>
      {problems.map((p) => (
        <Text
          key={p.code}
          color={p.severity === 'error' ? 'red' : 'yellow'}
          wrap="truncate-end"
        >{`${p.severity === 'error' ? '✖' : '⚠'} ${p.message}`}</Text>
      ))}
      <SqlPreview sql={content} top={top} height={bodyHeight} width={width} />
    </Box>
  );
}
