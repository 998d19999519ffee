// SQLite backups: `VACUUM INTO` (a consistent copy taken through SQLite itself, safe while
// others read), checked with `PRAGMA integrity_check` on the copy; restored by copying the
// backup beside the database and renaming it over the file (callers hold the run lock).

import { copyFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { sqliteFilePath } from '../database/identity.js';
import { DbtkError } from '../shared/errors.js';
import { runTool, toolVersion } from './tool-run.js';
import type { BackupContext, BackupDriver, BackupRecord } from './types.js';

const dbFile = (ctx: BackupContext) => sqliteFilePath(ctx.config.url ?? '', ctx.config.cwd);
const sqlString = (text: string) => `'${text.replace(/'/g, "''")}'`;
const sizeOf = (file: string) =>
  stat(file).then(
    (s) => s.size,
    () => 0,
  );

export const sqliteDriver: BackupDriver = {
  format: 'sqlite',
  extension: 'sqlite3',

  async estimateSize(ctx) {
    const file = dbFile(ctx);
    return (await sizeOf(file)) + (await sizeOf(`${file}-wal`));
  },

  async dump(ctx, target, signal) {
    const file = dbFile(ctx);
    if (
      !(await stat(file).then(
        (s) => s.isFile(),
        () => false,
      ))
    )
      throw new DbtkError('backup_failed', `No backup written: the database file ${file} does not exist.`, {
        hint: 'Check the database URL; `dbtk status` shows it.',
      });
    await runTool(
      ctx,
      { command: 'sqlite3', args: ['-bail', '-cmd', '.timeout 5000', file, `VACUUM INTO ${sqlString(target)}`], signal },
      'backup_failed',
      'The SQLite backup could not be written',
    );
    return { sqlite3: await toolVersion(ctx, 'sqlite3') };
  },

  async verify(ctx, file) {
    const out = await runTool(
      ctx,
      { command: 'sqlite3', args: ['-readonly', '-bail', file, 'PRAGMA integrity_check;'] },
      'backup_failed',
      'The SQLite backup could not be checked',
    );
    if (out.trim() !== 'ok')
      throw new DbtkError('backup_failed', `The SQLite backup failed its integrity check: ${out.trim().split('\n')[0]}`);
    return 'PRAGMA integrity_check';
  },

  async restore(ctx, backup: BackupRecord) {
    const file = dbFile(ctx);
    // The copy is made beside the database (same file system), so the rename is atomic.
    const tmp = path.join(path.dirname(file), `.${path.basename(file)}.restore-${randomBytes(4).toString('hex')}.tmp`);
    try {
      await copyFile(backup.path, tmp);
      await rename(tmp, file);
    } catch (error) {
      await rm(tmp, { force: true });
      throw new DbtkError('restore_failed', `The database file ${file} could not be replaced: ${(error as Error).message}`, {
        hint: 'Check that its folder is writable and has room for one more copy of the database. The database was not changed.',
        cause: error,
      });
    }
    // A write-ahead log of the replaced file must not be applied to the restored one.
    await rm(`${file}-wal`, { force: true });
    await rm(`${file}-shm`, { force: true });
  },
};
