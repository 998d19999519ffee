// A project (or named connection) opened for work: its configuration, its dbmate, its
// migration files and its status. The CLI and the TUI both start here.

import { readAppliedVersions } from './applied-versions.js';
import { resolveProjectConfig, type ProjectConfig, type ProjectOptions } from './config.js';
import { Dbmate } from './dbmate.js';
import { resolveDbmate, type DbmateBinary } from './dbmate-locate.js';
import { dialectOf, type Dialect } from './dialect.js';
import { scanMigrationDirs, type MigrationDirectoryScan } from './migration-file.js';
import { planRollback, runRollback, runUp, type PlannedStep, type RunOptions, type RunResult } from './migration-run.js';
import { defaultProcessRunner, type ProcessRunner } from './process-runner.js';
import { buildStatus, type ProjectStatus } from './status.js';

export type { ProjectOptions, ProjectConfig };

export interface OpenProjectOptions extends ProjectOptions {
  runner?: ProcessRunner;
}

export class Project {
  private dbmatePromise?: Promise<Dbmate>;

  constructor(
    readonly config: ProjectConfig,
    readonly runner: ProcessRunner = defaultProcessRunner,
  ) {}

  get dialect(): Dialect {
    return dialectOf(this.config.url, this.config.driver);
  }

  /** The dbmate service, located and version-checked once. */
  dbmate(): Promise<Dbmate> {
    this.dbmatePromise ??= resolveDbmate(this.runner, { flagPath: this.config.dbmatePath, env: this.config.env as NodeJS.ProcessEnv })
      .then((binary: DbmateBinary) => new Dbmate(binary, this.config, this.runner));
    this.dbmatePromise.catch(() => { this.dbmatePromise = undefined; });
    return this.dbmatePromise;
  }

  scanMigrations(): Promise<MigrationDirectoryScan> {
    return scanMigrationDirs(this.config.migrationsDirs);
  }

  async status(options: { signal?: AbortSignal } = {}): Promise<ProjectStatus> {
    const dbmate = await this.dbmate();
    const [dbmateStatus, scan, applied] = await Promise.all([
      dbmate.status({ signal: options.signal }),
      this.scanMigrations(),
      readAppliedVersions(this.config, this.runner),
    ]);
    return buildStatus(dbmateStatus, scan, applied);
  }

  /** Applies every pending migration. */
  async up(options: RunOptions & { strict?: boolean; command?: 'up' | 'migrate'; verbose?: boolean } = {}): Promise<RunResult> {
    return runUp(await this.dbmate(), { ...options, pending: await this.pendingPlan(), strict: options.strict ?? this.config.strict });
  }

  /** Pending migrations in order; when the database does not exist yet (`up` creates it), every file. */
  private async pendingPlan(): Promise<PlannedStep[]> {
    const status = await this.status().catch(() => undefined);
    if (status) {
      return status.migrations.filter((m) => m.status === 'pending' && m.file).map((m) => ({ version: m.version, name: m.name, file: m.file! }));
    }
    const scan = await this.scanMigrations();
    return scan.migrations.map((m) => ({ version: m.version, name: m.name, file: m.file }));
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
    return runRollback(await this.dbmate(), plan, options);
  }
}

export async function openProject(options: OpenProjectOptions = {}): Promise<Project> {
  const config = await resolveProjectConfig(options);
  return new Project(config, options.runner);
}
