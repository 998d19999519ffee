// The screen switcher line: `[1 Migrations]  2 Timeline  3 Dashboard`, plus a short state
// on the right (loading, filter, search).

import { Box, Text } from 'ink';

interface Tab {
  key: string;
  id: string;
  title: string;
}

export interface TabsProps {
  tabs: Tab[];
  active: string;
  right?: string;
  width: number;
}

export function Tabs({ tabs, active, right, width }: TabsProps) {
  return (
    <Box width={width} justifyContent="space-between">
      <Box flexShrink={0}>
        {tabs.map((tab) =>
          tab.id === active ? (
            <Text key={tab.id} bold inverse>
              [{tab.key} {tab.title}]
            </Text>
          ) : (
            <Text key={tab.id} dimColor>
              {' '}
              {tab.key} {tab.title}{' '}
            </Text>
          ),
        )}
      </Box>
      {right ? (
        <Box flexShrink={1} marginLeft={1}>
          <Text wrap="truncate-start" dimColor>
            {right}
          </Text>
        </Box>
      ) : null}
    </Box>
  );
}
