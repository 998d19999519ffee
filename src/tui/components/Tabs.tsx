// The screen switcher line: `[1 Migrations]  2 Timeline  3 Dashboard`, plus a short state
// on the right (loading, filter, search). Never more than one row: when the titles do not
// fit, the other screens show only their keys (`[1 Migrations] 2 3 4 5`).

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

/** Room kept for the state on the right before titles give way to keys. */
const RIGHT_ROOM = 12;

interface TabLabel {
  id: string;
  text: string;
  active: boolean;
}

function tabLabels(tabs: readonly Tab[], active: string, width: number): TabLabel[] {
  const label = (tab: Tab, withTitle: boolean): TabLabel =>
    tab.id === active
      ? { id: tab.id, text: `[${tab.key} ${tab.title}]`, active: true }
      : { id: tab.id, text: withTitle ? ` ${tab.key} ${tab.title} ` : ` ${tab.key}`, active: false };
  const full = tabs.map((tab) => label(tab, true));
  const length = full.reduce((sum, l) => sum + l.text.length, 0);
  return length + RIGHT_ROOM <= width ? full : tabs.map((tab) => label(tab, false));
}

export function Tabs({ tabs, active, right, width }: TabsProps) {
  return (
    <Box width={width} justifyContent="space-between">
      <Box flexShrink={0}>
        {tabLabels(tabs, active, width).map((tab) =>
          tab.active ? (
            <Text key={tab.id} bold inverse>
              {tab.text}
            </Text>
          ) : (
            <Text key={tab.id} dimColor>
              {tab.text}
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
