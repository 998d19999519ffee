// Step 1: how to start the migration.

import { Box, Text } from 'ink';
import { METHOD_TEXT, type WizardMethod } from '../../model/wizard-state.js';
import { truncate } from '../../model/text.js';

export function MethodStep({ methods, index, width }: { methods: WizardMethod[]; index: number; width: number }) {
  return (
    <Box flexDirection="column">
      <Text>How do you want to start?</Text>
      <Text> </Text>
      {methods.map((method, i) => (
        <Text key={method} color={i === index ? 'cyan' : undefined} bold={i === index}>
          {truncate(`${i === index ? '›' : ' '} ${METHOD_TEXT[method].title.padEnd(22)} ${METHOD_TEXT[method].description}`, width)}
        </Text>
      ))}
    </Box>
  );
}
