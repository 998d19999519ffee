// Runs far slower than they should be, by a stated rule:
//   own-runs:  the migration has at least 2 other timed successful applies, and this one took
//              more than 3× their median and at least 1 s longer;
//   same-kind: with fewer own runs, the migrations of the same statement kinds (at least 3
//              others, one median each) are the baseline, with the same 3× and 1 s.
// The 1 s keeps a 2 ms run against a 0.5 ms median from being called an outlier.

import type { VersionRuns } from './accumulate.js';
import { medianWithout, sortedMedian } from './figures.js';
import { kindKey } from './profile.js';
import type { MigrationProfile, Outlier } from './types.js';

export const OUTLIER_RATIO = 3;
export const OUTLIER_MIN_EXTRA_MS = 1000;
const MIN_OWN_RUNS = 2;
const MIN_SAME_KIND = 3;
const MAX_OUTLIERS = 20;

const isOutlier = (ms: number, baseline: number) => ms > OUTLIER_RATIO * baseline && ms - baseline >= OUTLIER_MIN_EXTRA_MS;

export function findOutliers(versions: Iterable<VersionRuns>, profiles: ReadonlyMap<string, MigrationProfile>): Outlier[] {
  const all = [...versions];
  // One median per migration, grouped by statement kinds (for the same-kind baseline).
  const byKind = new Map<string, { version: string; medianMs: number }[]>();
  const sorted = new Map<string, number[]>();
  for (const runs of all) {
    const ms = runs.applies.map((a) => a.ms).sort((a, b) => a - b);
    sorted.set(runs.version, ms);
    const key = kindKey(profiles.get(runs.version));
    if (!key || ms.length === 0) continue;
    if (!byKind.has(key)) byKind.set(key, []);
    byKind.get(key)!.push({ version: runs.version, medianMs: sortedMedian(ms) });
  }
  const found: Outlier[] = [];
  for (const runs of all) {
    const ms = sorted.get(runs.version)!;
    const run = (apply: VersionRuns['applies'][number]) => ({
      version: runs.version,
      name: runs.name,
      action: 'up' as const,
      status: 'success' as const,
      startedAt: apply.startedAt,
      durationMs: apply.ms,
      connection: apply.connection,
      errorKind: null,
    });
    if (ms.length > MIN_OWN_RUNS) {
      for (const apply of runs.applies) {
        const baseline = medianWithout(ms, ms.indexOf(apply.ms));
        if (isOutlier(apply.ms, baseline))
          found.push({ run: run(apply), baselineMs: baseline, baselineRuns: ms.length - 1, ratio: apply.ms / baseline, basis: 'own-runs' });
      }
      continue;
    }
    const key = kindKey(profiles.get(runs.version));
    const others = key ? (byKind.get(key) ?? []).filter((o) => o.version !== runs.version) : [];
    if (others.length < MIN_SAME_KIND) continue;
    const baseline = sortedMedian(others.map((o) => o.medianMs).sort((a, b) => a - b));
    for (const apply of runs.applies) {
      if (isOutlier(apply.ms, baseline))
        found.push({
          run: run(apply),
          baselineMs: baseline,
          baselineRuns: others.length,
          ratio: apply.ms / baseline,
          basis: 'same-kind',
          kinds: key,
        });
    }
  }
  return found.sort((a, b) => b.ratio - a.ratio || b.run.durationMs - a.run.durationMs).slice(0, MAX_OUTLIERS);
}
