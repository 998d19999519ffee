// Executes a plan exactly: takes the database's run lock, checks under it that the plan still
// holds, runs the steps (with each step's outcome read back from the database), dumps the
// schema once at the end (also after a failure or an interrupt, so the schema file matches
// what is now true), records history and only then releases the lock.
//
// Each run has one id: its history entries carry it, its journal (history/run-journal.ts) is
// named by it, and every dbmate process of the run carries its tag on the server
// (database/session.ts), through a URL only dbmate's environment sees: history, output and the
// lock keep the user's. A stop the user asks for cancels the run's work on the server first
// (run-stop.ts). While a dbmate of an earlier, killed run still runs, nothing starts.

import type { RunLock } from '../database/lock.js';
import { newRunId, runTag, taggedUrl } from '../database/session.js';
import { Dbmate } from '../dbmate/client.js';
import { historyContext, RunRecorder } from '../history/record.js';
import { startRunJournal, type ActiveRunJournal } from '../history/run-journal.js';
import type { RunEvent, RunResult } from '../migrations/run.js';
import { DbtkError } from '../shared/errors.js';
import type { Emit } from './ledger.js';
import { backupBeforeRun } from './backup-before-run.js';
import { requireUrl } from './plan.js';
import { refuseWhileOrphaned } from './interrupted.js';
import { ensurePlanHolds } from './recheck.js';
import { runDownPlan } from './run-down.js';
import { takeRunLock } from './run-lock.js';
import { RunStopper } from './run-stop.js';
import { runUpPlan } from './run-up.js';
import type { ExecuteOptions, RunContext, RunPlan } from './types.js';

export async function executePlan(ctx: RunContext, plan: RunPlan, options: ExecuteOptions = {}): Promise<RunResult> {
  const url = requireUrl(ctx, plan.direction);
  stopIfAsked(options.signal);
  await refuseWhileOrphaned(ctx);
  const projectDbmate = await ctx.dbmate();
  const runId = newRunId();
  const tag = runTag(runId);
  // dbmate's sessions carry the run's tag; only dbmate sees that URL.
  const dbmate = new Dbmate(projectDbmate.binary, { ...projectDbmate.config, url: taggedUrl(url, tag) }, ctx.runner);
  const run: RunContext = { ...ctx, dbmate: () => Promise.resolve(dbmate) };
  const context = historyContext(ctx.config, dbmate.binary.version, { runId });
  const recorder = new RunRecorder(ctx.history(), context, ctx.config.migrationsDirs);
  const emit: Emit = (event: RunEvent) => {
    recorder.onEvent(event);
    options.onEvent?.(event);
  };
  let journal: ActiveRunJournal | undefined;
  const stopper = new RunStopper({ url, driver: ctx.config.driver }, tag, options.signal, (pid) => void journal?.setDbmatePid(pid));
  let lock: RunLock | undefined;
  let flushed = false;
  try {
    stopIfAsked(options.signal);
    const createsDatabase = plan.request.direction === 'up' && plan.request.command === 'up';
    lock = await takeRunLock(run, lockCommand(plan), options, createsDatabase ? () => createDatabase(dbmate, emit) : undefined);
    stopIfAsked(options.signal);
    const before = await ensurePlanHolds(run, plan);
    // The backup the settings ask for, under the lock and before the journal and the first step
    // (throws: nothing applied).
    const backup = await backupBeforeRun(ctx, plan, options);
    if ('id' in backup) recorder.linkBackup(backup.id);
    stopIfAsked(options.signal);
    journal = await startRunJournal(ctx.config.stateDir, {
      runId,
      command: journalCommand(plan),
      direction: plan.direction,
      steps: plan.steps,
      database: { key: plan.database.key, label: plan.database.label },
      serverTag: tag,
      history: 'id' in backup ? { ...context, backupId: backup.id } : context,
      migrationDirs: ctx.config.migrationsDirs,
    });
    const outcome =
      plan.direction === 'up' ? await runUpPlan(run, plan, before, emit, stopper) : await runDownPlan(run, plan, before, emit, stopper);
    const dump = outcome.dumpDue ? await dumpSchema(run, dbmate, emit, stopper) : { written: false };
    const serverWork = await stopper.outcome();
    const result: RunResult = {
      direction: plan.direction,
      ok: !outcome.error,
      interrupted: outcome.interrupted,
      steps: outcome.steps,
      error: outcome.error,
      schemaWritten: dump.written,
      schemaWarning: dump.warning,
      raw: outcome.raw,
      planId: plan.id,
      staysApplied: plan.staysApplied,
      verified: outcome.verified,
      notes: journal.warning ? [...outcome.notes, journal.warning] : outcome.notes,
      backup,
      ...(serverWork ? { serverWork } : {}),
    };
    flushed = true;
    result.historyWarning = await recorder.flush();
    // Held back until history is written, so listeners see the result with its history warning.
    options.onEvent?.({ type: 'done', result });
    return result;
  } finally {
    if (!flushed) await recorder.flush().catch(() => undefined);
    // A stop asked for while the run was ending still goes to its end on the server.
    await stopper.settled();
    stopper.dispose();
    // After history is written: only a dbtk that dies leaves its journal behind.
    await journal?.finish();
    await lock?.release().catch(() => undefined);
  }
}

function stopIfAsked(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new DbtkError('interrupted', 'Stopped before anything ran; nothing was changed.');
}

/** What the user ran, for the journal: `up`, `migrate`, `down`, `up --retry-failed`. */
function journalCommand(plan: RunPlan): string {
  if (plan.request.direction === 'down') return 'down';
  return plan.request.only ? `${plan.request.command} --retry-failed` : plan.request.command;
}

function lockCommand(plan: RunPlan): string {
  if (plan.request.direction === 'down') return 'down';
  return plan.request.only ? `${plan.request.command}-retry` : plan.request.command;
}

/** `dbmate create`, said and recorded like the `Creating:` line of `dbmate up`; its error if it failed. */
async function createDatabase(dbmate: Dbmate, emit: Emit): Promise<DbtkError | undefined> {
  const exec = await dbmate.exec('create', [], {
    onEvent: (event) => {
      if (event.type === 'creating') emit({ type: 'output', text: event.raw });
    },
  });
  return exec.ok ? undefined : exec.error;
}

/** After a stop, how long the schema dump may wait (for a lock another session holds) before it is given up. */
const DUMP_AFTER_STOP_MS = 10_000;

/**
 * One `dbmate dump` for the whole batch (steps run with --no-dump-schema), unless the project
 * turned dumps off. After a stop the user asked for, the dump is bounded: pg_dump waits for
 * every table's lock, and the user stopped the run to get their terminal back, not to wait on
 * another session. A dump given up is stopped on the server too (it carries the run's tag).
 */
async function dumpSchema(
  ctx: RunContext,
  dbmate: Dbmate,
  emit: Emit,
  stopper: RunStopper,
): Promise<{ written: boolean; warning?: string }> {
  if (ctx.config.noDumpSchema) return { written: false };
  let written: string | undefined;
  const giveUp = new AbortController();
  let pid: number | undefined;
  let givingUp: Promise<unknown> | undefined;
  // Given up like a run is stopped: its statement cancelled on the server first, then the tool.
  const timer = stopper.asked
    ? setTimeout(() => {
        givingUp = stopper.stopOther(pid, () => giveUp.abort());
      }, DUMP_AFTER_STOP_MS)
    : undefined;
  const exec = await dbmate.exec('dump', [], {
    signal: giveUp.signal,
    onSpawn: (spawned) => (pid = spawned),
    onEvent: (event) => {
      if (event.type === 'writing') written = event.path;
    },
  });
  clearTimeout(timer);
  await givingUp;
  if (exec.ok) {
    emit({ type: 'schema_written', path: written ?? ctx.config.schemaFile });
    return { written: true };
  }
  if (giveUp.signal.aborted) {
    return {
      written: false,
      warning: `${ctx.config.schemaFile} was not updated: after the stop, the schema dump waited more than ${DUMP_AFTER_STOP_MS / 1000}s (for a lock another session holds?) and was given up. Run \`dbtk dump\` later.`,
    };
  }
  const why =
    !exec.error || exec.error.kind === 'dump_tool_missing'
      ? 'dbmate could not dump the schema (is pg_dump, mysqldump or sqlite3 installed? `dbtk doctor` checks).'
      : exec.error.message;
  return { written: false, warning: `${ctx.config.schemaFile} was not updated: ${why}` };
}
