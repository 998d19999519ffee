// Dashboard: counts, progress, last migration, success rate, average time, recent activity
// and quick actions (j/k to choose, enter to do).

import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import { formatDurationMs } from '../../core/shared/duration.js';
import { timeAgo } from '../../core/shared/time.js';
import { ProgressBar } from '../components/ProgressBar.js';
import type { HistoryEntry } from '../data/load-history.js';
import type { DashboardStats, QuickAction } from '../model/dashboard.js';
import { entryLabel, entryTarget } from '../model/timeline.js';
import { terminalName } from '../../core/shared/terminal-text.js';
import { fit } from '../model/text.js';

export interface DashboardScreenProps {
  stats: DashboardStats;
  recent: readonly HistoryEntry[];
  actions: readonly QuickAction[];
  selected: number;
  /** The figures cover only the newest history entries (the store holds more). */
  partialHistory: boolean;
  width: number;
  height: number;
  now: Date;
}

const LABEL = 16;

function Stat({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Text wrap="truncate-end">
      <Text bold>{fit(label, LABEL)}</Text>
      {children}
    </Text>
  );
}

export function DashboardScreen({ stats, recent, actions, selected, partialHistory, width, height, now }: DashboardScreenProps) {
  // Stats take 6 rows and the quick actions 1 + n; recent activity gets what is left.
  const recentRows = Math.max(0, Math.min(recent.length || 1, height - 6 - 2 - actions.length - 2));
  const scope = partialHistory ? 'the newest ' : '';
  const rate = stats.runs.total
    ? `${Math.round((stats.runs.ok / stats.runs.total) * 100)}% (${stats.runs.ok} of ${scope}${stats.runs.total} runs succeeded)`
    : 'no runs recorded yet';
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Stat label="Migrations">
        <Text>{`${stats.total} total  `}</Text>
        <Text color="green">{`✔ ${stats.applied} applied  `}</Text>
        <Text color="yellow">{`● ${stats.pending} pending  `}</Text>
        <Text color={stats.failed ? 'red' : undefined} dimColor={!stats.failed}>
          ✖ {stats.failed} failed
        </Text>
        {stats.missing ? <Text color="magenta">{`  ! ${stats.missing} without file`}</Text> : null}
      </Stat>
      <Box>
        <Text bold>{fit('Progress', LABEL)}</Text>
        <ProgressBar done={stats.applied} total={stats.total} width={width - LABEL} label="applied" />
      </Box>
      <Stat label="Last migration">
        <Text>
          {stats.lastMigration
            ? `${stats.lastMigration.file}${stats.lastMigration.at ? ` · ${timeAgo(stats.lastMigration.at, now)}` : ''}`
            : 'none applied yet'}
        </Text>
      </Stat>
      <Stat label="Success rate">
        <Text>{rate}</Text>
      </Stat>
      <Stat label="Average time">
        <Text>
          {stats.averageMs === undefined
            ? 'no timed runs yet'
            : `${formatDurationMs(stats.averageMs)} per migration (${stats.averageOf} applied)`}
        </Text>
      </Stat>
      <Text> </Text>
      {recentRows > 0 ? <Text bold>Recent activity</Text> : null}
      {recentRows > 0 && recent.length === 0 ? <Text dimColor>{'  nothing recorded yet'}</Text> : null}
      {recent.slice(0, recentRows).map((entry) => {
        const label = entryLabel(entry);
        return (
          <Text key={entry.id} wrap="truncate-end">
            <Text>{'  '}</Text>
            <Text color={label.color}>{fit(label.text, 17)}</Text>
            <Text>
              {' '}
              {fit(timeAgo(entry.startedAt, now), 14)} {entryTarget(entry)}{' '}
            </Text>
            <Text dimColor>
              {formatDurationMs(entry.durationMs ?? undefined)} · {terminalName(entry.appliedBy)}
            </Text>
          </Text>
        );
      })}
      {recentRows > 0 ? <Text> </Text> : null}
      <Text bold>Quick actions</Text>
      {actions.map((action, i) => (
        <Text key={action.key} wrap="truncate-end" inverse={i === selected} dimColor={!action.enabled}>
          {i === selected ? '› ' : '  '}
          <Text color="cyan" bold>
            {action.key}
          </Text>
          {`  ${action.label}`}
        </Text>
      ))}
    </Box>
  );
}
