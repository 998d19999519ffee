// Reading another tool's own history table, to learn which converted migrations a database
// has already run. Each tool's table as it creates it: golang-migrate `schema_migrations
// (version, dirty)`, goose `goose_db_version`, Flyway `flyway_schema_history`, sql-migrate
// `gorp_migrations`, Prisma `_prisma_migrations`. A dirty or failed state is refused: the
// database's true state is then unknown, and recording it would hide that.

import { quoteIdentifier, type SqlAccess, type SqlRow } from '../database/sql-access.js';
import { DbtkError } from '../shared/errors.js';
import { flywayOrderKey } from './flyway.js';
import { versionParts } from './source-files.js';
import type { ConversionPlan, SourceTool } from './types.js';

export const HISTORY_TABLES: Record<SourceTool, string> = {
  'golang-migrate': 'schema_migrations',
  goose: 'goose_db_version',
  flyway: 'flyway_schema_history',
  'sql-migrate': 'gorp_migrations',
  prisma: '_prisma_migrations',
};

export interface ToolHistory {
  table: string;
  /** dbmate versions of the converted migrations the tool had applied, in order. */
  applied: string[];
  /** Versions the tool applied that have no converted migration (code migrations, missing files). */
  unmatched: string[];
}

/** A cell as text: drivers give numbers, bigints, strings or Dates. */
function cell(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return value.toString();
  return value instanceof Date ? value.toISOString() : (JSON.stringify(value) ?? '');
}

const truthy = (value: unknown) => value === true || value === 1 || value === '1' || value === 't' || value === 'true';

function refused(tool: SourceTool, table: string, message: string, hint: string): DbtkError {
  return new DbtkError('refused', `${tool}'s ${table} ${message}. Nothing was recorded.`, { hint });
}

/** The tool's applied versions (its own spelling), after refusing a dirty or failed state. */
async function appliedSourceVersions(
  access: SqlAccess,
  plan: ConversionPlan,
  table: string,
): Promise<{ versions: string[]; upTo?: bigint[] }> {
  const q = (sql: string): Promise<SqlRow[]> => access.query(sql);
  const t = quoteIdentifier(table, access.dialect);
  switch (plan.tool) {
    case 'golang-migrate': {
      const rows = await q(`SELECT version, dirty FROM ${t}`);
      if (rows.length === 0) return { versions: [] };
      const row = rows[0];
      if (truthy(row.dirty))
        throw refused(
          plan.tool,
          table,
          `says version ${cell(row.version)} is dirty (a migration failed half-way)`,
          `Repair the database by hand, then \`migrate force <version>\`, and convert again.`,
        );
      return { versions: [], upTo: [BigInt(cell(row.version))] };
    }
    case 'goose': {
      const rows = await q(`SELECT version_id, is_applied FROM ${t} ORDER BY id`);
      const state = new Map<string, boolean>();
      for (const row of rows) if (cell(row.version_id) !== '0') state.set(cell(row.version_id), truthy(row.is_applied));
      return { versions: [...state].filter(([, applied]) => applied).map(([version]) => version) };
    }
    case 'flyway': {
      const rows = await q(`SELECT version, type, success FROM ${t} ORDER BY installed_rank`);
      const failed = rows.find((row) => !truthy(row.success));
      if (failed)
        throw refused(
          plan.tool,
          table,
          `records a failed migration (version ${failed.version === null ? 'repeatable' : cell(failed.version)})`,
          'Fix it and run `flyway repair`, then convert again.',
        );
      const applied = new Set<string>();
      let baseline: bigint[] | undefined;
      for (const row of rows) {
        if (row.version === null || row.version === undefined) continue;
        const parts = versionParts(cell(row.version));
        if (!parts) continue;
        const key = flywayOrderKey(parts);
        const type = cell(row.type).toUpperCase();
        if (type === 'BASELINE') baseline = parts;
        else if (type.startsWith('UNDO') || type === 'DELETE') applied.delete(key);
        else if (type !== 'SCHEMA') applied.add(key);
      }
      return { versions: [...applied], upTo: baseline };
    }
    case 'sql-migrate': {
      const rows = await q(`SELECT id FROM ${t}`);
      return { versions: rows.map((row) => cell(row.id)) };
    }
    case 'prisma': {
      const rows = await q(`SELECT migration_name, finished_at, rolled_back_at FROM ${t} ORDER BY started_at`);
      const failed = rows.find((row) => row.finished_at === null && row.rolled_back_at === null);
      if (failed)
        throw refused(
          plan.tool,
          table,
          `records ${cell(failed.migration_name)} as failed (started, never finished)`,
          'Resolve it with `prisma migrate resolve`, then convert again.',
        );
      const applied = new Set(
        rows.filter((row) => row.finished_at !== null && row.rolled_back_at === null).map((row) => cell(row.migration_name)),
      );
      return { versions: [...applied] };
    }
  }
}

/** The converted migrations the tool's history says were applied; refuses a dirty or failed state. */
export async function readToolHistory(access: SqlAccess, plan: ConversionPlan, tableName?: string): Promise<ToolHistory> {
  const table = tableName ?? HISTORY_TABLES[plan.tool];
  if (!(await access.tableExists(table)))
    throw new DbtkError(
      'not_found',
      `The database has no ${table} table, so there is no ${plan.tool} history to import. Nothing was recorded.`,
      {
        hint: `Check the database URL, or leave out --database to convert the files only.`,
      },
    );
  const { versions, upTo } = await appliedSourceVersions(access, plan, table);
  const keyOf = (text: string) => {
    if (plan.tool === 'flyway') {
      const parts = versionParts(text);
      return parts ? flywayOrderKey(parts) : text;
    }
    return text;
  };
  const byKey = new Map(plan.migrations.map((m) => [keyOf(m.sourceVersion), m]));
  const applied = new Set<string>();
  const unmatched: string[] = [];
  for (const version of versions) {
    const migration = byKey.get(keyOf(version));
    if (migration) applied.add(migration.version);
    else unmatched.push(version);
  }
  if (upTo) {
    const covered = (order: bigint[]) => {
      for (let i = 0; i < Math.max(order.length, upTo.length); i++) {
        const a = order[i] ?? 0n;
        const b = upTo[i] ?? 0n;
        if (a !== b) return a < b;
      }
      return true;
    };
    for (const m of plan.migrations) if (covered(m.order)) applied.add(m.version);
    // golang-migrate's one row names the version it stopped at: without that file the folder is not what ran.
    if (plan.tool === 'golang-migrate' && !plan.migrations.some((m) => m.order[0] === upTo[0])) unmatched.push(upTo[0].toString());
  }
  return { table, applied: plan.migrations.filter((m) => applied.has(m.version)).map((m) => m.version), unmatched };
}
