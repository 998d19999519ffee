// History entries, newest first, windowed like the migration list. Rollbacks are marked.

import { Box, Text } from 'ink';
import { formatDurationMs } from '../../core/shared/duration.js';
import { timeAgo } from '../../core/shared/time.js';
import type { HistoryEntry } from '../data/load-history.js';
import { entryLabel, entryTarget, isRollbackPoint, LABEL_WIDTH } from '../model/timeline.js';
import { terminalName } from '../../core/shared/terminal-text.js';
import { fit } from '../model/text.js';

export interface TimelineListProps {
  entries: readonly HistoryEntry[];
  selected: number;
  top: number;
  height: number;
  width: number;
  now: Date;
}

function columns(width: number) {
  const who = width >= 90 ? 14 : 0;
  const connection = width >= 96 ? 10 : 0;
  const time = width >= 70 ? 8 : 0;
  const fixed = 2 + LABEL_WIDTH + 1 + 14 + 1 + (time ? time + 1 : 0) + (who ? who + 1 : 0) + (connection ? connection + 1 : 0);
  return { name: Math.max(6, width - fixed), time, who, connection };
}

export function TimelineList({ entries, selected, top, height, width, now }: TimelineListProps) {
  const c = columns(width);
  const visible = entries.slice(top, top + Math.max(0, height - 1));
  const title = [
    '  ',
    fit('WHAT', LABEL_WIDTH),
    ' ',
    fit('WHEN', 14),
    ' ',
    fit('MIGRATION', c.name),
    c.time ? ` ${fit('TIME', c.time, 'right')}` : '',
    c.who ? ` ${fit('WHO', c.who)}` : '',
    c.connection ? ` ${fit('CONNECTION', c.connection)}` : '',
  ].join('');
  return (
    <Box flexDirection="column" height={height} width={width} overflow="hidden">
      <Text bold dimColor wrap="truncate-end">
        {title}
      </Text>
      {entries.length === 0 ? (
        <Text dimColor wrap="truncate-end">
          {'  No history yet: runs made with dbtk (u, d, dbtk up/down) appear here.'}
        </Text>
      ) : null}
      {visible.map((entry, i) => {
        const isSelected = top + i === selected;
        const label = entryLabel(entry);
        const rest = [
          fit(timeAgo(entry.startedAt, now), 14),
          fit(entryTarget(entry), c.name),
          c.time ? fit(formatDurationMs(entry.durationMs ?? undefined), c.time, 'right') : null,
          c.who ? fit(terminalName(entry.appliedBy), c.who) : null,
          c.connection ? fit(terminalName(entry.connection), c.connection) : null,
        ]
          .filter((s) => s !== null)
          .join(' ');
        return (
          <Text key={entry.id} inverse={isSelected} bold={isSelected || isRollbackPoint(entry)} wrap="truncate-end">
            <Text>{isSelected ? '› ' : '  '}</Text>
            <Text color={label.color}>{fit(label.text, LABEL_WIDTH)}</Text>
            <Text> {rest}</Text>
          </Text>
        );
      })}
    </Box>
  );
}
