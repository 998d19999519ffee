// Executes a plan exactly: takes the database's run lock, checks under it that the plan still
// holds, runs the steps (with each step's outcome read back from the database), dumps the
// schema once at the end (also after a failure or an interrupt, so the schema file matches
// what is now true), records history and only then releases the lock.

import type { RunLock } from '../database/lock.js';
import type { Dbmate } from '../dbmate/client.js';
import { historyContext, RunRecorder } from '../history/record.js';
import type { RunEvent, RunResult } from '../migrations/run.js';
import { DbtkError } from '../shared/errors.js';
import type { Emit } from './ledger.js';
import { backupBeforeRun } from './backup-before-run.js';
import { requireUrl } from './plan.js';
import { ensurePlanHolds } from './recheck.js';
import { runDownPlan } from './run-down.js';
import { takeRunLock } from './run-lock.js';
import { runUpPlan } from './run-up.js';
import type { ExecuteOptions, RunContext, RunPlan } from './types.js';

export async function executePlan(ctx: RunContext, plan: RunPlan, options: ExecuteOptions = {}): Promise<RunResult> {
  requireUrl(ctx, plan.direction);
  const dbmate = await ctx.dbmate();
  const recorder = new RunRecorder(ctx.history(), historyContext(ctx.config, dbmate.binary.version), ctx.config.migrationsDirs);
  const emit: Emit = (event: RunEvent) => {
    recorder.onEvent(event);
    options.onEvent?.(event);
  };
  let lock: RunLock | undefined;
  let flushed = false;
  try {
    stopIfAsked(options.signal);
    const createsDatabase = plan.request.direction === 'up' && plan.request.command === 'up';
    lock = await takeRunLock(ctx, lockCommand(plan), options, createsDatabase ? () => createDatabase(dbmate, emit) : undefined);
    stopIfAsked(options.signal);
    const before = await ensurePlanHolds(ctx, plan);
    // The backup the settings ask for, under the lock and before the first step (throws: nothing applied).
    const backup = await backupBeforeRun(ctx, plan, options);
    if ('id' in backup) recorder.linkBackup(backup.id);
    stopIfAsked(options.signal);
    const outcome =
      plan.direction === 'up'
        ? await runUpPlan(ctx, plan, before, emit, options.signal)
        : await runDownPlan(ctx, plan, before, emit, options.signal);
    const dump = outcome.dumpDue ? await dumpSchema(ctx, dbmate, emit) : { written: false };
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
      notes: outcome.notes,
      backup,
    };
    flushed = true;
    result.historyWarning = await recorder.flush();
    // Held back until history is written, so listeners see the result with its history warning.
    options.onEvent?.({ type: 'done', result });
    return result;
  } finally {
    if (!flushed) await recorder.flush().catch(() => undefined);
    await lock?.release().catch(() => undefined);
  }
}

function stopIfAsked(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new DbtkError('interrupted', 'Stopped before anything ran; nothing was changed.');
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

/** One `dbmate dump` for the whole batch (steps run with --no-dump-schema), unless the project turned dumps off. */
async function dumpSchema(ctx: RunContext, dbmate: Dbmate, emit: Emit): Promise<{ written: boolean; warning?: string }> {
  if (ctx.config.noDumpSchema) return { written: false };
  let written: string | undefined;
  const exec = await dbmate.exec('dump', [], {
    onEvent: (event) => {
      if (event.type === 'writing') written = event.path;
    },
  });
  if (exec.ok) {
    emit({ type: 'schema_written', path: written ?? ctx.config.schemaFile });
    return { written: true };
  }
  const why =
    !exec.error || exec.error.kind === 'dump_tool_missing'
      ? 'dbmate could not dump the schema (is pg_dump, mysqldump or sqlite3 installed? `dbtk doctor` checks).'
      : exec.error.message;
  return { written: false, warning: `${ctx.config.schemaFile} was not updated: ${why}` };
}
