// Runs whose dbtk was killed, looked at when a command that touches the database opens the
// project: what the database shows they did is recorded, and said as a warning on stderr
// (stdout stays the command's own, JSON included). `up` and `down` refuse (exit 2,
// `orphaned_run`) while such a run's dbmate still runs.

import type { Project } from '../core/project/project.js';
import { describeReconciliation, orphanedRunError } from '../core/runs/interrupted.js';
import { serializeError } from '../core/shared/errors.js';
import { terminalText } from '../core/shared/terminal-text.js';
import { style, writeError } from './output.js';

export async function reconcileInterruptedRuns(project: Project, options: { refuseOrphans?: boolean } = {}): Promise<void> {
  let outcomes;
  try {
    outcomes = await project.reconcileInterruptedRuns();
  } catch (error) {
    // The command itself goes on: the journals stay for the next one.
    writeError(`${style.yellow('Warning:')} earlier interrupted runs could not be checked: ${terminalText(serializeError(error).message)}`);
    return;
  }
  for (const outcome of outcomes) {
    if (options.refuseOrphans && outcome.orphanedDbmate) throw orphanedRunError(outcome.journal, outcome.orphanedDbmate.pid);
    writeError(`${style.yellow('Warning:')} ${terminalText(describeReconciliation(outcome))}`);
  }
}
