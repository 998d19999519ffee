// Writing one backup: room checked first, the dump written to a hidden temporary file in the
// backup folder, verified, hashed, renamed to its name, then its manifest written atomically;
// older backups pruned after. A backup that fails or does not verify leaves no file behind.

import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { chmod, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { readAppliedVersions } from '../dbmate/applied-versions.js';
import { databaseIdentity, type DatabaseIdentity } from '../database/identity.js';
import { newRunId } from '../database/session.js';
import { currentDbtkVersion } from '../history/record.js';
import { writeFileAtomic } from '../shared/atomic-write.js';
import { dialectOf } from '../shared/dialect.js';
import { DbtkError, isDbtkError } from '../shared/errors.js';
import { redactText } from '../shared/redact.js';
import { backupDriver } from './drivers.js';
import { checkSpace, diskSpaceError, ensureBackupDir, type SpaceCheck } from './space.js';
import { manifestPath, pruneBackups } from './store.js';
import { MANIFEST_FORMAT, type BackupContext, type BackupManifest, type BackupReason, type BackupRecord } from './types.js';

export interface BackupTarget {
  /** The backup folder of this database. */
  dir: string;
  keep: number;
  maxAgeDays?: number;
}

export interface CreateBackupOptions {
  reason: BackupReason;
  planId?: string;
  signal?: AbortSignal;
}

export interface CreatedBackup {
  backup: BackupRecord;
  space: SpaceCheck;
  /** Older backups removed by the retention settings. */
  pruned: BackupRecord[];
}

export function backupIdentity(ctx: BackupContext): DatabaseIdentity {
  if (!ctx.config.url) throw new DbtkError('no_database_url', 'No database URL is set, so there is nothing to back up.');
  return databaseIdentity(ctx.config.url, ctx.config.cwd, ctx.config.driver);
}

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** The database's estimated size and the room in `dir` for a backup of it (the folder is created). */
export async function estimateBackupSpace(ctx: BackupContext, dir: string): Promise<SpaceCheck> {
  const driver = backupDriver(dialectOf(ctx.config.url, ctx.config.driver));
  await ensureBackupDir(dir);
  let estimate: number;
  try {
    estimate = await driver.estimateSize(ctx);
  } catch (error) {
    if (isDbtkError(error)) throw error;
    throw new DbtkError('backup_failed', `The database's size could not be read: ${redactText((error as Error).message)}`, {
      hint: 'Check the connection (`dbtk doctor`).',
      cause: error,
    });
  }
  return checkSpace(dir, estimate);
}

/** Writes, verifies and records one backup of the project's database; prunes older ones. */
export async function createBackup(ctx: BackupContext, target: BackupTarget, options: CreateBackupOptions): Promise<CreatedBackup> {
  const identity = backupIdentity(ctx);
  const driver = backupDriver(identity.dialect);
  const space = await estimateBackupSpace(ctx, target.dir);
  if (!space.ok) throw diskSpaceError(target.dir, space);
  const createdAt = new Date();
  const id = newRunId(createdAt);
  const fileName = `${id}.${driver.extension}`;
  const finalPath = path.join(target.dir, fileName);
  const tmp = path.join(target.dir, `.${fileName}.tmp`);
  let manifest: BackupManifest;
  try {
    const appliedVersions = ((await readAppliedVersions(ctx.config, ctx.runner)) ?? []).sort();
    const objects = driver.listObjects ? await driver.listObjects(ctx) : undefined;
    // Created empty and private first: the tools keep the mode of a file they are given (dumps hold the data).
    await writeFile(tmp, '', { mode: 0o600, flag: 'wx' });
    const tools = await driver.dump(ctx, tmp, options.signal);
    await chmod(tmp, 0o600);
    const verifiedBy = await driver.verify(ctx, tmp);
    const [size, sha256] = await Promise.all([stat(tmp).then((s) => s.size), sha256File(tmp)]);
    await rename(tmp, finalPath);
    manifest = {
      format: MANIFEST_FORMAT,
      id,
      createdAt: createdAt.toISOString(),
      reason: options.reason,
      database: identity,
      connection: ctx.config.connectionName,
      file: fileName,
      fileFormat: driver.format,
      size,
      sha256,
      appliedVersions,
      ...(objects ? { objects } : {}),
      tools,
      verifiedBy,
      dbtkVersion: currentDbtkVersion(),
      ...(options.planId ? { planId: options.planId } : {}),
    };
    await writeFileAtomic(manifestPath(target.dir, id), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
  } catch (error) {
    await rm(tmp, { force: true });
    await rm(finalPath, { force: true });
    if (isDbtkError(error)) throw error;
    throw new DbtkError('backup_failed', `The backup could not be written: ${redactText((error as Error).message)}`, {
      hint: 'Check the backup folder (free space, permissions) and the connection. Nothing was applied.',
      cause: error,
    });
  }
  const pruned = await pruneBackups(target.dir, identity.key, { keep: target.keep, maxAgeDays: target.maxAgeDays, exceptId: id });
  return { backup: { ...manifest, path: finalPath, manifestPath: manifestPath(target.dir, id), fileMissing: false }, space, pruned };
}
