// The figures of a seeded history with known answers (seed.ts): totals, timings, weeks,
// failures, rollbacks, both outlier rules, suggestions and the per-connection comparison.

import { describe, expect, it } from 'vitest';
import { computeStats } from '../../../src/core/analytics/stats.js';
import { SEED_FILES, SEED_HISTORY, SEED_STATUS } from './seed.js';

const input = {
  connection: 'staging',
  database: 'postgres://db/shop',
  files: SEED_FILES,
  dialect: 'postgres' as const,
  status: SEED_STATUS,
  top: 3,
  now: new Date('2024-02-01T00:00:00Z'),
};
const stats = computeStats(SEED_HISTORY, input);

describe('computeStats on the seeded history', () => {
  it('counts runs, outcomes, applies, rollbacks and the migrations that ran', () => {
    expect(stats.totals).toEqual({
      entries: 17,
      runs: 16,
      applies: 14,
      rollbacks: 2,
      succeeded: 12,
      failed: 4,
      successRate: 0.75,
      migrations: 8,
      files: 8,
      pending: 2,
    });
    expect(stats.statuses.actions).toEqual({
      up: 14,
      down: 2,
      create: 1,
      drop: 0,
      load: 0,
      restore: 0,
      convert: 0,
      baseline: 0,
      mark: 0,
      squash: 0,
    });
    expect(stats.statuses.migrations).toEqual({ applied: 6, pending: 1, failedLastRun: 1, missingFile: 0 });
  });

  it('times successful applies: average, median, p95 (nearest rank) and the slowest', () => {
    expect(stats.timing).toEqual({ timed: 11, averageMs: 10530 / 11, medianMs: 120, p95Ms: 5000, maxMs: 5000 });
    expect(stats.slowest.map((s) => [s.version, s.maxMs, s.medianMs, s.runs])).toEqual([
      ['20240101000002', 5000, 200, 3],
      ['20240101000003', 3000, 3000, 1],
      ['20240101000007', 1500, 1500, 1],
    ]);
  });

  it('buckets runs per week (Mondays, UTC), the empty week included', () => {
    expect(stats.weeks).toEqual([
      { week: '2024-01-01', runs: 5, succeeded: 5, failed: 0, migrations: 2, rollbacks: 0, medianMs: 120 },
      { week: '2024-01-08', runs: 0, succeeded: 0, failed: 0, migrations: 0, rollbacks: 0, medianMs: null },
      { week: '2024-01-15', runs: 11, succeeded: 7, failed: 4, migrations: 6, rollbacks: 1, medianMs: 800 },
    ]);
  });

  it('lists failures by error kind, most first, and the rollbacks', () => {
    expect(stats.failures.map((f) => [f.kind, f.count, f.lastVersion])).toEqual([
      ['sql_syntax', 2, '20240101000008'],
      ['lock_timeout', 1, '20240101000002'],
      ['sql_error', 1, '20240101000007'],
    ]);
    expect(stats.rollbacks).toEqual({
      count: 2,
      failed: 1,
      mostRolledBack: [{ version: '20240101000001', name: 'create_users', count: 1 }],
    });
  });

  it('keeps the newest runs, newest first', () => {
    expect(stats.recent.map((r) => r.startedAt.slice(0, 10))).toEqual([
      '2024-01-20',
      '2024-01-19',
      '2024-01-18',
      '2024-01-17',
      '2024-01-17',
      '2024-01-16',
      '2024-01-16',
      '2024-01-16',
      '2024-01-16',
      '2024-01-15',
    ]);
  });

  it('of runs started the same millisecond, puts the one recorded later first', () => {
    const at = '2024-03-01T00:00:00.000Z';
    const tied = computeStats(
      [
        { ...SEED_HISTORY[1], id: 'a', version: '20240101000001', startedAt: at },
        { ...SEED_HISTORY[1], id: 'b', version: '20240101000002', startedAt: at },
      ],
      input,
    );
    expect(tied.recent.map((r) => r.version)).toEqual(['20240101000002', '20240101000001']);
  });

  it('finds outliers by both rules: against its own runs, and against migrations of the same kind', () => {
    expect(stats.outliers.map((o) => [o.run.version, o.basis, o.baselineMs, o.baselineRuns, o.ratio, o.kinds])).toEqual([
      ['20240101000003', 'same-kind', 100, 3, 30, 'update'],
      ['20240101000002', 'own-runs', 200, 2, 25, undefined],
    ]);
  });

  it('suggests CONCURRENTLY, batches and expand/contract, each with its migration, time and rule', () => {
    expect(stats.suggestions.map((s) => [s.code, s.version, s.durationMs, s.rule, s.evidence])).toEqual([
      ['index-concurrently', '20240101000002', 5000, 'index-not-concurrent', 'create index orders_user_idx on orders'],
      ['batch-backfill', '20240101000003', 3000, 'backfill', 'update orders'],
      ['type-change-expand-contract', '20240101000007', 1500, 'column-type-change', 'alter column orders.total (type)'],
    ]);
  });

  it("compares the same migration's time on each connection", () => {
    expect(stats.comparison).toEqual([
      {
        version: '20240101000002',
        name: 'index_orders',
        times: [
          { connection: 'production', runs: 1, medianMs: 5000 },
          { connection: 'staging', runs: 2, medianMs: 200 },
        ],
        spread: 25,
      },
    ]);
    expect(stats.connections).toEqual(['production', 'staging']);
  });

  it('counts only what started at or after --since', () => {
    const since = computeStats(SEED_HISTORY, { ...input, since: new Date('2024-01-15T00:00:00Z') });
    expect(since.totals.runs).toBe(11);
    expect(since.weeks.map((w) => w.week)).toEqual(['2024-01-15']);
    expect(since.since).toBe('2024-01-15T00:00:00.000Z');
  });

  it('says nothing it does not know: no files, no status, no history', () => {
    const bare = computeStats([], { ...input, files: null, status: null });
    expect(bare.totals).toMatchObject({ runs: 0, successRate: null, files: null, pending: null });
    expect(bare.timing).toBeNull();
    expect(bare.weeks).toEqual([]);
    expect(bare.statuses.migrations).toBeNull();
    // Without files nothing is known of statement kinds: no same-kind outliers, no suggestions.
    const noFiles = computeStats(SEED_HISTORY, { ...input, files: null });
    expect(noFiles.suggestions).toEqual([]);
    expect(noFiles.outliers.map((o) => o.basis)).toEqual(['own-runs']);
  });
});
