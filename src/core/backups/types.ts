// What a backup is: one dump file and its manifest beside it (`<id>.<ext>` + `<id>.json`).
// Types only, so every module of the domain depends on this file and not on each other.

import type { ProjectConfig } from '../config/config.js';
import type { DatabaseIdentity } from '../database/identity.js';
import type { ProcessRunner } from '../shared/process-runner.js';

export const MANIFEST_FORMAT = 1;

/** Why the backup was written. */
export type BackupReason = 'manual' | 'before up' | 'before down';

export interface BackupManifest {
  format: typeof MANIFEST_FORMAT;
  /** Sortable and unique: `20261129t204500-1a2b3c4d`. */
  id: string;
  /** ISO 8601, when the dump started. */
  createdAt: string;
  reason: BackupReason;
  /** The database, without credentials. */
  database: DatabaseIdentity;
  /** The connection (or project folder) name it was written from. */
  connection: string;
  /** The dump file's name, in the same folder as the manifest. */
  file: string;
  /** `sqlite` (a database file), `pg_custom` (pg_dump -Fc) or `mysql_sql` (mysqldump). */
  fileFormat: BackupFileFormat;
  size: number;
  sha256: string;
  /** The versions in the migrations table when the backup was taken, sorted. */
  appliedVersions: string[];
  /** Tables, views and sequences that existed then (servers): restore removes any made since. */
  objects?: BackupObject[];
  /** The tools that wrote it, as they name their version. */
  tools: Record<string, string>;
  /** How it was verified right after writing. */
  verifiedBy: string;
  dbtkVersion: string;
  /** The run it was written before, when it was. */
  planId?: string;
}

type BackupFileFormat = 'sqlite' | 'pg_custom' | 'mysql_sql';

export interface BackupObject {
  schema: string;
  name: string;
  /** `table`, `view`, `materialized view`, `sequence`, `foreign table`. */
  kind: string;
}

/** A manifest found on disk, and whether its dump file is still there. */
export interface BackupRecord extends BackupManifest {
  /** Absolute path of the dump file. */
  path: string;
  manifestPath: string;
  fileMissing: boolean;
}

/** What the backup code needs of a project. */
export interface BackupContext {
  config: ProjectConfig;
  runner: ProcessRunner;
}

/** One dialect's way to dump, check and load a database. */
export interface BackupDriver {
  format: BackupFileFormat;
  extension: string;
  /** Bytes the database takes, as the server or the file system says. */
  estimateSize(ctx: BackupContext): Promise<number>;
  /** Tables, views and sequences now (servers only). */
  listObjects?(ctx: BackupContext): Promise<BackupObject[]>;
  /** Writes the dump to `target`; returns the tool versions used. */
  dump(ctx: BackupContext, target: string, signal?: AbortSignal): Promise<Record<string, string>>;
  /** Throws `backup_failed` when the file is not a complete, readable dump; returns how it checked. */
  verify(ctx: BackupContext, file: string): Promise<string>;
  /** Replaces the database's contents with the dump's. `work` is a private folder for temporary files. */
  restore(ctx: BackupContext, backup: BackupRecord, work: string): Promise<void>;
}
