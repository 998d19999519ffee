// A dry run: the plan executed exactly as a real run executes it (the same dbmate, the same
// step engine, the same error classification), but against a throw-away copy of the database
// (core/scratch). Steps run one at a time so that each gets a schema diff of the copy, before
// → after. Nothing touches the real database but reads: no run lock, no history, no schema
// file. The copy is removed however the dry run ends (success, failure, interrupt).

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ProjectConfig } from '../config/config.js';
import { newRunId, runTag, taggedUrl } from '../database/session.js';
import { Dbmate } from '../dbmate/client.js';
import type { PlannedStep } from '../migrations/run.js';
import { compareSchemas } from '../schema/diff.js';
import { describeChange } from '../schema/report.js';
import { createScratchCopy, type ScratchCopy } from '../scratch/scratch.js';
import { dialectOf } from '../shared/dialect.js';
import { DbtkError, isDbtkError, serializeError, type SerializedError } from '../shared/errors.js';
import { readApplied, type AppliedSnapshot } from './applied.js';
import { runDownPlan } from './run-down.js';
import { RunStopper } from './run-stop.js';
import { runUpPlan, type StepsOutcome } from './run-up.js';
import type { RunContext, RunPlan } from './types.js';

export interface DryRunOptions {
  /** Copy the data too (PostgreSQL, MySQL/MariaDB); SQLite copies are whole files anyway. */
  withData?: boolean;
  signal?: AbortSignal;
  onEvent?: (event: DryRunEvent) => void;
}

interface DryRunCopy {
  kind: ScratchCopy['kind'];
  label: string;
  withData: boolean;
  sizeBytes?: number;
  /** The copy is gone again (false: `removeError` says what is left and how to remove it). */
  removed: boolean;
  removeError?: string;
}

interface DryRunSchemaChange {
  /** `+ added table notes: 2 columns` (schema/report.ts's describeChange). */
  text: string;
  change: 'added' | 'removed' | 'changed';
  kind: string;
  name: string;
  table?: string;
}

interface DryRunStep extends PlannedStep {
  status: 'done' | 'failed' | 'not_run';
  durationMs?: number;
  /** Classified exactly as the real run classifies it. */
  error?: SerializedError;
  /** The copy's schema before → after this step (undefined when it could not be dumped). */
  schema?: { changes: DryRunSchemaChange[]; added: number; removed: number };
}

export type DryRunEvent =
  | { type: 'copying' }
  | { type: 'copied'; copy: Omit<DryRunCopy, 'removed' | 'removeError'> }
  | { type: 'started'; index: number; total: number; step: PlannedStep }
  | { type: 'finished'; index: number; total: number; step: DryRunStep }
  | { type: 'removed'; copy: DryRunCopy };

export interface DryRunReport {
  direction: RunPlan['direction'];
  planId: string;
  /** Every step succeeded on the copy. */
  ok: boolean;
  interrupted: boolean;
  /** The real database (never changed). */
  database: string;
  copy?: DryRunCopy;
  steps: DryRunStep[];
  /** Why the dry run stopped before or between steps (the copy could not be made…). */
  error?: SerializedError;
  warnings: string[];
}

export async function dryRunPlan(ctx: RunContext, plan: RunPlan, options: DryRunOptions = {}): Promise<DryRunReport> {
  const emit = options.onEvent ?? (() => undefined);
  const report: DryRunReport = {
    direction: plan.direction,
    planId: plan.id,
    ok: false,
    interrupted: false,
    database: plan.database.label,
    steps: plan.steps.map(({ version, name, file }) => ({ version, name, file, status: 'not_run' })),
    warnings: [],
  };
  let copy: ScratchCopy | undefined;
  let dir: string | undefined;
  try {
    emit({ type: 'copying' });
    copy = await createScratchCopy(ctx.config, ctx.runner, { withData: options.withData, signal: options.signal });
    const shown = { kind: copy.kind, label: copy.label, withData: copy.withData, sizeBytes: copy.sizeBytes };
    report.copy = { ...shown, removed: false };
    emit({ type: 'copied', copy: shown });
    dir = await mkdtemp(path.join(os.tmpdir(), 'dbtk-dry-run-'));
    await runSteps(ctx, plan, copy, dir, report, options);
  } catch (error) {
    report.error = serializeError(error);
    if (isDbtkError(error, 'interrupted')) report.interrupted = true;
  } finally {
    if (copy) {
      const removal = await copy.dispose();
      report.copy = { ...report.copy!, removed: removal.removed, removeError: removal.error };
      emit({ type: 'removed', copy: report.copy });
    }
    if (dir) await rm(dir, { recursive: true, force: true });
  }
  report.ok = !report.error && !report.interrupted && report.steps.every((s) => s.status === 'done');
  return report;
}

/** The copy's project: its URL, a schema file in a private folder, no schema dumps by dbmate, no history. */
export function scratchContext(
  ctx: RunContext,
  dbmate: Dbmate,
  copy: ScratchCopy,
  dir: string,
  tag: string,
): RunContext & { dbmateNow: Dbmate } {
  const config: ProjectConfig = {
    ...ctx.config,
    url: copy.url,
    shadowUrl: undefined,
    schemaFile: path.join(dir, 'schema.sql'),
    noDumpSchema: true,
    stateDir: dir,
    wait: false,
  };
  // Tagged like a real run's, so that a stop cancels the copy's work on the server too.
  const scratchDbmate = new Dbmate(dbmate.binary, { ...config, url: taggedUrl(copy.url, tag) }, ctx.runner);
  return {
    config,
    runner: ctx.runner,
    dbmate: () => Promise.resolve(scratchDbmate),
    history: () => {
      throw new DbtkError('unknown', 'A run on a scratch database records no history.');
    },
    dbmateNow: scratchDbmate,
  };
}

/**
 * Runs a plan on a scratch database with the real run's step engine; a stop asked through
 * `signal` cancels the copy's work on the server as it does a real run's (dbmate's URL carries `tag`).
 */
export async function runOnScratch(
  scratch: RunContext,
  plan: RunPlan,
  applied: AppliedSnapshot,
  tag: string,
  signal: AbortSignal | undefined,
): Promise<StepsOutcome> {
  const stopper = new RunStopper({ url: scratch.config.url!, driver: scratch.config.driver }, tag, signal);
  try {
    return plan.direction === 'up'
      ? await runUpPlan(scratch, plan, applied, () => undefined, stopper)
      : await runDownPlan(scratch, plan, applied, () => undefined, stopper);
  } finally {
    await stopper.settled();
    stopper.dispose();
  }
}

async function runSteps(ctx: RunContext, plan: RunPlan, copy: ScratchCopy, dir: string, report: DryRunReport, options: DryRunOptions) {
  const tag = runTag(newRunId());
  const scratch = scratchContext(ctx, await ctx.dbmate(), copy, dir, tag);
  const dialect = dialectOf(copy.url, ctx.config.driver);
  let before = await dumpSchema(scratch.dbmateNow, dir, report, options.signal);
  let applied = await readApplied(scratch);
  for (const [index, planned] of plan.steps.entries()) {
    if (options.signal?.aborted) {
      report.interrupted = true;
      report.error = serializeError(new DbtkError('interrupted', `Stopped before ${planned.file} ran on the copy.`));
      return;
    }
    const { version, name, file } = planned;
    options.onEvent?.({ type: 'started', index, total: plan.steps.length, step: { version, name, file } });
    const single: RunPlan = {
      ...plan,
      steps: [planned],
      request: plan.request.direction === 'up' ? { ...plan.request, only: [version] } : { ...plan.request, steps: 1, toVersion: undefined },
    };
    const startedAt = Date.now();
    const outcome = await runOnScratch(scratch, single, applied, tag, options.signal);
    const ran = outcome.steps.find((s) => s.version === version);
    const step: DryRunStep = report.steps[index];
    step.status = ran?.status === 'done' && !outcome.error ? 'done' : 'failed';
    step.durationMs = ran?.durationMs ?? Date.now() - startedAt;
    if (outcome.error) step.error = serializeError(outcome.error);
    const after = await dumpSchema(scratch.dbmateNow, dir, report, options.signal);
    if (before !== undefined && after !== undefined) {
      const diff = compareSchemas({ expected: before, actual: after, dialect, migrationsTable: ctx.config.migrationsTable });
      step.schema = {
        changes: diff.changes.map((c) => ({ text: describeChange(c), change: c.change, kind: c.kind, name: c.name, table: c.table })),
        added: diff.stats.added,
        removed: diff.stats.removed,
      };
    }
    options.onEvent?.({ type: 'finished', index, total: plan.steps.length, step });
    if (outcome.interrupted) {
      report.interrupted = true;
      return;
    }
    if (outcome.error) return;
    before = after;
    applied = await readApplied(scratch);
  }
}

/** The copy's schema as dbmate dumps it (into the private folder), or undefined with a warning. */
async function dumpSchema(dbmate: Dbmate, dir: string, report: DryRunReport, signal?: AbortSignal): Promise<string | undefined> {
  const schemaFile = path.join(dir, 'schema.sql');
  try {
    await dbmate.dump({ schemaFile, signal });
    return await readFile(schemaFile, 'utf8');
  } catch (error) {
    const warning = `The copy's schema could not be dumped, so no schema diff is shown: ${serializeError(error).message}`;
    if (!report.warnings.includes(warning)) report.warnings.push(warning);
    return undefined;
  }
}
