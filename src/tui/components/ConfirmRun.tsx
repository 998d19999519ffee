// "This will run: …  y/n": the migrations of a run and the SQL each will execute, before
// anything happens. A production connection asks for its name to be typed instead.

import { Box, Text } from 'ink';
import { TextField } from './TextField.js';
import type { ReactNode } from 'react';
import type { Line } from '../model/lines.js';
import { Pane } from './Pane.js';

export interface ConfirmRunProps {
  title: string;
  lines: readonly Line[];
  scroll: number;
  width: number;
  height: number;
  production: boolean;
  connectionName: string;
  typed: string;
  typedError?: string;
  /** The risk summary of what will run, and the rows it takes. */
  risk?: ReactNode;
  riskRows?: number;
}

export function ConfirmRun({
  title,
  lines,
  scroll,
  width,
  height,
  production,
  connectionName,
  typed,
  typedError,
  risk,
  riskRows = 0,
}: ConfirmRunProps) {
  const footer = production ? 2 : 1;
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Text bold color="yellow" wrap="truncate-end">
        {title}
      </Text>
      {risk}
      <Box flexGrow={1} flexShrink={1} overflow="hidden">
        <Pane
          title="will run"
          lines={lines}
          scroll={scroll}
          height={Math.max(2, height - 1 - footer - (risk ? riskRows : 0))}
          width={width}
        />
      </Box>
      {production ? (
        <>
          <Box>
            <Text color="red" bold>
              Production connection: type "{connectionName}" to confirm:{' '}
            </Text>
            <TextField value={typed} />
          </Box>
          <Text color="red" wrap="truncate-end">
            {typedError ?? ' '}
          </Text>
        </>
      ) : (
        <Text wrap="truncate-end">
          <Text bold>Run it? </Text>
          <Text color="cyan" bold>
            y
          </Text>{' '}
          yes ·{' '}
          <Text color="cyan" bold>
            n
          </Text>{' '}
          no, nothing runs ·{' '}
          <Text color="cyan" bold>
            t
          </Text>{' '}
          try it on a copy first
        </Text>
      )}
    </Box>
  );
}
