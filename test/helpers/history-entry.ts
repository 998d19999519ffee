// One history entry for tests: a successful `up` of version 1, each new entry a minute after
// the one before (entries sort by time), with whatever the test overrides.

import type { HistoryEntry } from '../../src/core/history/types.js';

let counter = 0;

export function historyEntry(overrides: Partial<HistoryEntry> = {}): HistoryEntry {
  counter++;
  return {
    schema: 1,
    id: `id-${counter}`,
    action: 'up',
    version: '1',
    name: 'one',
    file: '1_one.sql',
    appliedBy: 'ana@laptop',
    connection: 'shop',
    url: 'sqlite:db/x.db',
    startedAt: new Date(Date.UTC(2024, 0, 1, 0, counter)).toISOString(),
    durationMs: 3.2,
    status: 'success',
    errorKind: null,
    errorMessage: null,
    checksum: 'c1',
    dbtkVersion: '0.1.0',
    dbmateVersion: '2.36.0',
    ...overrides,
  };
}
