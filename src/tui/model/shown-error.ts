// Which error the app has on screen, for `y` (copy it) and the Detail block: the run outcome's
// failure, the last notice's error, or — with no notice — why the status could not be read.

import type { SerializedError } from '../../core/shared/errors.js';
import type { Notice } from '../hooks/use-run.js';
import { runError, type RunState } from './run-state.js';

/** An error as `y` copies it. */
export interface CopiedError {
  error: SerializedError;
  /** What was being done, e.g. `applying pending migrations`. */
  action?: string;
  /** The failed migration's section SQL, when the database named no statement. */
  sql?: string;
}

/** The error on the notice line, if the line shows one. */
export function noticeError(notice: Notice | null, statusError: SerializedError | undefined): CopiedError | undefined {
  if (notice) return notice.tone === 'error' && notice.error ? { error: notice.error, action: notice.action } : undefined;
  return statusError ? { error: statusError, action: 'reading the migration status' } : undefined;
}

/** The failure of a finished run, with the SQL of the step that failed. */
export function outcomeError(run: RunState): CopiedError | undefined {
  const error = runError(run);
  if (!error) return undefined;
  const failed = run.steps.find((s) => s.state === 'failed');
  const step = failed ? run.plan?.steps.find((s) => s.file === failed.file) : undefined;
  return {
    error,
    action: run.direction === 'up' ? 'applying pending migrations' : 'rolling back migrations',
    sql: step?.sql ?? undefined,
  };
}
