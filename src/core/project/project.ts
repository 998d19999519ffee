// A project (or named connection) opened for work: its configuration, its dbmate, its
// migration files and its status. The CLI and the TUI both start here.
//
// Two names: `Project` is the interface callers are written against (the CLI, the TUI and
// core's use cases such as preview, validate and doctor), and `DbmateProject` is the one real
// implementation (dbmate, the migration files and the history on disk). Test fakes implement
// `Project` too, so a change to what callers may use is a compile error in every fake
// instead of a test passing against a stale stand-in.

import { access, copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readAppliedVersions } from '../dbmate/applied-versions.js';
import { sqliteFilePath } from '../database/identity.js';
import { resolveProjectConfig, type ProjectConfig, type ProjectOptions } from '../config/config.js';
import { Dbmate, type DbmateExecResult, type ExecOptions } from '../dbmate/client.js';
import { resolveDbmate, type DbmateBinary } from '../dbmate/locate.js';
import { dialectOf, type Dialect } from '../shared/dialect.js';
import { DbtkError, serializeError } from '../shared/errors.js';
import { HistoryStore } from '../history/store.js';
import { type HistoryAction } from '../history/types.js';
import { currentDbtkVersion, historyContext, historyDatabaseKey, makeHistoryEntry, RunRecorder } from '../history/record.js';
import { applyHistoryToStatus } from '../history/status.js';
import { listMigrationFiles, parserStamp, scanMigrationDirs, type MigrationDirectoryScan } from '../migrations/file.js';
import { sha256 } from '../shared/hash.js';
import { SCAN_CACHE_FILE, ScanCache } from '../migrations/scan-cache.js';
import { planRollback, runRollback, runUp, type PlannedStep, type RunEvent, type RunOptions, type RunResult } from '../migrations/run.js';
import { defaultProcessRunner, type ProcessRunner } from '../shared/process-runner.js';
import { buildStatus, type ProjectStatus } from '../migrations/status.js';

export interface OpenProjectOptions extends ProjectOptions {
  runner?: ProcessRunner;
}

interface UpRunOptions extends RunOptions {
  strict?: boolean;
  command?: 'up' | 'migrate';
  verbose?: boolean;
  /** Apply only these pending migrations (from planRetryFailed), not every pending one. */
  only?: PlannedStep[];
}

/** A create, drop or load, and whether its history entry could be written. */
export type DatabaseCommandResult = DbmateExecResult & { historyWarning?: string };

/**
 * The part of the dbmate service callers use directly. Migration runs are not in it: they go
 * through the project (`up`, `rollback`), which records them in history.
 */
type ProjectDbmate = Pick<Dbmate, 'binary' | 'status' | 'newMigration' | 'create' | 'drop' | 'wait' | 'load' | 'dump'>;

/** The part of the history callers read (the project itself writes it). */
type ProjectHistory = Pick<HistoryStore, 'file' | 'read'>;

/** An opened project, as the CLI, the TUI and core's use cases see it (see the top of this file). */
export interface Project {
  readonly config: ProjectConfig;
  readonly dialect: Dialect;
  /** The dbmate service, located and version-checked once. */
  dbmate(): Promise<ProjectDbmate>;
  /** The migration files, parsed. */
  scanMigrations(): Promise<MigrationDirectoryScan>;
  /** This connection's history. */
  history(): ProjectHistory;
  status(options?: { signal?: AbortSignal }): Promise<ProjectStatus>;
  /** The status and the migration files it was built from (one scan for callers that need both). */
  statusWithFiles(options?: { signal?: AbortSignal }): Promise<{ status: ProjectStatus; scan: MigrationDirectoryScan }>;
  /** Applies every pending migration (or only `options.only`), recording each in history. */
  up(options?: UpRunOptions): Promise<RunResult>;
  /** Pending migrations whose last run failed, and the other pending ones. */
  planRetryFailed(): Promise<{ retry: PlannedStep[]; otherPending: PlannedStep[] }>;
  /** Which migrations a rollback would undo, newest first (no changes made). */
  planRollback(options?: { steps?: number; toVersion?: string }): Promise<PlannedStep[]>;
  /** Rolls back exactly these migrations, recording each in history. */
  rollback(plan: PlannedStep[], options?: RunOptions): Promise<RunResult>;
  /** `dbmate create`, recorded in history. */
  create(options?: ExecOptions): Promise<DatabaseCommandResult>;
  /** `dbmate drop`, recorded in history. */
  drop(options?: ExecOptions): Promise<DatabaseCommandResult>;
  /** `dbmate load` of the schema file, recorded with the file's checksum. */
  load(options?: ExecOptions): Promise<DatabaseCommandResult>;
}

class DbmateProject implements Project {
  private dbmatePromise?: Promise<Dbmate>;
  private historyStore?: HistoryStore;

  constructor(
    readonly config: ProjectConfig,
    readonly runner: ProcessRunner = defaultProcessRunner,
  ) {}

  get dialect(): Dialect {
    return dialectOf(this.config.url, this.config.driver);
  }

  /** The dbmate service, located and version-checked once. */
  dbmate(): Promise<Dbmate> {
    this.dbmatePromise ??= resolveDbmate(this.runner, { flagPath: this.config.dbmatePath, env: this.config.env }).then(
      (binary: DbmateBinary) => new Dbmate(binary, this.config, this.runner),
    );
    this.dbmatePromise.catch(() => {
      this.dbmatePromise = undefined;
    });
    return this.dbmatePromise;
  }

  /** The migration files, parsed (files unchanged since the last scan come from its cache). */
  scanMigrations(): Promise<MigrationDirectoryScan> {
    const cache = ScanCache.load(
      path.join(this.config.stateDir, SCAN_CACHE_FILE),
      parserStamp(currentDbtkVersion()),
      existsSync(this.history().file),
    );
    return scanMigrationDirs(this.config.migrationsDirs, { cache });
  }

  /** This connection's history (`<stateDir>/history.jsonl`), read for the database its URL names. */
  history(): HistoryStore {
    this.historyStore ??= new HistoryStore(this.config.stateDir, {
      gitignoreRoot: this.config.isNamedConnection ? undefined : this.config.cwd,
      database: historyDatabaseKey(this.config),
    });
    return this.historyStore;
  }

  async status(options: { signal?: AbortSignal } = {}): Promise<ProjectStatus> {
    return (await this.statusWithFiles(options)).status;
  }

  /** The status and the migration files it was built from (one scan for callers that need both). */
  async statusWithFiles(options: { signal?: AbortSignal } = {}): Promise<{ status: ProjectStatus; scan: MigrationDirectoryScan }> {
    const dbmate = await this.dbmate();
    const [dbmateStatus, scan, applied, history] = await Promise.all([
      dbmate.status({ signal: options.signal }),
      this.scanMigrations(),
      readAppliedVersions(this.config, this.runner),
      // Every version history knows, looked up while dbmate is still answering (waiting for
      // the versions on show would leave this thread idle meanwhile). History is detail: if
      // it cannot be read, the status is still right without it.
      this.history()
        .index()
        .then((index) => index.lookup())
        .catch(() => undefined),
    ]);
    const status = buildStatus(dbmateStatus, scan, applied);
    return { status: applyHistoryToStatus(status, history, scan), scan };
  }

  /** Applies every pending migration (or only `options.only`), recording each in history. */
  async up(options: UpRunOptions = {}): Promise<RunResult> {
    if (options.only) return this.upOnly(options.only, options);
    const pending = await this.pendingPlan();
    const dbmate = await this.dbmate();
    return this.recorded(dbmate, this.config.migrationsDirs, options, (onEvent) =>
      runUp(dbmate, { ...options, onEvent, pending, strict: options.strict ?? this.config.strict }),
    );
  }

  /**
   * Pending migrations whose last run (recorded in history) failed, oldest first, and the
   * other pending ones (a retry leaves those alone).
   */
  async planRetryFailed(): Promise<{ retry: PlannedStep[]; otherPending: PlannedStep[] }> {
    const status = await this.status();
    const pending = status.migrations.filter((m) => m.status === 'pending' && m.file);
    const step = (m: (typeof pending)[number]): PlannedStep => ({ version: m.version, name: m.name, file: m.file! });
    const failed = (m: (typeof pending)[number]) => m.warnings.some((w) => w.code === 'failed');
    return { retry: pending.filter(failed).map(step), otherPending: pending.filter((m) => !failed(m)).map(step) };
  }

  /**
   * Pending migrations in dbmate's order; when the database does not exist yet (`up` creates
   * it), every file. dbmate's own status is all a plan needs: the full status (file checks,
   * history) would delay every batch for detail it does not use.
   */
  private async pendingPlan(): Promise<PlannedStep[]> {
    const status = this.sqliteFileMissing()
      ? undefined
      : await this.dbmate()
          .then((dbmate) => dbmate.status())
          .catch(() => undefined);
    if (status) return status.files.filter((f) => !f.applied).map(({ version, name, file }) => ({ version, name, file }));
    return (await listMigrationFiles(this.config.migrationsDirs)).map(({ version, name, file }) => ({ version, name, file }));
  }

  /** True for a SQLite database whose file does not exist yet: nothing to ask dbmate. */
  private sqliteFileMissing(): boolean {
    return this.dialect === 'sqlite' && Boolean(this.config.url) && !existsSync(sqliteFilePath(this.config.url!, this.config.cwd));
  }

  /**
   * dbmate applies every pending file it sees and cannot be told to apply one, so it is shown
   * a temporary migrations folder holding only copies of the chosen files.
   */
  private async upOnly(only: PlannedStep[], options: UpRunOptions): Promise<RunResult> {
    const dbmate = await this.dbmate();
    const dir = await mkdtemp(path.join(os.tmpdir(), 'dbtk-only-'));
    try {
      for (const step of only) await copyFile(await this.locateMigration(step.file), path.join(dir, step.file));
      const subset = new Dbmate(dbmate.binary, { ...this.config, migrationsDirs: [dir] }, this.runner);
      return await this.recorded(subset, [dir], options, (onEvent) =>
        runUp(subset, { ...options, onEvent, pending: only, strict: options.strict ?? this.config.strict }),
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  private async locateMigration(file: string): Promise<string> {
    for (const dir of this.config.migrationsDirs) {
      const candidate = path.join(dir, file);
      if (
        await access(candidate).then(
          () => true,
          () => false,
        )
      )
        return candidate;
    }
    throw new DbtkError('not_found', `The migration file ${file} is not in ${this.config.migrationsDirs.join(', ')}.`, {
      hint: 'Run `dbtk status` to see the migrations dbtk finds.',
    });
  }

  /** Which migrations a rollback would undo, newest first (no changes made). */
  async planRollback(options: { steps?: number; toVersion?: string } = {}): Promise<PlannedStep[]> {
    const status = await this.status();
    const applied = status.migrations
      .filter((m) => m.status !== 'pending')
      .map((m) => ({ version: m.version, name: m.name || '(file missing)', file: m.file ?? `${m.version}_(file missing).sql` }));
    return planRollback(applied, options);
  }

  async rollback(plan: PlannedStep[], options: RunOptions = {}): Promise<RunResult> {
    const dbmate = await this.dbmate();
    return this.recorded(dbmate, this.config.migrationsDirs, options, (onEvent) => runRollback(dbmate, plan, { ...options, onEvent }));
  }

  /**
   * Runs a batch with history recording hooked into its events. The `done` event is held
   * back until history is written, so listeners see the result with its history warning.
   */
  private async recorded(
    dbmate: Dbmate,
    dirs: readonly string[],
    options: RunOptions,
    run: (onEvent: (event: RunEvent) => void) => Promise<RunResult>,
  ): Promise<RunResult> {
    const recorder = new RunRecorder(this.history(), historyContext(this.config, dbmate.binary.version), dirs);
    let done = false;
    const result = await run((event) => {
      recorder.onEvent(event);
      if (event.type === 'done') done = true;
      else options.onEvent?.(event);
    });
    result.historyWarning = await recorder.flush();
    if (done) options.onEvent?.({ type: 'done', result });
    return result;
  }

  /** `dbmate create`, recorded in history. */
  create(options: ExecOptions = {}): Promise<DatabaseCommandResult> {
    return this.recordCommand('create', (dbmate) => dbmate.create(options));
  }

  /** `dbmate drop`, recorded in history. */
  drop(options: ExecOptions = {}): Promise<DatabaseCommandResult> {
    return this.recordCommand('drop', (dbmate) => dbmate.drop(options));
  }

  /** `dbmate load` of the schema file, recorded with the file's checksum. */
  load(options: ExecOptions = {}): Promise<DatabaseCommandResult> {
    return this.recordCommand('load', (dbmate) => dbmate.load(options), options.schemaFile ?? this.config.schemaFile);
  }

  private async recordCommand(
    action: HistoryAction,
    run: (dbmate: Dbmate) => Promise<DbmateExecResult>,
    file?: string,
  ): Promise<DatabaseCommandResult> {
    const dbmate = await this.dbmate();
    // Without a URL nothing runs (dbmate refuses with a usage error): nothing to record.
    if (!this.config.url) return run(dbmate);
    const startedAt = new Date().toISOString();
    const checksum = file ? await readFile(file).then(sha256, () => null) : null;
    const shownFile = file ? (path.relative(this.config.cwd, file).startsWith('..') ? file : path.relative(this.config.cwd, file)) : null;
    const record = (error?: unknown) =>
      this.history().append([
        makeHistoryEntry(historyContext(this.config, dbmate.binary.version), {
          action,
          file: shownFile,
          startedAt,
          checksum,
          error: error === undefined ? undefined : serializeError(error),
        }),
      ]);
    let result: DbmateExecResult;
    try {
      result = await run(dbmate);
    } catch (error) {
      await record(error);
      throw error;
    }
    const written = await record();
    return written.written ? result : { ...result, historyWarning: written.warning };
  }
}

export async function openProject(options: OpenProjectOptions = {}): Promise<Project> {
  const config = await resolveProjectConfig(options);
  return new DbmateProject(config, options.runner);
}
