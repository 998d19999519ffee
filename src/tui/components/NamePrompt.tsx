// `n`: asks for the new migration's name, checking it as it is typed.

import { Box, Text } from 'ink';
import { TextField } from './TextField.js';

export interface NamePromptProps {
  value: string;
  /** Why the name is not valid yet (shown live), or an error from creating the file. */
  problem?: string;
  busy: boolean;
  width: number;
}

export function NamePrompt({ value, problem, busy, width }: NamePromptProps) {
  return (
    <Box flexDirection="column" width={width}>
      <Text bold>New migration</Text>
      <Text dimColor wrap="truncate-end">
        dbmate creates db/migrations/&lt;timestamp&gt;_&lt;name&gt;.sql with empty up and down sections.
      </Text>
      <Text> </Text>
      <Box>
        <Text bold>Name: </Text>
        <TextField value={value} placeholder="e.g. add_email_to_users" active={!busy} />
      </Box>
      <Text color={problem ? 'red' : 'green'} wrap="truncate-end">
        {busy ? 'Creating…' : problem ? `✖ ${problem}` : '✔ valid name: enter creates it'}
      </Text>
    </Box>
  );
}
