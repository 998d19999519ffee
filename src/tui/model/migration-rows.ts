// The rows of the Migrations screen: core's status joined with the files on disk (for the
// SQL), plus the status filter and the search. Pure, so the list, the dashboard and the
// tests agree.

import type { MigrationDirectoryScan, MigrationFile, MigrationProblem } from '../../core/migrations/file.js';
import type { MigrationWarning, ProjectStatus } from '../../core/migrations/status.js';

/** `failed`: pending, and its last run failed. `unknown`: the database could not be asked. */
export type RowStatus = 'applied' | 'pending' | 'failed' | 'missing' | 'unknown';

export interface MigrationRow {
  /** Unique per row: the file name, or the version when the file is missing. */
  key: string;
  version: string;
  name: string;
  file: string | null;
  path: string | null;
  status: RowStatus;
  appliedAt?: string;
  durationMs?: number;
  appliedBy?: string;
  warnings: MigrationWarning[];
  problems: MigrationProblem[];
  migration?: MigrationFile;
  /** Lower-cased version, name and SQL: what `/` searches. */
  haystack: string;
}

const STATUS_FILTERS = ['all', 'applied', 'pending', 'failed'] as const;
export type StatusFilter = (typeof STATUS_FILTERS)[number];

export function nextFilter(filter: StatusFilter): StatusFilter {
  return STATUS_FILTERS[(STATUS_FILTERS.indexOf(filter) + 1) % STATUS_FILTERS.length];
}

function haystackOf(version: string, name: string, file: MigrationFile | undefined): string {
  return `${version} ${name} ${file?.up?.sql ?? ''} ${file?.down?.sql ?? ''}`.toLowerCase();
}

function rowsFromScan(scan: MigrationDirectoryScan): MigrationRow[] {
  return scan.migrations.map((m) => ({
    key: m.file,
    version: m.version,
    name: m.name,
    file: m.file,
    path: m.path,
    status: 'unknown',
    warnings: [],
    problems: m.problems,
    migration: m,
    haystack: haystackOf(m.version, m.name, m),
  }));
}

/** Rows from core's status (which already folds in history: applied-at, modified, failed). */
export function buildRows(status: ProjectStatus | undefined, scan: MigrationDirectoryScan | undefined): MigrationRow[] {
  if (!status) return scan ? rowsFromScan(scan) : [];
  const files = new Map((scan?.migrations ?? []).map((m) => [m.file, m]));
  return status.migrations.map((entry) => {
    const migration = entry.file ? files.get(entry.file) : undefined;
    const failed = entry.status === 'pending' && entry.warnings.some((w) => w.code === 'failed');
    return {
      key: entry.file ?? entry.version,
      version: entry.version,
      name: entry.name,
      file: entry.file,
      path: entry.path,
      status: failed ? 'failed' : entry.status,
      appliedAt: entry.appliedAt,
      durationMs: entry.durationMs,
      appliedBy: entry.appliedBy,
      warnings: entry.warnings,
      problems: entry.problems,
      migration,
      haystack: haystackOf(entry.version, entry.name, migration),
    };
  });
}

function matchesFilter(row: MigrationRow, filter: StatusFilter): boolean {
  if (filter === 'all') return true;
  if (filter === 'applied') return row.status === 'applied' || row.status === 'missing';
  return row.status === filter;
}

/** Rows that pass the filter and contain every word of the query. */
export function filterRows(rows: MigrationRow[], filter: StatusFilter, query: string): MigrationRow[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (filter === 'all' && words.length === 0) return rows;
  return rows.filter((row) => matchesFilter(row, filter) && words.every((w) => row.haystack.includes(w)));
}

export interface RowCounts {
  total: number;
  /** Applied, including applied migrations whose file is gone. */
  applied: number;
  /** Not applied, and never failed. */
  pending: number;
  /** Not applied, and the last run failed. */
  failed: number;
  missing: number;
}

export function countRows(rows: MigrationRow[]): RowCounts {
  const counts: RowCounts = { total: rows.length, applied: 0, pending: 0, failed: 0, missing: 0 };
  for (const row of rows) {
    if (row.status === 'applied') counts.applied++;
    else if (row.status === 'pending') counts.pending++;
    else if (row.status === 'failed') counts.failed++;
    else if (row.status === 'missing') {
      counts.missing++;
      counts.applied++;
    }
  }
  return counts;
}
