// Step 5: open the migration in the editor before the final look, or go straight on.

import { Box, Text } from 'ink';
import { SqlPreview } from './SqlPreview.js';

export function EditStep({ content, notes, width, height }: { content: string; notes: string[]; width: number; height: number }) {
  return (
    <Box flexDirection="column">
      <Text>
        Press{' '}
        <Text bold color="cyan">
          e
        </Text>{' '}
        to open it in $VISUAL / $EDITOR first, or{' '}
        <Text bold color="cyan">
          enter
        </Text>{' '}
        to go on to the preview.
      </Text>
      {notes.map((note) => (
        <Text key={note} color="yellow" wrap="truncate-end">{`Note: ${note}`}</Text>
      ))}
      <Text> </Text>
      <SqlPreview sql={content} height={height - 2 - notes.length} width={width} />
    </Box>
  );
}
