// Takes the database's run lock for a run (core/database/lock.ts does the locking itself):
// turns the drivers' own connection errors into dbtk's, and lets `up` create a database that
// does not exist yet first, since a lock can only be taken inside a database that exists.

import { acquireRunLock, DEFAULT_LOCK_TIMEOUT_MS, type RunLock } from '../database/lock.js';
import { classifyDbmateError } from '../dbmate/error-classifier.js';
import { DbtkError, isDbtkError } from '../shared/errors.js';
import { redactSecrets, urlPassword } from '../shared/redact.js';
import type { ExecuteOptions, RunContext } from './types.js';

export type LockOptions = Pick<ExecuteOptions, 'lockTimeoutMs' | 'onLockWait' | 'signal'>;

/**
 * The run lock of the project's database, waiting up to the timeout. `createDatabase`, when
 * given, is called once if the database does not exist, then the lock is tried again.
 */
export async function takeRunLock(
  ctx: RunContext,
  command: string,
  options: LockOptions,
  createDatabase?: () => Promise<DbtkError | undefined>,
): Promise<RunLock> {
  const { url, cwd, driver, migrationsTable } = ctx.config;
  const acquire = () =>
    acquireRunLock(
      { url: url!, cwd, driver, migrationsTable },
      { command, timeoutMs: options.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS, signal: options.signal, onWait: options.onLockWait },
    ).catch((error: unknown) => {
      throw asDbtkError(error, url!);
    });
  try {
    return await acquire();
  } catch (error) {
    if (!createDatabase || !isDbtkError(error, 'database_missing')) throw error;
    const createError = await createDatabase();
    // Another run may have created it meanwhile (then creating failed): the lock decides.
    try {
      return await acquire();
    } catch (again) {
      throw createError ?? again;
    }
  }
}

/** Runs `work` holding the run lock (released however `work` ends). */
export async function withRunLock<T>(ctx: RunContext, command: string, options: LockOptions, work: () => Promise<T>): Promise<T> {
  const lock = await takeRunLock(ctx, command, options);
  try {
    return await work();
  } finally {
    await lock.release().catch(() => undefined);
  }
}

/** Errors of the lock file itself (SQLite), as opposed to a database's connection errors. */
const FILE_ERRORS = new Set(['ENOENT', 'EACCES', 'EPERM', 'EROFS', 'ENOTDIR', 'EISDIR', 'ENOSPC']);

function asDbtkError(error: unknown, url: string): DbtkError {
  if (isDbtkError(error)) return error;
  const message = redactSecrets(error instanceof Error ? error.message : String(error), [urlPassword(url) ?? '']);
  if (FILE_ERRORS.has(String((error as NodeJS.ErrnoException)?.code)))
    return new DbtkError('io', `The run lock could not be taken: ${message}`, {
      hint: 'Check that the database folder exists and is writable.',
    });
  const classified = classifyDbmateError(`Error: ${message}`);
  return new DbtkError(classified.kind, classified.message, { hint: classified.hint, detail: message });
}
