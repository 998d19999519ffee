// The one way dbtk writes a file it must not corrupt: a temporary file beside the target,
// then a rename, so a crash or a full disk leaves either the old file or the new one.

import { randomBytes } from 'node:crypto';
import { chmod, link, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DbtkError } from './errors.js';

export interface AtomicWriteOptions {
  /** File mode of the result (e.g. 0o600 for files holding secrets). */
  mode?: number;
  /** Never replace an existing file: fail with `already_exists` instead (a hard link, so still atomic). */
  exclusive?: boolean;
}

/** Writes `content` to `target` atomically; throws a DbtkError (`permission` or `io`) saying why it failed. */
export async function writeFileAtomic(target: string, content: string | Buffer, options: AtomicWriteOptions = {}): Promise<void> {
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(tmp, content, { mode: options.mode, flag: 'wx' });
    if (options.mode !== undefined) await chmod(tmp, options.mode);
    if (options.exclusive) {
      await link(tmp, target);
      await rm(tmp, { force: true });
    } else await rename(tmp, target);
  } catch (error) {
    await rm(tmp, { force: true });
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' && options.exclusive)
      throw new DbtkError('already_exists', `${target} already exists; it was left as it is.`, {
        hint: 'Move it aside or choose another folder.',
        file: target,
      });
    throw new DbtkError(
      code === 'EACCES' || code === 'EPERM' ? 'permission' : 'io',
      `${target} could not be written (${code ?? (error as Error).message}).`,
      {
        hint:
          code === 'ENOENT'
            ? 'Create the folder first, or choose another path.'
            : 'Choose a path you can write to, and check free disk space.',
        cause: error,
        file: target,
      },
    );
  }
}
