// The confirmation of `M`: which migration is marked applied or pending, that no SQL runs, and
// on production the connection's name to type.

import { Box, Text } from 'ink';
import type { MarkPlan } from '../../core/project/mark.js';
import { terminalName } from '../../core/shared/terminal-text.js';
import { TextField } from './TextField.js';

export interface MarkConfirmProps {
  plan: MarkPlan;
  redactedUrl: string;
  production: boolean;
  connectionName: string;
  typed: string;
  busy: boolean;
  error?: string;
  width: number;
}

export function MarkConfirm({ plan, redactedUrl, production, connectionName, typed, busy, error, width }: MarkConfirmProps) {
  const what = plan.versions.map((v) => terminalName(v.file ?? v.version)).join(', ');
  const effect =
    plan.direction === 'applied'
      ? 'It is recorded as applied; its up SQL does not run (the database must already have its changes).'
      : 'It is forgotten as applied; its down SQL does not run, so `u` would run its up SQL again.';
  return (
    <Box flexDirection="column" width={width}>
      <Text bold wrap="truncate-end">{`Mark ${what} as ${plan.direction}?`}</Text>
      <Text wrap="truncate-end">{`Database: ${terminalName(redactedUrl)}`}</Text>
      <Text dimColor wrap="wrap">
        {effect}
      </Text>
      <Text> </Text>
      {production ? (
        <Box>
          <Text color="red" bold>{`Production "${terminalName(connectionName)}": type its name: `}</Text>
          <TextField value={typed} placeholder={connectionName} active={!busy} />
        </Box>
      ) : (
        <Text>{busy ? 'Marking…' : 'y marks it, n or esc cancels.'}</Text>
      )}
      {error ? <Text color="red">{`✖ ${error}`}</Text> : null}
    </Box>
  );
}
