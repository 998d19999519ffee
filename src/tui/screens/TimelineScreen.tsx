// Timeline: what happened to the database, newest first; enter opens an entry's details.

import { Box, Text } from 'ink';
import { Pane } from '../components/Pane.js';
import { TimelineList } from '../components/TimelineList.js';
import type { HistoryEntry } from '../data/load-history.js';
import type { Line } from '../model/lines.js';

export interface TimelineScreenProps {
  entries: readonly HistoryEntry[];
  selected: number;
  top: number;
  /** Lines of the open entry; null when no entry is open. */
  detail: readonly Line[] | null;
  warnings: readonly string[];
  width: number;
  height: number;
  now: Date;
}

export function TimelineScreen({ entries, selected, top, detail, warnings, width, height, now }: TimelineScreenProps) {
  if (detail) {
    return <Pane title="History entry" lines={detail} scroll={0} height={height} width={width} focused />;
  }
  const warningLines = warnings.slice(0, 2);
  // (timelineListRows in app-layout.ts mirrors this split)
  return (
    <Box flexDirection="column" width={width} height={height}>
      {warningLines.map((w) => (
        <Text key={w} color="yellow" wrap="truncate-end">
          ⚠ {w}
        </Text>
      ))}
      <TimelineList entries={entries} selected={selected} top={top} height={height - warningLines.length} width={width} now={now} />
    </Box>
  );
}
