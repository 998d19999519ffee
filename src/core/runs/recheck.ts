// Under the run lock, before anything runs: does the plan still hold? Another run may have
// changed the database since the plan was shown (two `down --steps 1` at once), a file may
// have appeared, gone or changed (a branch switch, an editor). Then nothing runs and the
// caller is told `plan_changed`, to plan and confirm again.

import { readFileSync, statSync } from 'node:fs';
import { databaseIdentity } from '../database/identity.js';
import type { ListedMigration } from '../migrations/file.js';
import { DbtkError, isDbtkError } from '../shared/errors.js';
import { sha256 } from '../shared/hash.js';
import type { AppliedSnapshot } from './applied.js';
import { requireUrl, selectDown, selectUp } from './plan.js';
import type { RunContext, RunPlan, RunPlanStep } from './types.js';

const AGAIN = 'Run the command again to see the new plan (nothing was run).';

function planChanged(message: string): DbtkError {
  return new DbtkError('plan_changed', `The plan no longer holds: ${message}. Nothing was run.`, { hint: AGAIN });
}

const list = (names: string[]) => names.join(', ');

/** Throws `plan_changed` when what would run now differs from `plan`; returns the applied versions read. */
export async function ensurePlanHolds(ctx: RunContext, plan: RunPlan): Promise<AppliedSnapshot> {
  const identity = databaseIdentity(requireUrl(ctx, plan.direction), ctx.config.cwd, ctx.config.driver);
  if (identity.key !== plan.database.key) throw planChanged(`it was made for ${plan.database.label}, and this is ${identity.label}`);
  let selected: { steps: ListedMigration[]; applied: AppliedSnapshot; staysApplied: string[] };
  if (plan.request.direction === 'up') {
    const now = await selectUp(ctx, plan.request);
    selected = { steps: now.pending, applied: now.applied, staysApplied: [] };
  } else {
    try {
      const now = await selectDown(ctx, plan.request);
      selected = { steps: now.targets, applied: now.applied, staysApplied: now.staysApplied.map((s) => s.version) };
    } catch (error) {
      // What was possible when planned is refused now: the database or the files changed.
      if (isDbtkError(error, 'nothing_to_rollback') || isDbtkError(error, 'missing_file') || isDbtkError(error, 'usage'))
        throw planChanged(error.message.replace(/\.$/, ''));
      throw error;
    }
  }
  const difference = describeDifference(plan, selected.steps);
  if (difference) throw planChanged(difference);
  const stays = plan.staysApplied.map((s) => s.version);
  if (list(stays) !== list(selected.staysApplied))
    throw planChanged(`the versions that stay applied are now ${list(selected.staysApplied) || 'none'}, not ${list(stays) || 'none'}`);
  for (const step of plan.steps) {
    const changed = fileChange(step);
    if (changed) throw planChanged(`${step.file} ${changed} since the plan was made`);
  }
  return selected.applied;
}

function describeDifference(plan: RunPlan, now: readonly ListedMigration[]): string | undefined {
  const planned = plan.steps.map((s) => s.file);
  const current = now.map((s) => s.file);
  if (list(planned) === list(current)) return undefined;
  if (plan.direction === 'down') {
    if (planned.length === 1 && current.length === 1)
      return `the migration to roll back is now ${current[0]}, not ${planned[0]} (another run changed the database)`;
    return `it would now roll back ${list(current) || 'nothing'}, not ${list(planned)} (another run changed the database or the files)`;
  }
  const plannedSet = new Set(planned);
  const currentSet = new Set(current);
  const added = current.filter((f) => !plannedSet.has(f));
  const gone = planned.filter((f) => !currentSet.has(f));
  const parts = [
    added.length ? `now also pending: ${list(added)}` : '',
    gone.length ? `no longer pending (applied by another run, or the file is gone): ${list(gone)}` : '',
  ].filter(Boolean);
  return parts.length ? parts.join('; ') : 'the pending migrations are now in another order';
}

/** How the step's file differs from when it was planned, if it does. */
function fileChange(step: RunPlanStep): string | undefined {
  let info;
  try {
    info = statSync(step.path);
  } catch {
    return 'is gone';
  }
  if (info.mtimeMs === step.mtimeMs && info.size === step.migration.sizeBytes) return undefined;
  try {
    return sha256(readFileSync(step.path)) === step.migration.checksum ? undefined : 'changed';
  } catch {
    return 'cannot be read';
  }
}
