// The backup use cases on one project, for the CLI (`dbtk backup …`) and the app's Backups
// screen: the settings in force, listing, writing one now, pruning, and restoring one under
// the run lock with a `restore` history entry.

import { createBackup, backupIdentity, type CreatedBackup } from '../backups/create.js';
import { restoreBackup, currentVersions, checkRestorable, type RestoreOutcome } from '../backups/restore.js';
import { findBackup, listBackups, pruneBackups } from '../backups/store.js';
import type { BackupRecord } from '../backups/types.js';
import { readBackupSettings, type BackupSettings } from '../config/backup-settings.js';
import { historyContext, historyDatabaseKey, makeHistoryEntry } from '../history/record.js';
import { HistoryStore } from '../history/store.js';
import { withRunLock, type LockOptions } from '../runs/run-lock.js';
import { serializeError } from '../shared/errors.js';
import type { Project } from './project.js';

export type { BackupRecord } from '../backups/types.js';
export type { BackupSettings } from '../config/backup-settings.js';
export { formatBytes } from '../backups/space.js';

const backupContext = (project: Project) => ({ config: project.config, runner: project.runner });

/** The backup settings in force for the project's database. */
function projectBackupSettings(project: Project): Promise<BackupSettings> {
  return readBackupSettings(project.config, backupIdentity(backupContext(project)).key);
}

/** The database's backups, newest first, and the settings they were looked up with. */
export async function listProjectBackups(project: Project): Promise<{ settings: BackupSettings; backups: BackupRecord[] }> {
  const settings = await projectBackupSettings(project);
  return { settings, backups: await listBackups(settings.dir, backupIdentity(backupContext(project)).key) };
}

export async function findProjectBackup(project: Project, id: string): Promise<BackupRecord> {
  const settings = await projectBackupSettings(project);
  return findBackup(settings.dir, backupIdentity(backupContext(project)).key, id);
}

/** Writes a backup now (`dbtk backup create`), verified, and prunes by the retention settings. */
export async function createProjectBackup(project: Project, options: { signal?: AbortSignal } = {}): Promise<CreatedBackup> {
  const settings = await projectBackupSettings(project);
  return createBackup(
    backupContext(project),
    { dir: settings.dir, keep: settings.keep, maxAgeDays: settings.maxAgeDays },
    { reason: 'manual', signal: options.signal },
  );
}

/** Removes the backups the retention settings (or the `keep` given) no longer keep. */
export async function pruneProjectBackups(project: Project, keep?: number): Promise<BackupRecord[]> {
  const settings = await projectBackupSettings(project);
  return pruneBackups(settings.dir, backupIdentity(backupContext(project)).key, {
    keep: keep ?? settings.keep,
    maxAgeDays: settings.maxAgeDays,
  });
}

/** What a restore would replace: the backup, and the versions applied now against then. */
export interface RestorePreview {
  backup: BackupRecord;
  versionsNow?: string[];
  /** Applied now, not in the backup (their changes are undone). */
  lost: string[];
  /** In the backup, not applied now (they come back). */
  regained: string[];
}

export async function previewRestore(project: Project, id: string): Promise<RestorePreview> {
  const backup = await findProjectBackup(project, id);
  await checkRestorable(backupContext(project), backup);
  const versionsNow = await currentVersions(backupContext(project));
  const then = new Set(backup.appliedVersions);
  const now = new Set(versionsNow ?? []);
  return {
    backup,
    versionsNow,
    lost: [...now].filter((v) => !then.has(v)).sort(),
    regained: [...then].filter((v) => !now.has(v)).sort(),
  };
}

/** Restores the backup under the run lock, checks the applied versions, records a `restore` entry. */
export async function restoreProjectBackup(
  project: Project,
  id: string,
  options: LockOptions = {},
): Promise<RestoreOutcome & { historyWarning?: string }> {
  const backup = await findProjectBackup(project, id);
  const dbmate = await project.dbmate();
  const store = new HistoryStore(project.config.stateDir, {
    gitignoreRoot: project.config.isNamedConnection ? undefined : project.config.cwd,
    database: historyDatabaseKey(project.config),
  });
  const ctx = { config: project.config, runner: project.runner, dbmate: () => Promise.reject(new Error('unused')), history: () => store };
  return withRunLock(ctx, 'restore', options, async () => {
    const startedAt = new Date().toISOString();
    const context = { ...historyContext(project.config, dbmate.binary.version), backupId: backup.id };
    const record = (error?: unknown) =>
      store.append([
        makeHistoryEntry(context, {
          action: 'restore',
          file: backup.file,
          startedAt,
          checksum: backup.sha256,
          error: error === undefined ? undefined : serializeError(error),
        }),
      ]);
    let outcome: RestoreOutcome;
    try {
      outcome = await restoreBackup(backupContext(project), backup);
    } catch (error) {
      await record(error);
      throw error;
    }
    const written = await record();
    return { ...outcome, ...(written.written ? {} : { historyWarning: written.warning }) };
  });
}
