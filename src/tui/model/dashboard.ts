// Dashboard figures from the rows and the history: counts, progress, last migration,
// success rate, average time, and the quick actions that make sense right now.

import type { ActionOf } from '../keys/bindings.js';
import type { HistoryEntry } from '../data/load-history.js';
import { countRows, type MigrationRow, type RowCounts } from './migration-rows.js';
import { plural } from './text.js';

export interface DashboardStats extends RowCounts {
  lastMigration?: { file: string; at?: string };
  /** Over recorded up and down runs. */
  runs: { ok: number; total: number };
  /** Mean time of successful applies, from history. */
  averageMs?: number;
  averageOf: number;
}

/** `history` is the newest entries (all of them unless the store holds more than were read). */
export function dashboardStats(rows: readonly MigrationRow[], history: readonly HistoryEntry[]): DashboardStats {
  const counts = countRows([...rows]);
  const runs = history.filter((e) => e.action === 'up' || e.action === 'down');
  const applies = runs.filter((e) => e.action === 'up' && e.status === 'success' && typeof e.durationMs === 'number');
  const appliedRows = rows.filter((r) => r.status === 'applied' || r.status === 'missing');
  const last = newestApplied(appliedRows) ?? appliedRows[appliedRows.length - 1];
  return {
    ...counts,
    lastMigration: last ? { file: last.file ?? last.version, at: last.appliedAt } : undefined,
    runs: { ok: runs.filter((e) => e.status === 'success').length, total: runs.length },
    averageMs: applies.length ? applies.reduce((sum, e) => sum + (e.durationMs ?? 0), 0) / applies.length : undefined,
    averageOf: applies.length,
  };
}

/**
 * The newest apply the database still has; migrations applied outside dbtk have no date.
 * One pass: sorting 10,000 rows by parsed dates cost more than the whole first frame's list.
 */
function newestApplied(appliedRows: readonly MigrationRow[]): MigrationRow | undefined {
  let newest: MigrationRow | undefined;
  let newestAt = -Infinity;
  for (const row of appliedRows) {
    const at = row.appliedAt ? Date.parse(row.appliedAt) : NaN;
    if (at > newestAt) {
      newest = row;
      newestAt = at;
    }
  }
  return newest;
}

export interface QuickAction {
  key: string;
  action: ActionOf<'global'>;
  label: string;
  enabled: boolean;
}

export function quickActions(stats: DashboardStats, rows: readonly MigrationRow[]): QuickAction[] {
  const last = [...rows].reverse().find((r) => r.status === 'applied' || r.status === 'missing');
  // `u` also retries the ones whose last run failed.
  const toApply = stats.pending + stats.failed;
  return [
    {
      key: 'u',
      action: 'run.up',
      label: toApply ? `Run ${plural(toApply, 'pending migration')}` : 'Run pending migrations (none pending)',
      enabled: toApply > 0,
    },
    {
      key: 'd',
      action: 'run.down',
      label: last ? `Roll back ${last.file ?? last.version}` : 'Roll back (nothing applied)',
      enabled: Boolean(last),
    },
    { key: 'n', action: 'new', label: 'New migration', enabled: true },
    { key: '2', action: 'screen.timeline', label: 'Open the timeline', enabled: true },
    { key: 'r', action: 'refresh', label: 'Refresh', enabled: true },
  ];
}
