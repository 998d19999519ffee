// Options every run that changes the database shares (up, migrate, down, load): how long to
// wait for another run's lock, what to say while waiting, and which refusals exit 2.

import type { Command } from 'commander';
import { DEFAULT_LOCK_TIMEOUT_MS, describeHolder, type LockHolder } from '../core/database/lock.js';
import { DbtkError, type ErrorKind } from '../core/shared/errors.js';
import { EXIT, printError, writeError } from './output.js';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `30s`, `5m`, `1500ms`, `1h` or plain seconds (`45`, `0`) → milliseconds. */
function parseLockTimeout(value: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(value.trim());
  if (!match)
    throw new DbtkError('usage', `--lock-timeout must be a duration such as 30s, 5m, 1500ms or plain seconds (got "${value}").`, {
      hint: 'Use --lock-timeout 0 to fail at once when another run holds the database.',
    });
  return Math.round(Number(match[1]) * UNIT_MS[match[2] ?? 's']);
}

export function addLockTimeoutOption(command: Command): Command {
  return command.option('--lock-timeout <duration>', 'wait this long for another run on the same database (default 60s; 0 = fail at once)');
}

export interface LockFlags {
  lockTimeout?: string;
}

/** The lock options of a run: its timeout and a line on stderr while another run holds the lock. */
export function lockOptions(flags: LockFlags): {
  lockTimeoutMs: number;
  onLockWait: (holder: LockHolder | undefined, waitedMs: number) => void;
} {
  const lockTimeoutMs = flags.lockTimeout === undefined ? DEFAULT_LOCK_TIMEOUT_MS : parseLockTimeout(flags.lockTimeout);
  return {
    lockTimeoutMs,
    onLockWait: (holder, waitedMs) =>
      writeError(
        `Waiting for another run on this database: ${describeHolder(holder)} holds it (waited ${Math.round(waitedMs / 1000)}s of at most ${seconds(lockTimeoutMs)}).`,
      ),
  };
}

const seconds = (ms: number) => (ms % 1000 === 0 ? `${ms / 1000}s` : `${(ms / 1000).toFixed(1)}s`);

/** Refused before anything ran (the files; a killed run's dbmate still running): exit 2, like a usage error. */
const REFUSALS: ReadonlySet<ErrorKind> = new Set(['missing_file', 'invalid_migrations', 'orphaned_run']);

/** Runs `work`; a refusal (missing file, invalid migrations, orphaned run) is printed and exits 2. */
export async function exitTwoOnRefusal(json: boolean, work: () => Promise<number>): Promise<number> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof DbtkError) || !REFUSALS.has(error.kind)) throw error;
    printError(error, json);
    return EXIT.USAGE;
  }
}
