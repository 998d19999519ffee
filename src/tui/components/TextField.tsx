// A one-line text field: the value, a block cursor, and a dim placeholder when empty. Keys
// reach it through the app's one keyboard reader (keys/keyboard.tsx and model/text-edit.ts),
// never through an input hook of its own.

import { Text } from 'ink';

export function TextField({ value, placeholder, active = true }: { value: string; placeholder?: string; active?: boolean }) {
  return (
    <Text>
      <Text>{value}</Text>
      {active ? <Text inverse> </Text> : null}
      {active && !value && placeholder ? <Text dimColor> {placeholder}</Text> : null}
    </Text>
  );
}
