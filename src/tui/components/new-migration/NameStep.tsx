// Step 2: the migration's name, checked as it is typed.

import { Box, Text } from 'ink';
import TextInput from 'ink-text-input';
import { migrationNameProblem } from '../../../core/migration-name.js';
import { truncate } from '../../model/text.js';

export interface NameStepProps {
  value: string;
  width: number;
  active: boolean;
  onChange(value: string): void;
}

export function NameStep({ value, width, active, onChange }: NameStepProps) {
  const problem = value ? migrationNameProblem(value) : undefined;
  return (
    <Box flexDirection="column">
      <Text>Name of the migration (lowercase letters, digits and underscores):</Text>
      <Text> </Text>
      <Box>
        <Text bold>Name: </Text>
        <TextInput value={value} onChange={onChange} placeholder="e.g. add_email_to_users" focus={active} showCursor={active} />
      </Box>
      <Text color={problem ? 'red' : value ? 'green' : undefined} dimColor={!value}>
        {truncate(problem ? `✖ ${problem}` : value ? `✔ db/migrations/<timestamp>_${value}.sql` : 'dbmate adds the timestamp in front', width)}
      </Text>
    </Box>
  );
}
