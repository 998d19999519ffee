// `dbtk convert … --database`: the other tool's history table read from the project's
// database, and the converted versions it had applied recorded in dbmate's migrations table
// (one transaction, under the run lock, one `convert` history entry per version). golang-migrate's
// table has dbmate's default name, `schema_migrations`: then dbmate must use another table.

import { HISTORY_TABLES, readToolHistory } from '../convert/tool-history.js';
import type { ConversionPlan } from '../convert/types.js';
import { recordedVersions } from '../dbmate/migrations-table.js';
import type { LockOptions } from '../runs/run-lock.js';
import { DbtkError } from '../shared/errors.js';
import type { Project } from './project.js';
import { openProjectSql, recordVersions, type RecordResult } from './record-versions.js';

export interface HistoryImportPlan {
  /** The other tool's table that was read. */
  toolTable: string;
  /** dbmate's migrations table the versions go into. */
  migrationsTable: string;
  /** Versions to record as applied. */
  record: { version: string; name: string; file: string }[];
  /** Versions already in dbmate's table (left as they are). */
  alreadyRecorded: string[];
  /** Versions the tool applied that have no converted migration (code migrations…): not recorded. */
  unmatched: string[];
}

/** The table name dbtk suggests when golang-migrate already holds `schema_migrations`. */
const SUGGESTED_MIGRATIONS_TABLE = 'dbmate_migrations';

/** Reads the tool's history and plans what to record; refuses a dirty or failed state and a table clash. Changes nothing. */
export async function planHistoryImport(
  project: Project,
  plan: ConversionPlan,
  options: { toolTable?: string } = {},
): Promise<HistoryImportPlan> {
  const toolTable = options.toolTable ?? HISTORY_TABLES[plan.tool];
  const migrationsTable = project.config.migrationsTable;
  if (toolTable.toLowerCase() === migrationsTable.toLowerCase())
    throw new DbtkError(
      'refused',
      `${plan.tool}'s history table and dbmate's migrations table are both "${migrationsTable}": dbmate cannot share it. Nothing was changed.`,
      {
        hint: `Give dbmate its own table: pass --migrations-table ${SUGGESTED_MIGRATIONS_TABLE} here, and set DBMATE_MIGRATIONS_TABLE=${SUGGESTED_MIGRATIONS_TABLE} in .env so dbtk and dbmate keep using it.`,
      },
    );
  const access = await openProjectSql(project);
  try {
    const history = await readToolHistory(access, plan, toolTable);
    const recorded = await recordedVersions(access, migrationsTable);
    const byVersion = new Map(plan.migrations.map((m) => [m.version, m]));
    return {
      toolTable,
      migrationsTable,
      record: history.applied
        .filter((v) => !recorded.has(v))
        .map((v) => ({ version: v, name: byVersion.get(v)!.file.replace(/^\d+_?|\.sql$/g, ''), file: byVersion.get(v)!.file })),
      alreadyRecorded: history.applied.filter((v) => recorded.has(v)),
      unmatched: history.unmatched,
    };
  } finally {
    await access.close();
  }
}

/** Records the plan's versions as applied (one transaction, run lock, `convert` history entries). */
export async function executeHistoryImport(project: Project, plan: HistoryImportPlan, options: LockOptions = {}): Promise<RecordResult> {
  if (plan.record.length === 0) return { added: [], removed: [] };
  return recordVersions(
    project,
    { action: 'convert', add: plan.record, detail: { add: `recorded as applied from ${plan.toolTable}` } },
    options,
  );
}
