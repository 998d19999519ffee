// What a run is before it runs: one plan object, made in core, shown and confirmed by the CLI
// or the app, then executed exactly (under the run lock, after checking it still holds).

import type { ProjectConfig } from '../config/config.js';
import type { DatabaseIdentity } from '../database/identity.js';
import type { LockHolder } from '../database/lock.js';
import type { Dbmate } from '../dbmate/client.js';
import type { HistoryStore } from '../history/store.js';
import type { MigrationFile } from '../migrations/file.js';
import type { Direction, PlannedStep, RunOptions, StaysApplied } from '../migrations/run.js';
import type { ProcessRunner } from '../shared/process-runner.js';

export type { StaysApplied } from '../migrations/run.js';

/** What `up` / `migrate` / `up --retry-failed` was asked to do. */
export interface UpRequest {
  direction: 'up';
  /** `up` creates a missing database first; `migrate` does not. */
  command: 'up' | 'migrate';
  strict?: boolean;
  verbose?: boolean;
  /** Apply only these pending versions (a retry), not every pending one. */
  only?: string[];
}

/** What `down` was asked to do. Without `steps` or `toVersion`, one step. */
export interface DownRequest {
  direction: 'down';
  steps?: number;
  /** Keep this version applied; roll back everything above it (`0`: everything). */
  toVersion?: string;
  /** Roll back what can be rolled back when the newest applied version has no file. */
  skipMissing?: boolean;
}

type RunRequest = UpRequest | DownRequest;

export interface RunPlanStep extends PlannedStep {
  /** Absolute path of the migration file. */
  path: string;
  /** The SQL this step runs: the file's up section going up, its down section going down (null: not parsed, too large). */
  sql: string | null;
  /** The file as parsed when planned (its sections, options, checksum and problems). */
  migration: MigrationFile;
  /** The file's mtime when planned: a changed file is read again under the lock and compared. */
  mtimeMs: number;
}

type RunNoteCode = 'stays_applied' | 'creates_database' | 'empty_down' | 'unverified';

/** Something to say with the plan, before anything runs. */
export interface RunNote {
  code: RunNoteCode;
  message: string;
  version?: string;
}

export interface RunPlan {
  /** Random, unique per plan: events and results name the plan they belong to. */
  id: string;
  direction: Direction;
  request: RunRequest;
  /** ISO 8601. */
  createdAt: string;
  /** The database the plan was made for (a URL that changes is a different plan). */
  database: DatabaseIdentity;
  /** In the order they run. Going down, each is what dbmate will really roll back at that point. */
  steps: RunPlanStep[];
  /** Versions the request covers that stay applied (going down: their file is missing). */
  staysApplied: StaysApplied[];
  notes: RunNote[];
}

export interface ExecuteOptions extends RunOptions {
  /** How long to wait for another run on the same database; 0 fails at once. Default 60 s. */
  lockTimeoutMs?: number;
  /** Called when another run holds the lock (once, then every few seconds while waiting). */
  onLockWait?: (holder: LockHolder | undefined, waitedMs: number) => void;
  /** Skip the backup the settings ask for before this run (`--no-backup`). */
  noBackup?: boolean;
  /** Called when the backup before the run starts being written (it can take a while). */
  onBackupStart?: (dir: string) => void;
}

/** What the run engine needs of a project (Project provides it). */
export interface RunContext {
  config: ProjectConfig;
  runner: ProcessRunner;
  dbmate(): Promise<Dbmate>;
  history(): HistoryStore;
  /** Reads the applied versions another way than a process per read (`dbtk test`'s long-lived sqlite3); undefined: the usual way. */
  readAppliedVersions?: () => Promise<string[] | undefined>;
}
