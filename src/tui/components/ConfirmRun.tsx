// "This will run: …  y/n": the migrations of a run and the SQL each will execute, before
// anything happens. A production connection asks for its name to be typed instead. The
// heading (question, database, what changed) comes wrapped: it is never cut.

import { Box, Text } from 'ink';
import { TextField } from './TextField.js';
import type { ReactNode } from 'react';
import type { Line } from '../model/lines.js';
import { Pane } from './Pane.js';
import { TextLines } from './TextLines.js';

export interface ConfirmRunProps {
  /** Above the plan, each line fitting `width` (wrapped by the caller). */
  heading: readonly Line[];
  lines: readonly Line[];
  scroll: number;
  width: number;
  height: number;
  production: boolean;
  connectionName: string;
  typed: string;
  /** Under the question: a name that did not match, an answer key that came in a paste. */
  answerError?: string;
  /** The risk summary of what will run, and the rows it takes. */
  risk?: ReactNode;
  riskRows?: number;
}

export function ConfirmRun({
  heading,
  lines,
  scroll,
  width,
  height,
  production,
  connectionName,
  typed,
  answerError,
  risk,
  riskRows = 0,
}: ConfirmRunProps) {
  const footer = production || answerError ? 2 : 1;
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <TextLines lines={heading} scroll={0} height={heading.length} />
      {risk}
      <Box flexGrow={1} flexShrink={1} overflow="hidden">
        <Pane
          title="will run"
          lines={lines}
          scroll={scroll}
          height={Math.max(2, height - heading.length - footer - (risk ? riskRows : 0))}
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
            {answerError ?? ' '}
          </Text>
        </>
      ) : (
        <>
          {answerError ? (
            <Text color="red" wrap="truncate-end">
              {answerError}
            </Text>
          ) : null}
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
        </>
      )}
    </Box>
  );
}
