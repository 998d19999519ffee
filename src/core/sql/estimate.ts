// Estimated run time of a migration from past runs: the median of this migration's own runs
// when there are any, else the sum of typical per-statement times of the same kinds. Pure;
// the caller supplies the past runs (from dbtk's history when it has them).

import type { StatementKind } from './change.js';

export interface PastRun {
  version: string;
  durationMs: number;
  /** Kinds of the statements that run executed, when known. */
  kinds?: readonly StatementKind[];
}

export interface DurationEstimate {
  ms: number;
  /** `this-migration`: earlier runs of the same version; `similar-statements`: runs of the same statement kinds. */
  basis: 'this-migration' | 'similar-statements';
  /** How many past runs the estimate rests on. */
  samples: number;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Null when nothing comparable ran before. */
export function estimateDuration(
  statements: readonly { kind: StatementKind }[],
  pastRuns: readonly PastRun[],
  version?: string,
): DurationEstimate | null {
  const usable = pastRuns.filter((r) => Number.isFinite(r.durationMs) && r.durationMs >= 0);
  const own = version === undefined ? [] : usable.filter((r) => r.version === version);
  if (own.length) return { ms: median(own.map((r) => r.durationMs)), basis: 'this-migration', samples: own.length };
  if (!statements.length) return null;
  // Each past run's time is shared equally among its statements, then the median per kind.
  const shares = new Map<StatementKind, number[]>();
  const runsUsed = new Set<PastRun>();
  for (const run of usable) {
    if (!run.kinds?.length) continue;
    const share = run.durationMs / run.kinds.length;
    for (const kind of run.kinds) {
      if (!shares.has(kind)) shares.set(kind, []);
      shares.get(kind)!.push(share);
    }
  }
  let total = 0;
  for (const { kind } of statements) {
    const known = shares.get(kind);
    if (!known) return null;
    total += median(known);
  }
  for (const run of usable) if (run.kinds?.some((k) => statements.some((s) => s.kind === k))) runsUsed.add(run);
  return { ms: total, basis: 'similar-statements', samples: runsUsed.size };
}
