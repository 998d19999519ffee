// Putting a backup back: its file checked against the manifest's sha256, the dialect's
// restore run (callers hold the run lock), then the applied versions read back and compared
// with the manifest's. The caller records the `restore` history entry.

import { mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { readAppliedVersions } from '../dbmate/applied-versions.js';
import { DbtkError } from '../shared/errors.js';
import { backupDriver } from './drivers.js';
import { backupIdentity, sha256File } from './create.js';
import type { BackupContext, BackupRecord } from './types.js';

export interface RestoreOutcome {
  backup: BackupRecord;
  /** Applied versions before the restore (undefined when they could not be read). */
  versionsBefore?: string[];
  versionsAfter: string[];
}

/** Versions applied now, sorted (undefined when they cannot be read). */
export async function currentVersions(ctx: BackupContext): Promise<string[] | undefined> {
  return (await readAppliedVersions(ctx.config, ctx.runner))?.sort();
}

/** Checks a backup can be restored here: same database, file present, hash as recorded. */
export async function checkRestorable(ctx: BackupContext, backup: BackupRecord): Promise<void> {
  const identity = backupIdentity(ctx);
  if (backup.database.key !== identity.key)
    throw new DbtkError('refused', `Backup ${backup.id} is of ${backup.database.label}, not of ${identity.label}. Nothing was changed.`);
  if (backup.fileMissing) throw new DbtkError('not_found', `The file of backup ${backup.id} is gone: ${backup.path}. Nothing was changed.`);
  if ((await sha256File(backup.path)) !== backup.sha256)
    throw new DbtkError(
      'checksum_mismatch',
      `The file of backup ${backup.id} changed since it was written (its sha256 differs). Nothing was changed.`,
      {
        hint: 'Restore another backup (`dbtk backup list`).',
      },
    );
}

/** Replaces the database's contents with the backup's, then checks the applied versions match. */
export async function restoreBackup(ctx: BackupContext, backup: BackupRecord): Promise<RestoreOutcome> {
  await checkRestorable(ctx, backup);
  const driver = backupDriver(backup.database.dialect);
  const versionsBefore = await currentVersions(ctx);
  const work = await mkdtemp(path.join(path.dirname(backup.path), '.restore-'));
  try {
    await driver.restore(ctx, backup, work);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  const versionsAfter = (await currentVersions(ctx)) ?? [];
  const expected = [...backup.appliedVersions].sort();
  if (versionsAfter.join(',') !== expected.join(','))
    throw new DbtkError(
      'restore_failed',
      `The restore ran, but the applied versions are not the backup's: now ${versionsAfter.join(', ') || 'none'}, backup ${expected.join(', ') || 'none'}.`,
      { hint: '`dbtk status` shows the database as it is now.' },
    );
  return { backup, versionsBefore, versionsAfter };
}
