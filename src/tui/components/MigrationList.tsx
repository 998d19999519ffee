// The migrations, one row each, windowed: only the rows that fit are rendered, so 10,000
// migrations cost the same per keypress as ten. Columns drop out as the terminal narrows.

import { Box, Text } from 'ink';
import { formatDurationMs } from '../../core/shared/duration.js';
import { timeAgo } from '../../core/shared/time.js';
import type { MigrationRow } from '../model/migration-rows.js';
import { terminalName } from '../../core/shared/terminal-text.js';
import { fit } from '../model/text.js';
import { BADGE_WIDTH, StatusBadge } from './StatusBadge.js';

export interface MigrationListProps {
  rows: readonly MigrationRow[];
  selected: number;
  top: number;
  /** Rows available, including the column titles. */
  height: number;
  width: number;
  now: Date;
  /** Shown instead of rows when the list is empty. */
  emptyText: string;
}

interface Columns {
  version: number;
  name: number;
  ago: number;
  time: number;
  warn: number;
}

function columnsFor(width: number, versionWidth: number): Columns {
  const ago = width >= 70 ? 14 : 0;
  const time = width >= 80 ? 7 : 0;
  const warn = width >= 60 ? 12 : 0;
  const fixed = 2 + BADGE_WIDTH + 1 + versionWidth + 1 + (ago ? ago + 1 : 0) + (time ? time + 1 : 0) + (warn ? warn + 1 : 0);
  return { version: versionWidth, name: Math.max(4, width - fixed), ago, time, warn };
}

function warningText(row: MigrationRow): string {
  const codes = [...row.warnings.map((w) => w.code), ...row.problems.filter((p) => p.severity === 'error').map((p) => p.code)];
  if (codes.length === 0) return '';
  return `⚠ ${codes[0].replace(/_/g, ' ')}${codes.length > 1 ? ` +${codes.length - 1}` : ''}`;
}

function cells(row: MigrationRow, c: Columns, now: Date): { before: string; after: string } {
  const after = [
    fit(row.name ? terminalName(row.name) : '(file missing)', c.name),
    c.ago ? fit(timeAgo(row.appliedAt, now), c.ago) : null,
    c.time ? fit(row.durationMs === undefined ? '' : formatDurationMs(row.durationMs), c.time, 'right') : null,
    c.warn ? fit(warningText(row), c.warn) : null,
  ].filter((s) => s !== null);
  return { before: fit(row.version, c.version), after: after.join(' ') };
}

export function MigrationList({ rows, selected, top, height, width, now, emptyText }: MigrationListProps) {
  const visible = rows.slice(top, top + Math.max(0, height - 1));
  const versionWidth = Math.min(16, Math.max(7, ...visible.map((r) => r.version.length)));
  const c = columnsFor(width, versionWidth);
  const title = [
    '  ',
    fit('STATUS', BADGE_WIDTH),
    ' ',
    fit('VERSION', c.version),
    ' ',
    fit('NAME', c.name),
    c.ago ? ` ${fit('APPLIED', c.ago)}` : '',
    c.time ? ` ${fit('TIME', c.time, 'right')}` : '',
    c.warn ? ` ${fit('NOTES', c.warn)}` : '',
  ].join('');
  return (
    <Box flexDirection="column" height={height} width={width} overflow="hidden">
      <Text bold dimColor wrap="truncate-end">
        {title}
      </Text>
      {rows.length === 0 ? <Text dimColor wrap="truncate-end">{`  ${emptyText}`}</Text> : null}
      {visible.map((row, i) => {
        const isSelected = top + i === selected;
        const { before, after } = cells(row, c, now);
        return (
          <Text key={row.key} inverse={isSelected} bold={isSelected} wrap="truncate-end">
            <Text>{isSelected ? '› ' : '  '}</Text>
            <StatusBadge status={row.status} />
            <Text>
              {' '}
              {before} {after}
            </Text>
          </Text>
        );
      })}
    </Box>
  );
}
