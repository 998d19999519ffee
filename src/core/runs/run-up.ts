// Applies an up plan with one dbmate process (as fast as dbmate itself), then reads the
// migrations table back: a step whose version is now applied is done, whatever dbmate
// managed to print before it stopped (an interrupted or killed dbmate can commit a step
// without saying so, or say `Applied:` for one that then failed).

import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Dbmate, type DbmateExecResult } from '../dbmate/client.js';
import type { DbmateOutputEvent } from '../dbmate/output.js';
import type { RunStep } from '../migrations/run.js';
import { DbtkError } from '../shared/errors.js';
import { readApplied, type AppliedSnapshot } from './applied.js';
import type { Emit } from './ledger.js';
import { StepLedger } from './ledger.js';
import type { RunStopper } from './run-stop.js';
import type { RunContext, RunPlan, UpRequest } from './types.js';

export interface StepsOutcome {
  steps: RunStep[];
  error?: DbtkError;
  interrupted: boolean;
  raw: string;
  /** Statuses were read back from the database. */
  verified: boolean;
  notes: string[];
  /** dbmate got far enough that the schema may have changed: dump it. */
  dumpDue: boolean;
}

export async function runUpPlan(
  ctx: RunContext,
  plan: RunPlan,
  before: AppliedSnapshot,
  emit: Emit,
  stopper: RunStopper,
): Promise<StepsOutcome> {
  const request = plan.request as UpRequest;
  const ledger = new StepLedger('up', plan.steps, emit);
  if (request.only && plan.steps.length === 0) return { steps: [], interrupted: false, raw: '', verified: true, notes: [], dumpDue: false };
  // dbmate prints `Applied:` even for a migration that then failed, so a step is only
  // finished once the next line (or a clean exit) confirms it.
  let unconfirmed: { step: RunStep; durationMs?: number } | undefined;
  let running: RunStep | undefined;
  const confirm = () => {
    if (unconfirmed) ledger.finish(unconfirmed.step, unconfirmed.durationMs);
    unconfirmed = undefined;
    running = undefined;
  };
  const onEvent = (event: DbmateOutputEvent) => {
    if (event.type === 'applying') {
      confirm();
      running = ledger.stepFor(event.version, event.file, event.name);
      ledger.start(running);
    } else if (event.type === 'applied') {
      unconfirmed = { step: ledger.stepFor(event.version, event.file, event.name), durationMs: event.durationMs };
    } else if (event.type === 'output' || event.type === 'creating' || event.type === 'rows_affected') {
      ledger.output(event.raw);
    }
  };
  const args = [...(request.strict ? ['--strict'] : []), ...(request.verbose ? ['--verbose'] : [])];
  const exec = await withDbmateFor(ctx, plan, (dbmate) =>
    dbmate.exec(request.command, args, { signal: stopper.signal, onSpawn: stopper.onSpawn, onEvent, noDumpSchema: true }),
  );
  if (exec.ok) confirm();
  // A stop ends on the server before the database is asked what happened.
  await stopper.settled();
  const after = await readApplied(ctx).catch(() => undefined);
  const notes: string[] = [];
  if (after) {
    // The database is the truth: every step whose version is now applied is done.
    for (const step of ledger.steps) {
      if (step.status !== 'done' && after.versions.has(step.version))
        ledger.finish(step, unconfirmed?.step === step ? unconfirmed.durationMs : undefined);
    }
    const planned = new Set(ledger.steps.map((s) => s.version));
    const others = [...after.versions].filter((v) => !before.versions.has(v) && !planned.has(v));
    if (others.length) notes.push(`Also applied meanwhile, not by this run: ${others.join(', ')}.`);
  } else {
    notes.push('The migrations table could not be read back after the run: the statuses above are what dbmate printed.');
  }
  const error = stopError(exec, stopper);
  if (!error) return { steps: ledger.steps, interrupted: false, raw: exec.raw, verified: Boolean(after), notes, dumpDue: true };
  const inFlight = [unconfirmed?.step, running].find((step) => step && step.status !== 'done');
  const shown = ledger.fail(inFlight, error, inFlight && unconfirmed?.step === inFlight ? unconfirmed.durationMs : undefined);
  return {
    steps: ledger.steps,
    error: shown,
    interrupted: exec.aborted || stopper.asked,
    raw: exec.raw,
    verified: Boolean(after),
    notes,
    dumpDue: ledger.steps.some((s) => s.startedAt !== undefined),
  };
}

/**
 * dbmate for the plan: the project's, or for a retry of some pending migrations, one shown a
 * temporary folder holding copies of only those files (dbmate applies every pending file it
 * sees and cannot be told to apply one).
 */
async function withDbmateFor(
  ctx: RunContext,
  plan: RunPlan,
  run: (dbmate: Dbmate) => Promise<DbmateExecResult>,
): Promise<DbmateExecResult> {
  const dbmate = await ctx.dbmate();
  if (!(plan.request as UpRequest).only) return run(dbmate);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'dbtk-only-'));
  try {
    for (const step of plan.steps) await copyFile(step.path, path.join(dir, step.file));
    // dbmate's own config: the run's (tagged) URL.
    return await run(new Dbmate(dbmate.binary, { ...dbmate.config, migrationsDirs: [dir] }, ctx.runner));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Why dbmate stopped, if it did not finish; a dbmate killed from outside is said as such, and
 * one that failed because the user's stop cancelled its statement on the server is interrupted.
 */
export function stopError(exec: DbmateExecResult, stopper?: Pick<RunStopper, 'asked'>): DbtkError | undefined {
  if (exec.ok) return undefined;
  const error = exec.error ?? new DbtkError('unknown', `dbmate ${exec.command} failed (exit ${exec.exitCode}).`);
  if (stopper?.asked && error.kind !== 'interrupted')
    return new DbtkError('interrupted', `dbmate ${exec.command} was interrupted.`, {
      hint: 'Run `dbtk status` to see what was applied.',
      detail: [error.message, error.detail].filter(Boolean).join('\n'),
      file: error.file,
    });
  // Killed by a signal dbtk did not send: no `Error:` line, and the runner's exit code 130.
  if (!exec.aborted && exec.exitCode === 130 && error.kind === 'unknown')
    return new DbtkError('unknown', `dbmate ${exec.command} was stopped from outside (killed) before it finished.`, {
      hint: 'The migrations table was read back: steps dbmate committed are reported as done. Run `dbtk status` to check.',
      detail: error.detail,
    });
  return error;
}
