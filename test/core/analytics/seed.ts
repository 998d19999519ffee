// A seeded history whose figures are worked out by hand (test/core/analytics/*.test.ts):
// three weeks (the middle one empty), two connections, outliers of both kinds, failures,
// rollbacks and the three slow statements the suggestions are about.

import { historyEntry } from '../../helpers/history-entry.js';
import { parseMigrationContent } from '../../../src/core/migrations/file.js';
import type { HistoryEntry } from '../../../src/core/history/types.js';
import type { MigrationFile } from '../../../src/core/migrations/types.js';
import type { ProjectStatus } from '../../../src/core/migrations/status.js';

const SQL: Record<string, [string, string]> = {
  '20240101000001': ['create_users', 'CREATE TABLE users (id bigint PRIMARY KEY, email text);'],
  '20240101000002': ['index_orders', 'CREATE INDEX orders_user_idx ON orders (user_id);'],
  '20240101000003': ['backfill_status', "UPDATE orders SET status = 'new' WHERE status IS NULL;"],
  '20240101000004': ['update_a', 'UPDATE a SET x = 1 WHERE id = 1;'],
  '20240101000005': ['update_b', 'UPDATE b SET x = 1 WHERE id = 1;'],
  '20240101000006': ['update_c', 'UPDATE c SET x = 1 WHERE id = 1;'],
  '20240101000007': ['change_total_type', 'ALTER TABLE orders ALTER COLUMN total TYPE numeric(12,2);'],
  '20240101000008': ['broken', 'CREATE TABLE oops ();'],
};

export const SEED_FILES: MigrationFile[] = Object.entries(SQL).map(([version, [name, up]]) => {
  const file = `${version}_${name}.sql`;
  return parseMigrationContent(file, `/seed/${file}`, Buffer.from(`-- migrate:up\n${up}\n\n-- migrate:down\nSELECT 1;\n`));
});

function entry(version: string | null, at: string, overrides: Partial<HistoryEntry> = {}): HistoryEntry {
  return historyEntry({
    version,
    name: version ? SQL[version][0] : null,
    file: version ? `${version}_${SQL[version][0]}.sql` : null,
    connection: 'staging',
    url: 'postgres://app:***@db/shop',
    startedAt: at,
    durationMs: 1,
    checksum: null,
    ...overrides,
  });
}

const ok = (version: string, at: string, ms: number, connection = 'staging') => entry(version, at, { durationMs: ms, connection });
const failed = (version: string, at: string, errorKind: string, action: 'up' | 'down' = 'up') =>
  entry(version, at, { action, status: 'failed', errorKind, errorMessage: `${errorKind} happened`, durationMs: null });

/** Week of 2024-01-01 (Monday), nothing in the week of 01-08, the rest in the week of 01-15. */
export const SEED_HISTORY: HistoryEntry[] = [
  entry(null, '2024-01-01T08:00:00.000Z', { action: 'create', durationMs: null }),
  ok('20240101000001', '2024-01-01T09:00:00.000Z', 100),
  ok('20240101000001', '2024-01-02T09:00:00.000Z', 120),
  ok('20240101000001', '2024-01-03T09:00:00.000Z', 110),
  ok('20240101000002', '2024-01-04T09:00:00.000Z', 200),
  ok('20240101000002', '2024-01-05T09:00:00.000Z', 200),
  failed('20240101000002', '2024-01-15T09:00:00.000Z', 'lock_timeout'),
  ok('20240101000002', '2024-01-15T10:00:00.000Z', 5000, 'production'),
  ok('20240101000003', '2024-01-16T09:00:00.000Z', 3000, 'production'),
  ok('20240101000004', '2024-01-16T10:00:00.000Z', 100, 'production'),
  ok('20240101000005', '2024-01-16T11:00:00.000Z', 100, 'production'),
  ok('20240101000006', '2024-01-16T12:00:00.000Z', 100, 'production'),
  ok('20240101000007', '2024-01-17T09:00:00.000Z', 1500, 'production'),
  failed('20240101000007', '2024-01-17T10:00:00.000Z', 'sql_error', 'down'),
  entry('20240101000001', '2024-01-18T09:00:00.000Z', { action: 'down', durationMs: 5, connection: 'production' }),
  failed('20240101000008', '2024-01-19T09:00:00.000Z', 'sql_syntax'),
  failed('20240101000008', '2024-01-20T09:00:00.000Z', 'sql_syntax'),
];

/** v1 rolled back (pending again), v8 pending after two failed runs. */
export const SEED_STATUS: ProjectStatus = {
  applied: 6,
  pending: 2,
  missing: 0,
  missingFilesChecked: true,
  migrations: SEED_FILES.map((f) => ({
    version: f.version,
    name: f.name,
    file: f.file,
    path: f.path,
    status: f.version === '20240101000008' || f.version === '20240101000001' ? 'pending' : 'applied',
    warnings: [],
    problems: [],
  })),
};
