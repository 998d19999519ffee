import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SqlAccess, SqlRow } from '../../../src/core/database/sql-access.js';
import { recordVersionStatements } from '../../../src/core/dbmate/migrations-table.js';
import { planConversion } from '../../../src/core/convert/plan.js';
import { readToolHistory } from '../../../src/core/convert/tool-history.js';
import type { SourceTool } from '../../../src/core/convert/types.js';
import { REPO_ROOT } from '../../helpers/project.js';

const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'convert');

/** A database whose one history table answers `rows`. */
function database(table: string, rows: SqlRow[]): SqlAccess {
  return {
    dialect: 'postgres',
    query: async () => rows,
    transaction: async () => undefined,
    tableExists: async (name) => name === table,
    close: async () => undefined,
  };
}

async function history(tool: SourceTool, table: string, rows: SqlRow[]) {
  const plan = await planConversion(tool, path.join(FIXTURES, tool));
  return readToolHistory(database(table, rows), plan);
}

describe('reading each tool’s history table', () => {
  it('golang-migrate: every version up to the recorded one; dirty is refused', async () => {
    expect((await history('golang-migrate', 'schema_migrations', [{ version: '2', dirty: false }])).applied).toEqual(['01', '02']);
    expect((await history('golang-migrate', 'schema_migrations', [{ version: 11, dirty: false }])).unmatched).toEqual(['11']);
    await expect(history('golang-migrate', 'schema_migrations', [{ version: 2, dirty: true }])).rejects.toThrow(
      "golang-migrate's schema_migrations says version 2 is dirty",
    );
  });

  it('goose: the latest row of each version decides; versions with no converted file are listed', async () => {
    const rows = [
      { version_id: 0, is_applied: true },
      { version_id: 1, is_applied: true },
      { version_id: 2, is_applied: true },
      { version_id: 2, is_applied: false },
      { version_id: 4, is_applied: 1 },
    ];
    expect(await history('goose', 'goose_db_version', rows)).toEqual({ table: 'goose_db_version', applied: ['1'], unmatched: ['4'] });
  });

  it('flyway: baseline covers older versions, undo removes, a failed row is refused', async () => {
    const rows = [
      { version: '1.1', type: 'BASELINE', success: true },
      { version: '2', type: 'SQL', success: true },
      { version: '2', type: 'UNDO_SQL', success: true },
    ];
    expect((await history('flyway', 'flyway_schema_history', rows)).applied).toEqual(['10', '11']);
    await expect(history('flyway', 'flyway_schema_history', [{ version: '1', type: 'SQL', success: false }])).rejects.toThrow(
      'records a failed migration (version 1)',
    );
  });

  it('prisma: a started, unfinished migration is refused; rolled back ones are not applied', async () => {
    const done = { finished_at: new Date(), rolled_back_at: null };
    const rows = [
      { migration_name: '20240101000000_init', ...done },
      { migration_name: '20240102000000_add_posts', finished_at: null, rolled_back_at: new Date() },
    ];
    expect((await history('prisma', '_prisma_migrations', rows)).applied).toEqual(['20240101000000']);
    await expect(
      history('prisma', '_prisma_migrations', [{ migration_name: '20240101000000_init', finished_at: null, rolled_back_at: null }]),
    ).rejects.toThrow('records 20240101000000_init as failed');
  });

  it('sql-migrate: by file name; a missing table is a clear error', async () => {
    expect((await history('sql-migrate', 'gorp_migrations', [{ id: '2_create_posts.sql' }])).applied).toEqual(['2']);
    await expect(history('sql-migrate', 'other', [])).rejects.toThrow('The database has no gorp_migrations table');
  });
});

describe("recording in dbmate's table", () => {
  it('quotes the table and the versions for the dialect', () => {
    expect(recordVersionStatements('mysql', 'schema_migrations', { add: ['1'], remove: ['2', '3'] })).toEqual([
      "INSERT INTO `schema_migrations` (version) VALUES ('1')",
      "DELETE FROM `schema_migrations` WHERE version IN ('2', '3')",
    ]);
    expect(recordVersionStatements('postgres', 'app.schema_migrations', { add: ["1'"] })).toEqual([
      `INSERT INTO "app"."schema_migrations" (version) VALUES ('1''')`,
    ]);
  });
});
