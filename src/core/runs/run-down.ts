// Rolls back a down plan one `dbmate rollback` at a time (dbmate has no count). Before each
// step dbtk checks that the file dbmate will pick is still the planned one; after each step
// it reads the applied versions back, and stops before the next step if they are not what
// the plan expected. A step whose version is no longer applied is done, even when dbmate was
// interrupted or killed right after committing it.

import { existsSync, readdirSync } from 'node:fs';
import { splitMigrationFileName } from '../dbmate/file-name.js';
import type { RunStep } from '../migrations/run.js';
import { DbtkError } from '../shared/errors.js';
import { readApplied, type AppliedSnapshot } from './applied.js';
import { StepLedger, type Emit } from './ledger.js';
import type { RunStopper } from './run-stop.js';
import { stopError, type StepsOutcome } from './run-up.js';
import type { RunContext, RunPlan, RunPlanStep } from './types.js';

const LOOK = 'Run `dbtk status` to see where things stand, then plan again.';

export async function runDownPlan(
  ctx: RunContext,
  plan: RunPlan,
  before: AppliedSnapshot,
  emit: Emit,
  stopper: RunStopper,
): Promise<StepsOutcome> {
  const ledger = new StepLedger('down', plan.steps, emit);
  const dbmate = await ctx.dbmate();
  const staying = plan.staysApplied.map((s) => s.version).filter((v) => /^\d+$/.test(v));
  let applied = new Set(before.versions);
  const raw: string[] = [];
  const notes: string[] = [];
  let verified = true;
  let error: DbtkError | undefined;
  let interrupted = false;
  for (const [i, planned] of plan.steps.entries()) {
    const step = ledger.steps[i];
    if (stopper.asked) {
      interrupted = true;
      error = new DbtkError('interrupted', `Stopped before rolling back ${step.file}.`, {
        hint: 'Run `dbtk status` to see what is applied.',
      });
      break;
    }
    const drift = targetDrift(ctx, planned, staying);
    if (drift) {
      error = new DbtkError('plan_changed', `Stopped before rolling back ${step.file}: ${drift}.`, { hint: LOOK });
      break;
    }
    ledger.start(step);
    let rolledBack: { version: string; file: string; durationMs?: number } | undefined;
    const exec = await dbmate.exec('rollback', [], {
      signal: stopper.signal,
      onSpawn: stopper.onSpawn,
      noDumpSchema: true,
      onEvent: (event) => {
        if (event.type === 'rolled_back') rolledBack = event;
        else if (event.type === 'output') ledger.output(event.raw);
      },
    });
    raw.push(exec.raw);
    // A stop ends on the server before the database is asked what happened.
    await stopper.settled();
    const after = await readApplied(ctx).catch(() => undefined);
    const gone = after ? !after.versions.has(step.version) : exec.ok && rolledBack?.version === step.version;
    if (gone) ledger.finish(step, rolledBack?.version === step.version ? rolledBack.durationMs : undefined);
    const surprise = after ? describeSurprise(step, applied, after.versions) : undefined;
    if (after) applied = new Set(after.versions);
    else verified = false;
    const execError = stopError(exec, stopper);
    if (execError) {
      interrupted = exec.aborted || stopper.asked;
      error = step.status === 'done' ? execError : ledger.fail(step, execError, durationOf(rolledBack, step));
      if (surprise) notes.push(`Also changed: ${surprise}.`);
      break;
    }
    if (step.status !== 'done') {
      const what = surprise ? `dbmate did not roll it back: ${surprise}` : `dbmate finished, but ${step.version} is still applied`;
      error = ledger.fail(step, new DbtkError('plan_changed', `${what}. Stopped before the next step.`, { hint: LOOK }));
      break;
    }
    if (surprise) {
      error = new DbtkError(
        'plan_changed',
        `After rolling back ${step.file}, the applied versions are not what the plan expected: ${surprise}. Stopped before the next step.`,
        { hint: LOOK },
      );
      break;
    }
    if (!after && i < plan.steps.length - 1) {
      error = new DbtkError(
        'unknown',
        `The applied versions could not be read back after rolling back ${step.file}; stopped before the next step.`,
        {
          hint: LOOK,
        },
      );
      break;
    }
  }
  if (!verified) notes.push('The migrations table could not be read back after every step: some statuses are what dbmate printed.');
  return {
    steps: ledger.steps,
    error,
    interrupted,
    raw: raw.join('\n'),
    verified,
    notes,
    dumpDue: ledger.steps.some((s) => s.startedAt !== undefined),
  };
}

function durationOf(rolledBack: { version: string; durationMs?: number } | undefined, step: RunStep): number | undefined {
  return rolledBack?.version === step.version ? rolledBack.durationMs : undefined;
}

/**
 * Why dbmate would not roll back `step` now, if it would not: its file is gone, or a file has
 * appeared for a version meant to stay applied (dbmate would pick that one instead).
 */
function targetDrift(ctx: RunContext, step: RunPlanStep, staying: readonly string[]): string | undefined {
  if (!existsSync(step.path)) return `its file is gone`;
  if (staying.length === 0) return undefined;
  const stay = new Set(staying);
  for (const dir of ctx.config.migrationsDirs) {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names) {
      const version = splitMigrationFileName(name)?.version;
      if (version && stay.has(version))
        return `a file for ${version} (${name}), which was to stay applied, has appeared, and dbmate would roll that one back instead`;
    }
  }
  return undefined;
}

/** What changed besides the step's own version, in words; undefined when nothing else did. */
function describeSurprise(step: RunStep, before: ReadonlySet<string>, after: ReadonlySet<string>): string | undefined {
  const alsoGone = [...before].filter((v) => v !== step.version && !after.has(v));
  const appeared = [...after].filter((v) => !before.has(v));
  const parts = [
    alsoGone.length ? `${alsoGone.join(', ')} ${alsoGone.length === 1 ? 'was' : 'were'} rolled back` : '',
    appeared.length ? `${appeared.join(', ')} became applied` : '',
  ].filter(Boolean);
  return parts.length ? parts.join(', and ') : undefined;
}
