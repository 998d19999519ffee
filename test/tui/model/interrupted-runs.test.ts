import { describe, expect, it } from 'vitest';
import type { Reconciliation } from '../../../src/core/runs/interrupted.js';
import { interruptedRunsNotice } from '../../../src/tui/model/interrupted-runs.js';

const journal = {
  format: 1,
  runId: 'r1',
  command: 'up',
  direction: 'up',
  steps: [{ version: '1', name: 'a', file: '1_a.sql' }],
  database: { key: 'k', label: 'sqlite:/tmp/app.db' },
  dbtk: { pid: 41, host: 'laptop' },
  startedAt: '2026-01-01T00:00:00.000Z',
  history: { connection: 'default', url: 'sqlite:/tmp/app.db', appliedBy: 'ana@laptop', dbmateVersion: '2.36.0' },
  migrationDirs: [],
} as Reconciliation['journal'];
const settled: Reconciliation = { journal, settled: true, steps: [{ step: journal.steps[0], outcome: 'done' }], entries: [] };
const orphaned: Reconciliation = { ...settled, settled: false, orphanedDbmate: { pid: 42, since: journal.startedAt } };

describe('interruptedRunsNotice', () => {
  it('says what a killed run did, from the database', () => {
    const notice = interruptedRunsNotice([settled]);
    expect(notice.tone).toBe('info');
    expect(notice.text).toMatch(/^An `up` on sqlite:\/tmp\/app\.db .* ended without dbtk recording its outcome .*applied: 1/);
  });

  it('puts a dbmate still running first, as an error that says runs are refused, and counts the others', () => {
    const notice = interruptedRunsNotice([settled, orphaned]);
    expect(notice.tone).toBe('error');
    expect(notice.text).toContain('its dbmate (pid 42) is still running');
    expect(notice.text).toContain('(and 1 more interrupted run: see History)');
    expect(notice.hint).toBe('Runs are refused until it ends.');
  });
});
