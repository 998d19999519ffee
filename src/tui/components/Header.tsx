// Top line: which project or connection, its (redacted) URL, dbmate's version and counts.

import { Box, Text } from 'ink';
import type { RowCounts } from '../model/migration-rows.js';
import { terminalName } from '../../core/shared/terminal-text.js';

export interface HeaderProps {
  connectionName: string;
  redactedUrl: string;
  dbmateVersion?: string;
  production: boolean;
  counts?: RowCounts;
  width: number;
}

export function Header({ connectionName, redactedUrl, dbmateVersion, production, counts, width }: HeaderProps) {
  return (
    <Box width={width} justifyContent="space-between">
      <Box flexShrink={1} marginRight={1}>
        <Text wrap="truncate-end">
          <Text bold color="cyan">
            dbtk
          </Text>
          <Text> {terminalName(connectionName)}</Text>
          {production ? (
            <Text color="red" bold>
              {' '}
              PRODUCTION
            </Text>
          ) : null}
          <Text dimColor> {redactedUrl ? terminalName(redactedUrl) : '(no database URL)'}</Text>
          <Text dimColor> · dbmate {dbmateVersion ?? '?'}</Text>
        </Text>
      </Box>
      {counts ? (
        <Box flexShrink={0}>
          <Text>
            <Text color="green">✔ {counts.applied} applied</Text>
            <Text>{'  '}</Text>
            <Text color="yellow">● {counts.pending} pending</Text>
            {counts.failed ? <Text color="red">{`  ✖ ${counts.failed} failed`}</Text> : null}
          </Text>
        </Box>
      ) : null}
    </Box>
  );
}
