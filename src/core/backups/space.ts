// Room for a backup: the database's size as the server or file system says, the free space
// of the backup folder (statfs), and a refusal (`disk_space`) when free < 1.2 × the estimate.

import { mkdir, statfs } from 'node:fs/promises';
import { DbtkError } from '../shared/errors.js';

/** Free space needed, as a multiple of the estimated size. */
const SPACE_MARGIN = 1.2;

export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** Creates the backup folder (0700: dumps hold the data) or says why it cannot. */
export async function ensureBackupDir(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new DbtkError(
      code === 'EACCES' || code === 'EPERM' || code === 'EROFS' ? 'permission' : 'io',
      `The backup folder ${dir} cannot be created (${code ?? (error as Error).message}).`,
      { hint: 'Set backups.dir to a folder you can write to, or pass --no-backup to run without one.', cause: error },
    );
  }
}

/** Bytes free for an unprivileged user in the file system holding `dir`. */
async function freeSpace(dir: string): Promise<number> {
  const stats = await statfs(dir);
  return Number(stats.bavail) * Number(stats.bsize);
}

export interface SpaceCheck {
  estimate: number;
  needed: number;
  free: number;
  ok: boolean;
}

export async function checkSpace(dir: string, estimate: number): Promise<SpaceCheck> {
  const free = await freeSpace(dir);
  const needed = Math.ceil(estimate * SPACE_MARGIN);
  return { estimate, needed, free, ok: free >= needed };
}

export function diskSpaceError(dir: string, check: SpaceCheck): DbtkError {
  return new DbtkError(
    'disk_space',
    `Not enough free space for a backup in ${dir}: it needs about ${formatBytes(check.needed)} (1.2 × the database's ${formatBytes(check.estimate)}), ${formatBytes(check.free)} is free. Nothing was applied.`,
    { hint: 'Free some space, set backups.dir to a larger disk, or pass --no-backup to run without a backup.' },
  );
}
