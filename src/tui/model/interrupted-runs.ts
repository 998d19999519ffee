// The notice the app shows when it opens after a dbtk was killed mid-run: what the database
// shows that run did (now in history), or that its dbmate still runs and runs are refused.

import { describeReconciliation, type Reconciliation } from '../../core/runs/interrupted.js';
import type { Notice } from '../hooks/use-run.js';

export function interruptedRunsNotice(outcomes: readonly Reconciliation[]): Notice {
  const orphaned = outcomes.find((outcome) => outcome.orphanedDbmate);
  const first = orphaned ?? outcomes[0];
  const more =
    outcomes.length > 1 ? ` (and ${outcomes.length - 1} more interrupted run${outcomes.length > 2 ? 's' : ''}: see History)` : '';
  return {
    tone: orphaned ? 'error' : 'info',
    text: `${describeReconciliation(first)}${more}`,
    ...(orphaned ? { hint: 'Runs are refused until it ends.' } : {}),
  };
}
