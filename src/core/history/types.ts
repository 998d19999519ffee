// What one history entry is. Types only, at the bottom of history/ so that the store, its
// parser, queries and summaries all depend on it and never on each other's modules.

/**
 * `convert` (versions recorded from another tool's history), `baseline` (an existing schema
 * recorded as its first migration) and `mark` (a version recorded or forgotten without running
 * its SQL) change only dbmate's migrations table; so does `squash` (old versions retired from the
 * table once one squashed file holds their schema). `restore` puts a backup back (src/core/backups).
 */
export type HistoryAction = 'up' | 'down' | 'create' | 'drop' | 'load' | 'restore' | 'convert' | 'baseline' | 'mark' | 'squash';

/** Every action, in the order help text lists them. */
export const HISTORY_ACTIONS: readonly HistoryAction[] = [
  'up',
  'down',
  'create',
  'drop',
  'load',
  'restore',
  'convert',
  'baseline',
  'mark',
  'squash',
];

export interface HistoryEntry {
  schema: 1;
  id: string;
  action: HistoryAction;
  version: string | null;
  name: string | null;
  file: string | null;
  /** `user@host`. */
  appliedBy: string;
  connection: string;
  /** Redacted. */
  url: string;
  /** ISO 8601. */
  startedAt: string;
  /** dbmate's own `Applied: … in …` figure; null when dbmate gave none. */
  durationMs: number | null;
  status: 'success' | 'failed';
  errorKind: string | null;
  errorMessage: string | null;
  /** sha256 of the file as run. */
  checksum: string | null;
  dbtkVersion: string;
  dbmateVersion: string | null;
  /**
   * The identity key of the database the entry is about (database/identity.ts): one project
   * folder used with several URLs keeps one truth per database. Absent in entries written
   * before history was kept per database; those belong to every database.
   */
  database?: string;
  /** That database, without credentials (`postgres://127.0.0.1:5432/app`, `sqlite:/abs/app.db`). */
  databaseLabel?: string;
  /** The run (one up, down or load batch) the entry belongs to, when it was recorded by a run. */
  runId?: string;
  /** The backup written before the run (up/down), or the one restored (restore). */
  backupId?: string;
  /** What a convert, baseline, mark or squash did to the version (`recorded as applied`, `marked pending`), for people. */
  detail?: string;
}
