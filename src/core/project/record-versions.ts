// Recording versions in dbmate's migrations table without running their SQL (convert,
// baseline, mark): under the database's run lock, re-checked there, in one transaction, then
// one history entry per version. What every adoption command shares.

import { openSqlAccess, type SqlAccess } from '../database/sql-access.js';
import { ensureMigrationsTable, recordedVersions, recordVersionStatements } from '../dbmate/migrations-table.js';
import { historyContext, makeHistoryEntry } from '../history/record.js';
import type { HistoryAction } from '../history/types.js';
import { withRunLock, type LockOptions } from '../runs/run-lock.js';
import type { RunContext } from '../runs/types.js';
import { DbtkError } from '../shared/errors.js';
import type { ProjectConfig } from '../config/config.js';
import type { HistoryStore } from '../history/store.js';
import type { MigrationDirectoryScan } from '../migrations/file.js';
import type { ProcessRunner } from '../shared/process-runner.js';

/** What recording versions needs of a project (Project has it all; named here so project.ts can use this module). */
export interface RecordTarget {
  readonly config: ProjectConfig;
  readonly runner: ProcessRunner;
  dbmate(): Promise<{ binary: { version: string }; dump(options: { signal?: AbortSignal }): Promise<unknown> }>;
  history(): Pick<HistoryStore, 'append'>;
  scanMigrations(): Promise<MigrationDirectoryScan>;
}

export interface VersionRecord {
  version: string;
  name: string | null;
  file: string | null;
  /** sha256 of the file, when the entry should carry it (a squash's new file). */
  checksum?: string;
}

export interface RecordRequest {
  action: Extract<HistoryAction, 'convert' | 'baseline' | 'mark' | 'squash'>;
  add?: VersionRecord[];
  remove?: VersionRecord[];
  /** Left as they are, but checked to be recorded and given a history entry (the squash's own version). */
  keep?: VersionRecord[];
  /** Written into each entry's `detail`, e.g. `recorded as applied from goose_db_version`. */
  detail: { add?: string; remove?: string; keep?: string };
  /** Rewrite the schema file afterwards (its dump lists the recorded versions), as `up` does; default: unless DBMATE_NO_DUMP_SCHEMA. */
  dumpSchema?: boolean;
}

export interface RecordResult {
  added: string[];
  removed: string[];
  historyWarning?: string;
  /** The schema file could not be rewritten afterwards (the versions are recorded all the same). */
  schemaWarning?: string;
}

/** The project's database opened for dbtk's own SQL; refuses without a URL. */
export async function openProjectSql(project: RecordTarget): Promise<SqlAccess> {
  const { url, cwd, driver, env } = project.config;
  if (!url)
    throw new DbtkError('no_database_url', 'No database URL: set DATABASE_URL (or .env), or pass --url.', {
      hint: 'Adoption commands read and write the migrations table of that database.',
    });
  return openSqlAccess({ url, cwd, driver, env }, project.runner);
}

/**
 * Records `add` as applied and forgets `remove`, in one transaction under the run lock. Refuses
 * (`plan_changed`) when, once the lock is held, a version to add is already recorded or one to
 * remove is not: nothing is changed then.
 */
export async function recordVersions(project: RecordTarget, request: RecordRequest, options: LockOptions = {}): Promise<RecordResult> {
  const add = request.add ?? [];
  const remove = request.remove ?? [];
  const keep = request.keep ?? [];
  const access = await openProjectSql(project);
  const table = project.config.migrationsTable;
  const startedAt = new Date().toISOString();
  // The lock needs only the project's configuration (its database); the rest of a run's context is unused.
  const ctx = {
    config: project.config,
    runner: project.runner,
    dbmate: () => project.dbmate(),
    history: () => project.history(),
  } as unknown as RunContext;
  try {
    await withRunLock(ctx, request.action, options, async () => {
      if (add.length) await ensureMigrationsTable(access, table);
      const recorded = await recordedVersions(access, table);
      const already = add.filter((v) => recorded.has(v.version)).map((v) => v.version);
      const absent = [...remove, ...keep].filter((v) => !recorded.has(v.version)).map((v) => v.version);
      if (already.length || absent.length)
        throw new DbtkError(
          'plan_changed',
          [
            already.length ? `already recorded as applied: ${already.join(', ')}` : '',
            absent.length ? `not recorded as applied: ${absent.join(', ')}` : '',
          ]
            .filter(Boolean)
            .join('; ')
            .replace(/^./, (c) => c.toUpperCase()) + '. Nothing was changed.',
          { hint: 'Check `dbtk status`, then run the command again with the versions that need it.' },
        );
      await access.transaction(
        recordVersionStatements(access.dialect, table, { add: add.map((v) => v.version), remove: remove.map((v) => v.version) }),
      );
    });
  } finally {
    await access.close();
  }
  const dbmate = await project.dbmate().catch(() => undefined);
  let schemaWarning: string | undefined;
  if (dbmate && (request.dumpSchema ?? !project.config.noDumpSchema)) {
    await dbmate.dump({}).catch((error: unknown) => {
      schemaWarning = `The schema file was not rewritten (${(error as Error).message ?? String(error)}); run \`dbtk dump\`.`;
    });
  }
  const context = historyContext(project.config, dbmate?.binary.version ?? null);
  const entry = (v: VersionRecord, detail?: string) => ({
    ...makeHistoryEntry(context, { action: request.action, startedAt, detail }),
    version: v.version,
    name: v.name,
    file: v.file,
    ...(v.checksum ? { checksum: v.checksum } : {}),
  });
  const written = await project
    .history()
    .append([
      ...add.map((v) => entry(v, request.detail.add)),
      ...remove.map((v) => entry(v, request.detail.remove)),
      ...keep.map((v) => entry(v, request.detail.keep)),
    ]);
  return {
    added: add.map((v) => v.version),
    removed: remove.map((v) => v.version),
    ...(written.written ? {} : { historyWarning: written.warning }),
    ...(schemaWarning ? { schemaWarning } : {}),
  };
}
