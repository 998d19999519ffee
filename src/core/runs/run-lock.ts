// Takes the database's run lock for a run (core/database/lock.ts does the locking itself):
// turns the drivers' own connection errors into dbtk's, and lets `up` create a database that
// does not exist yet first, since a lock can only be taken inside a database that exists.

import { acquireRunLock, DEFAULT_LOCK_TIMEOUT_MS, type RunLock } from '../database/lock.js';
import { classifyDbmateError } from '../dbmate/error-classifier.js';
import { dialectOf } from '../shared/dialect.js';
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
  // The lock file sits beside the SQLite file: a folder that does not exist is a database that cannot be opened.
  if ((error as NodeJS.ErrnoException)?.code === 'ENOENT' && dialectOf(url) === 'sqlite')
    return classifyDbmateError(`Error: unable to open database file: ${message}`);
  if (FILE_ERRORS.has(String((error as NodeJS.ErrnoException)?.code)))
    return new DbtkError('io', `The run lock could not be taken: ${message}`, {
      hint: 'Check that the database folder exists and is writable.',
    });
  return classifyDbmateError(`Error: ${asDbmateText(error, message)}`);
}

/**
 * The lock's connection error worded as dbmate's drivers word theirs, code included, so the
 * classifier (which decides by the database's code) reads it the same: `pq: message (3D000)`
 * for PostgreSQL (node-postgres puts the SQLSTATE in `code`), `Error 1049 (42000): message` for
 * MySQL/MariaDB (mysql2 puts the number in `errno`, the state in `sqlState`).
 */
function asDbmateText(error: unknown, message: string): string {
  const { code, errno, sqlState } = (error ?? {}) as { code?: unknown; errno?: unknown; sqlState?: unknown };
  if (typeof sqlState === 'string' && typeof errno === 'number') return `Error ${errno} (${sqlState}): ${message}`;
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return `pq: ${message} (${code})`;
  return message;
}
