// Runs whose dbtk was killed (history/run-journal.ts): reconciled against the database by the
// next command that touches it, and, while such a run's dbmate still runs, a reason for new
// runs to refuse (the run lock does not see that dbmate: its dbtk, which held the lock, is gone).
// Both start with one readdir of the journal folder and stop there when it is empty.

import { historyDatabaseKey } from '../history/record.js';
import { findInterruptedRuns } from '../history/run-journal.js';
import type { RunJournal } from '../history/run-journal.js';
import { reconcileInterruptedRuns, type Reconciliation } from '../history/run-reconcile.js';
import { DbtkError } from '../shared/errors.js';
import { isProcessRunning } from '../shared/process-identity.js';
import { readApplied } from './applied.js';
import type { RunContext } from './types.js';

export { describeReconciliation, type Reconciliation } from '../history/run-reconcile.js';

/**
 * Records what the database shows earlier killed runs on this database did, and removes their
 * journals; returns one outcome per such run (unsettled while its dbmate still runs).
 */
export async function reconcileRuns(ctx: RunContext): Promise<Reconciliation[]> {
  const database = historyDatabaseKey(ctx.config);
  if (!database) return [];
  return reconcileInterruptedRuns({
    stateDir: ctx.config.stateDir,
    store: ctx.history(),
    database,
    readAppliedVersions: async () => {
      const applied = await readApplied(ctx).catch(() => undefined);
      // Versions dbmate counted but could not name would make a rollback look done: wait for a better look.
      if (!applied || applied.unnamed > 0) return undefined;
      return [...applied.versions];
    },
  });
}

/** Throws `orphaned_run` while a dbmate of an earlier, killed run on this database still runs. */
export async function refuseWhileOrphaned(ctx: RunContext): Promise<void> {
  const database = historyDatabaseKey(ctx.config);
  if (!database) return;
  for (const run of await findInterruptedRuns(ctx.config.stateDir, { database })) {
    if (!run.dbmate || isProcessRunning(run.dbmate) === false) continue;
    throw orphanedRunError(run.journal, run.dbmate.pid);
  }
}

/** Why a run may not start while `pid`, the dbmate of the killed run `journal`, still runs. */
export function orphanedRunError(journal: RunJournal, pid: number): DbtkError {
  return new DbtkError(
    'orphaned_run',
    `An earlier \`${journal.command}\` on ${journal.database.label} (started ${journal.startedAt} by ${journal.history.appliedBy}) ` +
      `lost its dbtk (pid ${journal.dbtk.pid}), but its dbmate (pid ${pid}) is still running and may still change the database. Nothing was run.`,
    {
      hint: `Wait for dbmate (pid ${pid}) to end, or stop it with \`kill -INT ${pid}\`; then run \`dbtk status\`, which records what it did.`,
    },
  );
}
