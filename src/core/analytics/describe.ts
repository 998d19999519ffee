// Words and numbers for people, shared by the CLI, the app and the report: how a run, an
// outlier and a week are written. Pure.

import { formatDurationMs } from '../shared/duration.js';
import { OUTLIER_MIN_EXTRA_MS, OUTLIER_RATIO } from './outliers.js';
import type { Outlier } from './types.js';

export const formatMs = (ms: number | null | undefined): string => formatDurationMs(ms ?? undefined);

export function migrationLabel(version: string, name: string | null): string {
  return name ? `${version}_${name}` : version;
}

/** `2026-11-23` → `11-23`: short enough for a chart's axis. */
export const shortWeek = (week: string): string => week.slice(5);

export function describeOutlier(outlier: Outlier): string {
  const times = `${outlier.ratio.toFixed(1)}×`;
  return outlier.basis === 'own-runs'
    ? `${times} its median of ${formatMs(outlier.baselineMs)} over ${outlier.baselineRuns} other runs`
    : `${times} the median ${formatMs(outlier.baselineMs)} of ${outlier.baselineRuns} other ${outlier.kinds ?? ''} migrations`;
}

export const OUTLIER_RULE = `A run is an outlier when it took more than ${OUTLIER_RATIO}× the median of the same migration's other runs (at least 2 of them) and at least ${OUTLIER_MIN_EXTRA_MS / 1000} s longer; a migration with fewer runs is compared, the same way, with the median times of at least 3 other migrations of the same statement kinds.`;
