// Step 2: the migration's name, checked as it is typed (keys reach it through the wizard's
// reducer, see use-wizard.ts).

import { Box, Text } from 'ink';
import { migrationNameProblem } from '../../../core/migrations/name.js';
import { truncate } from '../../model/text.js';
import { TextField } from '../TextField.js';

export interface NameStepProps {
  value: string;
  width: number;
  active: boolean;
}

export function NameStep({ value, width, active }: NameStepProps) {
  const problem = value ? migrationNameProblem(value) : undefined;
  return (
    <Box flexDirection="column">
      <Text>Name of the migration (lowercase letters, digits and underscores):</Text>
      <Text> </Text>
      <Box>
        <Text bold>Name: </Text>
        <TextField value={value} placeholder="e.g. add_email_to_users" active={active} />
      </Box>
      <Text color={problem ? 'red' : value ? 'green' : undefined} dimColor={!value}>
        {truncate(
          problem ? `✖ ${problem}` : value ? `✔ db/migrations/<timestamp>_${value}.sql` : 'dbmate adds the timestamp in front',
          width,
        )}
      </Text>
    </Box>
  );
}
