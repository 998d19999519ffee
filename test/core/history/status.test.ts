// How history's detail (when, how long, who, a changed file, a failed last run) is added to
// a status without ever overruling the database.

import { describe, expect, it } from 'vitest';
import { applyHistoryToStatus } from '../../../src/core/history/status.js';
import { type HistoryEntry } from '../../../src/core/history/types.js';
import type { MigrationDirectoryScan, MigrationFile } from '../../../src/core/migrations/file.js';
import type { MigrationStatusEntry, ProjectStatus } from '../../../src/core/migrations/status.js';
import { historyEntry as entry } from '../../helpers/history-entry.js';

function migration(
  version: string,
  status: MigrationStatusEntry['status'],
  file: string | null = `${version}_m.sql`,
): MigrationStatusEntry {
  return { version, name: 'm', file, path: file && `/p/${file}`, status, warnings: [], problems: [] };
}

function statusOf(...migrations: MigrationStatusEntry[]): ProjectStatus {
  return { applied: 0, pending: 0, missing: 0, migrations, missingFilesChecked: true };
}

function scanOf(checksums: Record<string, string>): MigrationDirectoryScan {
  return {
    migrations: Object.entries(checksums).map(([file, checksum]) => ({ file, checksum }) as MigrationFile),
    ignored: [],
    missingDirs: [],
  };
}

describe('applyHistoryToStatus', () => {
  const summaryOf = (entries: HistoryEntry[]) => {
    const versions = new Map<string, { last?: HistoryEntry; lastSuccess?: HistoryEntry }>();
    for (const e of entries) {
      const slot = versions.get(e.version!) ?? {};
      slot.last = e;
      if (e.status === 'success') slot.lastSuccess = e;
      versions.set(e.version!, slot);
    }
    return { versions, warnings: [] };
  };

  it('fills when, how long and who for applied migrations, and flags a changed file', () => {
    const run = entry({ version: '1', checksum: 'old', durationMs: 4.5 });
    const status = applyHistoryToStatus(statusOf(migration('1', 'applied')), summaryOf([run]), scanOf({ '1_m.sql': 'new' }));
    expect(status.migrations[0]).toMatchObject({ appliedAt: run.startedAt, durationMs: 4.5, appliedBy: 'ana@laptop' });
    expect(status.migrations[0].warnings.map((w) => w.code)).toEqual(['modified']);
    const same = applyHistoryToStatus(statusOf(migration('1', 'applied')), summaryOf([run]), scanOf({ '1_m.sql': 'old' }));
    expect(same.migrations[0].warnings).toEqual([]);
  });

  it('after a squash, compares the file of the version with the squashed file it wrote, not the old one', () => {
    const run = entry({ version: '3', checksum: 'old' });
    const squash = entry({ version: '3', action: 'squash', checksum: 'squashed', file: '3_squashed.sql' });
    const clean = applyHistoryToStatus(statusOf(migration('3', 'applied')), summaryOf([run, squash]), scanOf({ '3_m.sql': 'squashed' }));
    expect(clean.migrations[0].warnings).toEqual([]);
    const edited = applyHistoryToStatus(statusOf(migration('3', 'applied')), summaryOf([run, squash]), scanOf({ '3_m.sql': 'edited' }));
    expect(edited.migrations[0].warnings.map((w) => w.message)).toEqual([expect.stringMatching(/changed after it was squashed/)]);
  });

  it('never claims what the database contradicts', () => {
    // Rolled back by dbtk, then applied again by raw dbmate: applied, time unknown.
    const reapplied = applyHistoryToStatus(
      statusOf(migration('1', 'applied')),
      summaryOf([entry({ version: '1' }), entry({ version: '1', action: 'down' })]),
      scanOf({}),
    );
    expect(reapplied.migrations[0].appliedAt).toBeUndefined();
    // Applied by dbtk, rolled back outside: pending, no time.
    const pending = applyHistoryToStatus(statusOf(migration('1', 'pending')), summaryOf([entry({ version: '1' })]), scanOf({}));
    expect(pending.migrations[0].appliedAt).toBeUndefined();
    // A failed run that raw dbmate later applied is not "failed" any more.
    const fixed = applyHistoryToStatus(
      statusOf(migration('1', 'applied')),
      summaryOf([entry({ version: '1', status: 'failed' })]),
      scanOf({}),
    );
    expect(fixed.migrations[0].warnings).toEqual([]);
  });

  it('warns when the last run failed and the database still shows it', () => {
    const failedUp = entry({ version: '1', status: 'failed', errorKind: 'sql_syntax', errorMessage: '1_m.sql: syntax error\nmore detail' });
    const status = applyHistoryToStatus(statusOf(migration('1', 'pending')), summaryOf([failedUp]), scanOf({}));
    expect(status.migrations[0].warnings).toEqual([
      {
        code: 'failed',
        message: expect.stringMatching(/^the last run failed \(applying it on 2024-01-01 \d\d:\d\d:00 UTC\): 1_m\.sql: syntax error$/),
      },
    ]);
    const failedDown = entry({ version: '2', action: 'down', status: 'failed', errorMessage: 'cannot drop' });
    const applied = applyHistoryToStatus(statusOf(migration('2', 'applied')), summaryOf([entry({ version: '2' }), failedDown]), scanOf({}));
    expect(applied.migrations[0].warnings.map((w) => w.message)).toEqual([expect.stringMatching(/rolling it back .*cannot drop/)]);
  });

  it('gives a missing file its applied time too', () => {
    const run = entry({ version: '7' });
    const status = applyHistoryToStatus(statusOf(migration('7', 'missing', null)), summaryOf([run]), scanOf({}));
    expect(status.migrations[0].appliedAt).toBe(run.startedAt);
  });
});
