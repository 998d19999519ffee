// A project (or named connection) opened for work: its configuration, its dbmate, its
// migration files and its status. The CLI and the TUI both start here.
//
// Two names: `Project` is the interface callers are written against (the CLI, the TUI and
// core's use cases such as preview, validate and doctor), and `DbmateProject` is the one real
// implementation (dbmate, the migration files and the history on disk). Test fakes implement
// `Project` too, so a change to what callers may use is a compile error in every fake
// instead of a test passing against a stale stand-in.

import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { readAppliedVersions } from '../dbmate/applied-versions.js';
import { resolveProjectConfig, type ProjectConfig, type ProjectOptions } from '../config/config.js';
import { Dbmate, type DbmateExecResult, type ExecOptions } from '../dbmate/client.js';
import { resolveDbmate, type DbmateBinary } from '../dbmate/locate.js';
import { dialectOf, type Dialect } from '../shared/dialect.js';
import { serializeError } from '../shared/errors.js';
import { HistoryStore } from '../history/store.js';
import { type HistoryAction } from '../history/types.js';
import { currentDbtkVersion, historyContext, historyDatabaseKey, makeHistoryEntry } from '../history/record.js';
import { applyHistoryToStatus } from '../history/status.js';
import { parserStamp, scanMigrationDirs, type MigrationDirectoryScan } from '../migrations/file.js';
import { sha256 } from '../shared/hash.js';
import { SCAN_CACHE_FILE, ScanCache } from '../migrations/scan-cache.js';
import type { PlannedStep, RunResult } from '../migrations/run.js';
import { executePlan } from '../runs/execute.js';
import type { DryRunOptions, DryRunReport } from '../runs/dry-run.js';
import type { MigrationTestOptions, MigrationTestReport } from '../runs/migration-test.js';
import type { DownDrops, DownVerification } from '../runs/down-drops.js';
import { reconcileRuns, type Reconciliation } from '../runs/interrupted.js';
import { planDown, planUp } from '../runs/plan.js';
import { withRunLock, type LockOptions } from '../runs/run-lock.js';
import type { DownRequest, ExecuteOptions, RunContext, RunPlan, UpRequest } from '../runs/types.js';
import { defaultProcessRunner, type ProcessRunner } from '../shared/process-runner.js';
import { buildStatus, type ProjectStatus } from '../migrations/status.js';
import { executeMark, planMark, type MarkDirection, type MarkPlan } from './mark.js';
import type { RecordResult } from './record-versions.js';

export interface OpenProjectOptions extends ProjectOptions {
  runner?: ProcessRunner;
}

/** A create, drop or load, and whether its history entry could be written. */
export type DatabaseCommandResult = DbmateExecResult & { historyWarning?: string };

/**
 * The part of the dbmate service callers use directly. Migration runs are not in it: they go
 * through the project (a plan from `planUp` / `planDown`, then `execute`), which locks,
 * re-checks the plan and records history.
 */
type ProjectDbmate = Pick<Dbmate, 'binary' | 'status' | 'newMigration' | 'create' | 'drop' | 'wait' | 'load' | 'dump'>;

/** The part of the history callers read (the project itself writes it). */
type ProjectHistory = Pick<HistoryStore, 'file' | 'read' | 'forEach' | 'summary' | 'append'>;

/** An opened project, as the CLI, the TUI and core's use cases see it (see the top of this file). */
export interface Project {
  readonly config: ProjectConfig;
  /** Runs the child processes (dbmate, sqlite3…) of this project. */
  readonly runner: ProcessRunner;
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
  /** Pending migrations whose last run failed, and the other pending ones. */
  planRetryFailed(): Promise<{ retry: PlannedStep[]; otherPending: PlannedStep[] }>;
  /** The plan of an `up` / `migrate`, with each file's SQL; refuses files that cannot run. Nothing runs. */
  planUp(request?: Partial<Omit<UpRequest, 'direction'>>): Promise<RunPlan>;
  /** The plan of a rollback: the files dbmate will really roll back, in order. Nothing runs. */
  planDown(request?: Omit<DownRequest, 'direction'>): Promise<RunPlan>;
  /** Runs exactly `plan` under the database's run lock, re-checked; each step read back from the database. */
  execute(plan: RunPlan, options?: ExecuteOptions): Promise<RunResult>;
  /** Runs exactly `plan` on a throw-away copy of the database, which is removed after; the database itself is only read. */
  dryRun(plan: RunPlan, options?: DryRunOptions): Promise<DryRunReport>;
  /** `dbtk test`: every migration up, down and up again on an empty scratch database, schemas compared; the database itself is not touched. */
  testMigrations(options?: MigrationTestOptions): Promise<MigrationTestReport>;
  /** The tables, columns and indexes a down plan drops, with live row counts (read only). */
  previewDrops(plan: RunPlan): Promise<DownDrops>;
  /** After a rollback: whether its versions and the objects it dropped are gone. */
  verifyDown(result: RunResult, drops: DownDrops): Promise<DownVerification>;
  /** `dbmate create`, recorded in history. */
  create(options?: ExecOptions): Promise<DatabaseCommandResult>;
  /** `dbmate drop`, recorded in history. */
  drop(options?: ExecOptions): Promise<DatabaseCommandResult>;
  /** `dbmate load` of the schema file, under the run lock, recorded with the file's checksum. */
  load(options?: ExecOptions & LockOptions): Promise<DatabaseCommandResult>;
  /** What `dbtk mark applied|pending` would record or forget; refuses unknown versions and no-ops. Nothing changes. */
  planMark(direction: MarkDirection, versions: readonly string[]): Promise<MarkPlan>;
  /** Records (or forgets) exactly `plan`'s versions without running SQL: run lock, one transaction, `mark` history entries. */
  mark(plan: MarkPlan, options?: LockOptions): Promise<RecordResult>;
  /**
   * Records what earlier runs on this database did when their dbtk was killed (from the
   * database), one outcome each; unsettled while such a run's dbmate still runs. One readdir
   * when there is none.
   */
  reconcileInterruptedRuns(): Promise<Reconciliation[]>;
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

  /** What the run engine needs of this project. */
  private runContext(): RunContext {
    return { config: this.config, runner: this.runner, dbmate: () => this.dbmate(), history: () => this.history() };
  }

  /**
   * The plan of an `up` / `migrate` (every pending migration, or only `request.only`), with
   * each file's SQL; refuses (`invalid_migrations`) when a file cannot run. Nothing runs.
   */
  planUp(request: Partial<Omit<UpRequest, 'direction'>> = {}): Promise<RunPlan> {
    return planUp(this.runContext(), {
      direction: 'up',
      command: request.command ?? 'up',
      strict: request.strict ?? this.config.strict,
      verbose: request.verbose,
      only: request.only,
    });
  }

  /**
   * The plan of a rollback: the files dbmate will really roll back, in order. Refuses with
   * `missing_file` when the newest applied version has no file (unless `skipMissing`).
   */
  planDown(request: Omit<DownRequest, 'direction'> = {}): Promise<RunPlan> {
    return planDown(this.runContext(), { direction: 'down', ...request });
  }

  /**
   * Runs exactly `plan`, under the database's run lock: refuses with `plan_changed` when it no
   * longer holds, reads each step's outcome back from the database, records history.
   */
  execute(plan: RunPlan, options: ExecuteOptions = {}): Promise<RunResult> {
    return executePlan(this.runContext(), plan, options);
  }

  /** Runs exactly `plan` on a throw-away copy of the database (no lock, no history, no schema file). */
  // Loaded on first use (the schema diff, the copies and the SQL analysis): every other command starts without them.
  async dryRun(plan: RunPlan, options: DryRunOptions = {}): Promise<DryRunReport> {
    const { dryRunPlan } = await import('../runs/dry-run.js');
    return dryRunPlan(this.runContext(), plan, options);
  }

  async testMigrations(options: MigrationTestOptions = {}): Promise<MigrationTestReport> {
    const { testMigrations } = await import('../runs/migration-test.js');
    return testMigrations(this.runContext(), options);
  }

  async previewDrops(plan: RunPlan): Promise<DownDrops> {
    const { previewDownDrops } = await import('../runs/down-drops.js');
    return previewDownDrops(this.runContext(), plan);
  }

  async verifyDown(result: RunResult, drops: DownDrops): Promise<DownVerification> {
    const { verifyDown } = await import('../runs/down-drops.js');
    return verifyDown(this.runContext(), result, drops);
  }

  reconcileInterruptedRuns(): Promise<Reconciliation[]> {
    if (!this.config.url) return Promise.resolve([]);
    return reconcileRuns(this.runContext());
  }

  /** `dbmate create`, recorded in history. */
  create(options: ExecOptions = {}): Promise<DatabaseCommandResult> {
    return this.recordCommand('create', (dbmate) => dbmate.create(options));
  }

  /** `dbmate drop`, recorded in history. */
  drop(options: ExecOptions = {}): Promise<DatabaseCommandResult> {
    return this.recordCommand('drop', (dbmate) => dbmate.drop(options));
  }

  /** `dbmate load` of the schema file under the run lock, recorded with the file's checksum. */
  async load(options: ExecOptions & LockOptions = {}): Promise<DatabaseCommandResult> {
    const { lockTimeoutMs, onLockWait, ...exec } = options;
    const load = () => this.recordCommand('load', (dbmate) => dbmate.load(exec), exec.schemaFile ?? this.config.schemaFile);
    // Without a URL nothing runs (dbmate refuses with its usage error): there is nothing to lock.
    if (!this.config.url) return load();
    return withRunLock(this.runContext(), 'load', { lockTimeoutMs, onLockWait, signal: exec.signal }, load);
  }

  planMark(direction: MarkDirection, versions: readonly string[]): Promise<MarkPlan> {
    return planMark(this, direction, versions);
  }

  mark(plan: MarkPlan, options: LockOptions = {}): Promise<RecordResult> {
    return executeMark(this, plan, options);
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
