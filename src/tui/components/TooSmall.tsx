// Shown instead of the app when the terminal is too small to draw it without garbling.

import { Box, Text } from 'ink';

export function TooSmall({ columns, rows, minColumns, minRows }: { columns: number; rows: number; minColumns: number; minRows: number }) {
  return (
    <Box flexDirection="column" width={columns} height={rows}>
      <Text wrap="truncate-end" bold>
        Terminal too small
      </Text>
      <Text wrap="truncate-end">
        {columns}x{rows}; dbtk needs {minColumns}x{minRows}.
      </Text>
      <Text wrap="truncate-end" dimColor>
        Enlarge the window, or q to quit.
      </Text>
    </Box>
  );
}
