// What `dbtk stats`, the Analytics screen and the shared report show: plain data computed
// from the history (and the migration files), so every renderer draws the same figures.
// Types only.

import type { HistoryAction } from '../history/types.js';
import type { StatementKind } from '../sql/change.js';

/** One run (an up or a down) as the figures refer to it. */
export interface RunRef {
  version: string;
  name: string | null;
  action: HistoryAction;
  status: 'success' | 'failed';
  startedAt: string;
  durationMs: number | null;
  connection: string;
  errorKind: string | null;
}

interface Totals {
  /** Every entry read (up, down, create, drop, load). */
  entries: number;
  /** Ups and downs. */
  runs: number;
  applies: number;
  rollbacks: number;
  succeeded: number;
  failed: number;
  /** succeeded / runs (0–1); null without runs. */
  successRate: number | null;
  /** Distinct migration versions that ran. */
  migrations: number;
  /** Migration files on disk; null when they could not be read. */
  files: number | null;
  /** Pending migrations (from the database's status); null when it could not be read. */
  pending: number | null;
}

/** Over successful applies that carry dbmate's time. */
export interface Timing {
  timed: number;
  averageMs: number;
  medianMs: number;
  p95Ms: number;
  maxMs: number;
}

export interface SlowMigration {
  version: string;
  name: string | null;
  /** Its slowest successful apply. */
  maxMs: number;
  medianMs: number;
  runs: number;
  startedAt: string;
  connection: string;
}

export interface WeekFigures {
  /** Monday of the week (UTC), `YYYY-MM-DD`. */
  week: string;
  runs: number;
  succeeded: number;
  failed: number;
  /** Distinct versions applied successfully that week. */
  migrations: number;
  rollbacks: number;
  /** Median of that week's timed successful applies; null when none. */
  medianMs: number | null;
}

export interface StatusDistribution {
  /** Outcomes of the runs read. */
  runs: { success: number; failed: number };
  /** Entries by action. */
  actions: Record<HistoryAction, number>;
  /** Migrations by their status now (null when the database could not be asked). */
  migrations: { applied: number; pending: number; failedLastRun: number; missingFile: number } | null;
}

export interface Rollbacks {
  count: number;
  failed: number;
  /** Versions rolled back most, most first. */
  mostRolledBack: { version: string; name: string | null; count: number }[];
}

export interface FailureKind {
  kind: string;
  count: number;
  lastVersion: string | null;
  lastAt: string;
}

type OutlierBasis = 'own-runs' | 'same-kind';

export interface Outlier {
  run: RunRef & { durationMs: number };
  /** The median it is compared with. */
  baselineMs: number;
  /** How many runs the baseline rests on. */
  baselineRuns: number;
  ratio: number;
  basis: OutlierBasis;
  /** For `same-kind`: the statement kinds shared with the compared migrations. */
  kinds?: string;
}

type SuggestionCode = 'index-concurrently' | 'batch-backfill' | 'type-change-expand-contract';

export interface Suggestion {
  code: SuggestionCode;
  version: string;
  name: string | null;
  /** The slowest successful apply that makes it worth doing. */
  durationMs: number;
  /** The lint rule behind it (`dbtk lint`), or `backfill` when no rule flags it. */
  rule: string;
  /** What in the SQL it is about, e.g. `creates index orders_user_idx on orders`. */
  evidence: string;
  fix: string;
}

interface ConnectionTime {
  connection: string;
  runs: number;
  medianMs: number;
}

/** The same migration's time on each connection (staging against production). */
export interface ConnectionComparison {
  version: string;
  name: string | null;
  times: ConnectionTime[];
  /** Slowest median / fastest median. */
  spread: number;
}

export interface MigrationProfile {
  version: string;
  kinds: StatementKind[];
  /** Non-concurrent CREATE INDEX (PostgreSQL), as words for people. */
  blockingIndexes: string[];
  /** UPDATEs (backfills): the tables, `(no WHERE)` marked. */
  updates: string[];
  /** Column type changes. */
  typeChanges: string[];
}

export interface MigrationStats {
  generatedAt: string;
  connection: string;
  /** The database the figures are about, without credentials; null for every database. */
  database: string | null;
  /** Only entries started at or after this (ISO), when asked. */
  since: string | null;
  /** Connections whose history was read. */
  connections: string[];
  totals: Totals;
  timing: Timing | null;
  slowest: SlowMigration[];
  /** Newest first. */
  recent: RunRef[];
  weeks: WeekFigures[];
  statuses: StatusDistribution;
  rollbacks: Rollbacks;
  failures: FailureKind[];
  outliers: Outlier[];
  suggestions: Suggestion[];
  comparison: ConnectionComparison[];
  warnings: string[];
}
