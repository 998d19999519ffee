// Which migrations a run touches, worked out the way dbmate will act, from the files on disk
// and the applied versions alone (pure: no I/O).
//
// Going up, dbmate applies every file whose version is not applied. Going down, each
// `dbmate rollback` undoes the applied version that comes last in file-name order among
// those that HAVE a file: an applied version whose file is missing (a branch switch) is
// skipped silently, and the one below it is rolled back instead. So before each step dbtk
// knows exactly which file dbmate will roll back, and refuses when that is not the newest
// applied version, unless told to skip the missing one.

import type { ListedMigration } from '../migrations/file.js';
import type { StaysApplied } from '../migrations/run.js';
import { compareVersion } from '../migrations/status.js';
import { DbtkError } from '../shared/errors.js';
import type { DownRequest } from './types.js';

/** Files dbmate will apply (it marks a file applied when its version is in the table). */
export function pendingMigrations(files: readonly ListedMigration[], applied: ReadonlySet<string>): ListedMigration[] {
  return files.filter((file) => !applied.has(file.version));
}

/** The file the next `dbmate rollback` undoes: the last applied one in file-name order. */
export function nextRollbackTarget(files: readonly ListedMigration[], applied: ReadonlySet<string>): ListedMigration | undefined {
  for (let i = files.length - 1; i >= 0; i--) if (applied.has(files[i].version)) return files[i];
  return undefined;
}

export const MISSING_FILE_REASON = 'its file is missing, and dbmate can only roll back a migration whose file it has';

export type RollbackSelection =
  | { refused?: undefined; targets: ListedMigration[]; staysApplied: StaysApplied[] }
  | {
      /** The newest applied version has no file at step `atStep` (0-based); dbmate would roll back `instead`. */
      refused: { missing: string; instead?: ListedMigration; atStep: number };
    };

/**
 * The rollback steps a request stands for, in order, simulating dbmate one step at a time.
 * `--to` rolls back everything it can above the version and names what stays applied; a step
 * count refuses when a step would pass over a newest applied version that has no file,
 * unless `skipMissing`.
 */
export function selectRollbackTargets(
  files: readonly ListedMigration[],
  applied: ReadonlySet<string>,
  request: Omit<DownRequest, 'direction'>,
): RollbackSelection {
  const withFile = new Set(files.map((f) => f.version));
  const remaining = new Set(applied);
  const newestFirst = [...applied].sort((a, b) => compareVersion(b, a));
  // Cursors only move one way: a version once rolled back never comes back within a plan.
  let fileCursor = files.length - 1;
  let newestCursor = 0;
  const next = () => {
    while (fileCursor >= 0 && !remaining.has(files[fileCursor].version)) fileCursor--;
    return fileCursor >= 0 ? files[fileCursor] : undefined;
  };
  const newest = () => {
    while (newestCursor < newestFirst.length && !remaining.has(newestFirst[newestCursor])) newestCursor++;
    return newestFirst[newestCursor];
  };
  const targets: ListedMigration[] = [];

  if (request.toVersion !== undefined) {
    const floor = request.toVersion;
    for (let target = next(); target && compareVersion(target.version, floor) > 0; target = next()) {
      targets.push(target);
      remaining.delete(target.version);
    }
    const blocker = next();
    const staysApplied = newestFirst
      .filter((version) => remaining.has(version) && compareVersion(version, floor) > 0)
      .map((version) => ({
        version,
        reason: withFile.has(version)
          ? `dbmate would first roll back ${blocker?.file}, which comes after it in file-name order and is not above ${floor}`
          : MISSING_FILE_REASON,
      }));
    return { targets, staysApplied };
  }

  const count = request.steps ?? 1;
  const skipped = new Set<string>();
  while (targets.length < count) {
    const target = next();
    const newestVersion = newest();
    if (newestVersion !== undefined && !withFile.has(newestVersion)) {
      if (!request.skipMissing) return { refused: { missing: newestVersion, instead: target, atStep: targets.length } };
      // Every applied version above the target without a file stays applied.
      for (const version of newestFirst) {
        if (!remaining.has(version) || withFile.has(version)) continue;
        if (target && compareVersion(version, target.version) < 0) break;
        skipped.add(version);
      }
    }
    if (!target) break;
    targets.push(target);
    remaining.delete(target.version);
  }
  const staysApplied = [...skipped].sort((a, b) => compareVersion(b, a)).map((version) => ({ version, reason: MISSING_FILE_REASON }));
  return { targets, staysApplied };
}

/** Checks a down request's own shape (before anything is read). */
export function checkDownRequest(request: Omit<DownRequest, 'direction'>, applied: ReadonlySet<string>): void {
  if (request.steps !== undefined && request.toVersion !== undefined) throw new DbtkError('usage', 'Use either --steps or --to, not both.');
  if (request.toVersion !== undefined) {
    const target = request.toVersion;
    if (!/^\d+$/.test(target))
      throw new DbtkError('usage', `"${target}" is not a migration version.`, {
        hint: 'Versions are the digits at the start of the file name.',
      });
    if (target !== '0' && !applied.has(target)) {
      throw new DbtkError('usage', `Version ${target} is not applied, so there is nothing to roll back to.`, {
        hint: 'Run `dbtk status` to see applied versions (use --to 0 to roll back everything).',
      });
    }
    return;
  }
  const count = request.steps ?? 1;
  if (!Number.isInteger(count) || count < 1) throw new DbtkError('usage', `--steps must be a whole number of at least 1 (got ${count}).`);
}
