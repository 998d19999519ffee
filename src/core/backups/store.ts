// The backups of one database in its backup folder: manifests read and listed newest first,
// one found by id (or a unique prefix of it), and pruning by count and age.

import { readdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { DbtkError } from '../shared/errors.js';
import { MANIFEST_FORMAT, type BackupManifest, type BackupRecord } from './types.js';

const ID_PATTERN = /^[0-9a-z][0-9a-z-]{0,63}$/;

export function manifestPath(dir: string, id: string): string {
  return path.join(dir, `${id}.json`);
}

async function readManifest(file: string): Promise<BackupManifest | undefined> {
  try {
    const value = JSON.parse(await readFile(file, 'utf8')) as BackupManifest;
    if (value?.format !== MANIFEST_FORMAT || typeof value.id !== 'string' || typeof value.file !== 'string') return undefined;
    return value;
  } catch {
    return undefined;
  }
}

/** The backups of `databaseKey` in `dir`, newest first (a folder that does not exist holds none). */
export async function listBackups(dir: string, databaseKey: string): Promise<BackupRecord[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const records: BackupRecord[] = [];
  for (const name of names.filter((n) => n.endsWith('.json') && !n.startsWith('.'))) {
    const file = path.join(dir, name);
    const manifest = await readManifest(file);
    if (!manifest || manifest.database?.key !== databaseKey) continue;
    const dumpPath = path.join(dir, path.basename(manifest.file));
    const fileMissing = !(await stat(dumpPath).then(
      (s) => s.isFile(),
      () => false,
    ));
    records.push({ ...manifest, path: dumpPath, manifestPath: file, fileMissing });
  }
  return records.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id));
}

/** The backup `id` names (a unique prefix is enough), or a `not_found` / `usage` error. */
export async function findBackup(dir: string, databaseKey: string, id: string): Promise<BackupRecord> {
  if (!ID_PATTERN.test(id)) throw new DbtkError('usage', `"${id}" is not a backup id (ids look like 20261129t204500-1a2b3c4d).`);
  const all = await listBackups(dir, databaseKey);
  const exact = all.find((b) => b.id === id);
  const matches = exact ? [exact] : all.filter((b) => b.id.startsWith(id));
  if (matches.length === 1) return matches[0];
  if (matches.length > 1)
    throw new DbtkError('usage', `"${id}" names ${matches.length} backups: ${matches.map((m) => m.id).join(', ')}.`, {
      hint: 'Give more of the id.',
    });
  throw new DbtkError('not_found', `There is no backup "${id}" of this database in ${dir}.`, { hint: '`dbtk backup list` shows them.' });
}

export interface PrunePolicy {
  keep: number;
  maxAgeDays?: number;
  /** Never pruned (the backup just written). */
  exceptId?: string;
  now?: Date;
}

/** The backups a policy removes: beyond the `keep` newest, or older than `maxAgeDays`. */
export function backupsToPrune(backups: readonly BackupRecord[], policy: PrunePolicy): BackupRecord[] {
  const now = (policy.now ?? new Date()).getTime();
  const oldest = policy.maxAgeDays === undefined ? undefined : now - policy.maxAgeDays * 86_400_000;
  return backups.filter((backup, index) => {
    if (backup.id === policy.exceptId) return false;
    return index >= policy.keep || (oldest !== undefined && Date.parse(backup.createdAt) < oldest);
  });
}

/** Removes the backups `policy` prunes (dump first, then its manifest); returns them. */
export async function pruneBackups(dir: string, databaseKey: string, policy: PrunePolicy): Promise<BackupRecord[]> {
  const doomed = backupsToPrune(await listBackups(dir, databaseKey), policy);
  for (const backup of doomed) {
    await rm(backup.path, { force: true });
    await rm(backup.manifestPath, { force: true });
  }
  return doomed;
}
