// What a run whose dbtk was killed really did, from the database: each planned step is done
// when the database shows it (applied for up, gone for down), and the first one that is not
// was interrupted (if a dbmate had started). History gets the entries the run could not
// write, marked as recorded after the fact; entries it did write are not written twice. A
// dbmate that outlived its dbtk may still change the database: then nothing is decided yet.

import { isProcessRunning } from '../shared/process-identity.js';
import type { PlannedStep } from '../migrations/run.js';
import { checksumInDirs, makeHistoryEntry } from './record.js';
import { findInterruptedRuns, removeRunJournal, type InterruptedRun, type RunJournal } from './run-journal.js';
import type { HistoryStore } from './store.js';
import type { HistoryEntry } from './types.js';

type ReconciledOutcome = 'done' | 'interrupted' | 'not_run';

interface ReconciledStep {
  step: PlannedStep;
  outcome: ReconciledOutcome;
}

export interface Reconciliation {
  journal: RunJournal;
  /** The run's dbmate, still running after its dbtk died: it may still change the database. */
  orphanedDbmate?: { pid: number; since: string };
  /** False while an orphaned dbmate runs: the outcome is not known yet and nothing is recorded. */
  settled: boolean;
  steps: ReconciledStep[];
  /** History entries to record (none when not settled, or when the run recorded them itself). */
  entries: HistoryEntry[];
}

const RECORDED_AFTER_THE_FACT = 'interrupted';

/**
 * The outcome of an interrupted run, given the versions the database shows applied now and
 * the history entries the run recorded itself before it died (matched by run id).
 */
export function reconcileInterruptedRun(
  run: InterruptedRun,
  appliedVersions: Iterable<string>,
  options: { recorded?: readonly HistoryEntry[] } = {},
): Reconciliation {
  const { journal } = run;
  const orphan = run.dbmate && isProcessRunning(run.dbmate) !== false ? { pid: run.dbmate.pid, since: run.dbmate.since } : undefined;
  const applied = new Set(appliedVersions);
  const isDone = (step: PlannedStep) => (journal.direction === 'up' ? applied.has(step.version) : !applied.has(step.version));
  // The first step not done was running, or next, when dbtk died; none ran without a dbmate.
  const interrupted = run.dbmate ? journal.steps.find((step) => !isDone(step)) : undefined;
  const steps = journal.steps.map((step): ReconciledStep => ({
    step,
    outcome: isDone(step) ? 'done' : step === interrupted ? 'interrupted' : 'not_run',
  }));
  if (orphan) return { journal, orphanedDbmate: orphan, settled: false, steps, entries: [] };

  const latest = new Map<string, HistoryEntry>();
  for (const entry of options.recorded ?? []) {
    if (entry.runId !== journal.runId || entry.action !== journal.direction || !entry.version) continue;
    const previous = latest.get(entry.version);
    if (!previous || entry.startedAt >= previous.startedAt) latest.set(entry.version, entry);
  }
  const entries: HistoryEntry[] = [];
  for (const { step, outcome } of steps) {
    if (outcome === 'not_run') continue;
    const status = outcome === 'done' ? 'success' : 'failed';
    if (latest.get(step.version)?.status === status) continue; // the run recorded it itself
    const entry = makeHistoryEntry(journal.history, {
      action: journal.direction,
      step,
      startedAt: journal.startedAt,
      checksum: checksumInDirs(journal.migrationDirs, step.file),
    });
    entries.push({
      ...entry,
      status,
      errorKind: RECORDED_AFTER_THE_FACT,
      errorMessage: afterTheFactMessage(journal, outcome),
    });
  }
  return { journal, settled: true, steps, entries };
}

function afterTheFactMessage(journal: RunJournal, outcome: ReconciledOutcome): string {
  const stopped = `dbtk (pid ${journal.dbtk.pid}) was stopped before it could record the outcome; recorded after the fact from the database`;
  if (outcome === 'done') return `${stopped}, which shows this step done.`;
  return `${stopped}, which shows this step not ${journal.direction === 'up' ? 'applied' : 'rolled back'}.`;
}

/** For people: what an interrupted run did, or why its outcome is not known yet. */
export function describeReconciliation(reconciliation: Reconciliation): string {
  const { journal } = reconciliation;
  const article = /^[aeiou]/i.test(journal.command) ? 'An' : 'A';
  const run = `${article} \`${journal.command}\` on ${journal.database.label} started ${journal.startedAt} by ${journal.history.appliedBy}`;
  if (reconciliation.orphanedDbmate) {
    const { pid } = reconciliation.orphanedDbmate;
    return (
      `${run} lost its dbtk (pid ${journal.dbtk.pid}), but its dbmate (pid ${pid}) is still running and may still change the database. ` +
      `Wait for it to end (or stop it: kill -INT ${pid}); the next dbtk command records what it did.`
    );
  }
  const named = (outcome: ReconciledOutcome) => reconciliation.steps.filter((s) => s.outcome === outcome).map((s) => s.step.version);
  const groups: [versions: string[], what: string][] = [
    [named('done'), journal.direction === 'up' ? 'applied' : 'rolled back'],
    [named('interrupted'), 'interrupted'],
    [named('not_run'), 'not run'],
  ];
  const parts = groups.filter(([versions]) => versions.length > 0).map(([versions, what]) => `${what}: ${versions.join(', ')}`);
  return `${run} ended without dbtk recording its outcome (dbtk was stopped). From the database: ${parts.join('; ') || 'no steps'}. Recorded in history.`;
}

export interface ReconcileInterruptedRunsOptions {
  stateDir: string;
  /** The history to record into (any store of this state folder). */
  store: HistoryStore;
  /** The database the command works on: only its runs can be checked against it. */
  database: string;
  /** The versions the database shows applied, or undefined when they cannot be read now. */
  readAppliedVersions: () => Promise<readonly string[] | undefined>;
}

/**
 * Finds the database's interrupted runs, records what the database shows they did, and
 * removes their journals. Runs whose dbmate still runs are returned unsettled and kept.
 * Reads nothing from the database when there is no interrupted run.
 */
export async function reconcileInterruptedRuns(options: ReconcileInterruptedRunsOptions): Promise<Reconciliation[]> {
  const runs = await findInterruptedRuns(options.stateDir, { database: options.database });
  if (runs.length === 0) return [];
  const applied = await options.readAppliedVersions();
  if (!applied) return [];
  const outcomes: Reconciliation[] = [];
  for (const run of runs) {
    const recorded = (await options.store.read({ runId: run.journal.runId, allDatabases: true })).entries;
    const outcome = reconcileInterruptedRun(run, applied, { recorded });
    if (outcome.settled) {
      const written = await options.store.append(outcome.entries);
      if (!written.written) continue; // kept for the next command
      await removeRunJournal(run).catch(() => undefined);
    }
    outcomes.push(outcome);
  }
  return outcomes;
}
