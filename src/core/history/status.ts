// Adds history's detail to a status the database already decided: when, how long and by
// whom a migration was applied, whether its file changed since, and whether its last run
// failed. History never overrules the database: a migration applied outside dbtk (raw
// dbmate, a schema load) shows as applied with time unknown.

import type { HistorySummary } from './summary.js';
import type { MigrationDirectoryScan } from '../migrations/file.js';
import type { ProjectStatus } from '../migrations/status.js';

function firstLine(text: string | null): string {
  const line = (text ?? '').split('\n')[0].trim();
  return line.length > 160 ? `${line.slice(0, 160)}…` : line;
}

function day(iso: string): string {
  return iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC');
}

export function applyHistoryToStatus(
  status: ProjectStatus,
  summary: HistorySummary | undefined,
  scan: MigrationDirectoryScan,
): ProjectStatus {
  status.historyWarnings = summary?.warnings ?? [];
  if (!summary || summary.versions.size === 0) return status;
  const checksums = new Map(scan.migrations.map((m) => [m.file, m.checksum]));
  for (const migration of status.migrations) {
    const history = summary.versions.get(migration.version);
    if (!history) continue;
    const applied = migration.status !== 'pending';
    const run = history.lastSuccess;
    // Only dbtk's own latest successful apply describes the applied state; after a later
    // rollback, the database applied it again some other way.
    // A squash put a new file in place of the version's old one: its checksum is the one to compare with.
    if (applied && run?.action === 'squash' && run.checksum) {
      const now = migration.file ? checksums.get(migration.file) : undefined;
      if (now && now !== run.checksum)
        migration.warnings.push({
          code: 'modified',
          message: `the file changed after it was squashed on ${day(run.startedAt)} (checksum differs from the one written)`,
        });
    }
    if (applied && run?.action === 'up') {
      migration.appliedAt = run.startedAt;
      if (run.durationMs !== null) migration.durationMs = run.durationMs;
      migration.appliedBy = run.appliedBy;
      const now = migration.file ? checksums.get(migration.file) : undefined;
      if (now && run.checksum && now !== run.checksum) {
        migration.warnings.push({
          code: 'modified',
          message: `the file changed after it was applied on ${day(run.startedAt)} (checksum differs from the one run)`,
        });
      }
    }
    const last = history.last;
    // A failure still describes the database only if nothing changed it since.
    if (last?.status === 'failed' && ((last.action === 'up' && !applied) || (last.action === 'down' && applied))) {
      const what = last.action === 'up' ? 'applying it' : 'rolling it back';
      migration.warnings.push({
        code: 'failed',
        message: `the last run failed (${what} on ${day(last.startedAt)}): ${firstLine(last.errorMessage) || last.errorKind || 'unknown error'}`,
      });
    }
  }
  return status;
}
