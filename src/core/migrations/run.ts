// Runs migrations up or down as a batch and reports each step as a typed event. One dbmate
// process applies all pending migrations (fast, as dbmate does it); rolling back N steps is
// N dbmate rollbacks (dbmate has no count), stopping at the first failure.

import type { Dbmate } from '../dbmate/client.js';
import type { DbmateOutputEvent } from '../dbmate/output.js';
import { DbtkError, serializeError, type SerializedError } from '../shared/errors.js';
import { compareVersion } from './status.js';

export type Direction = 'up' | 'down';

export interface PlannedStep {
  version: string;
  name: string;
  file: string;
}

interface RunStep extends PlannedStep {
  direction: Direction;
  status: 'done' | 'failed' | 'not_run';
  startedAt?: string;
  durationMs?: number;
  error?: SerializedError;
}

export type RunEvent =
  | { type: 'plan'; direction: Direction; steps: PlannedStep[] }
  | { type: 'started'; direction: Direction; index: number; total: number; step: PlannedStep; startedAt: string }
  | { type: 'finished'; direction: Direction; index: number; total: number; step: PlannedStep; durationMs?: number }
  | { type: 'failed'; direction: Direction; index: number; total: number; step?: PlannedStep; error: SerializedError; durationMs?: number }
  | { type: 'output'; text: string }
  | { type: 'schema_written'; path: string }
  | { type: 'done'; result: RunResult };

export interface RunResult {
  direction: Direction;
  ok: boolean;
  interrupted: boolean;
  steps: RunStep[];
  error?: DbtkError;
  schemaWritten: boolean;
  /** Set when the schema file should have been written and was not. */
  schemaWarning?: string;
  /** Set when the run's history could not be recorded (the run itself went ahead). */
  historyWarning?: string;
  raw: string;
}

export interface RunOptions {
  signal?: AbortSignal;
  onEvent?: (event: RunEvent) => void;
}

export interface UpOptions extends RunOptions {
  /** The pending migrations, in order (from status), to announce a plan and a total. */
  pending: PlannedStep[];
  strict?: boolean;
  /** `migrate` does not create the database; `up` does. */
  command?: 'up' | 'migrate';
  verbose?: boolean;
}

/** Applies all pending migrations with one dbmate process. */
export async function runUp(dbmate: Dbmate, options: UpOptions): Promise<RunResult> {
  const emit = options.onEvent ?? (() => undefined);
  const plan = options.pending;
  const total = plan.length;
  emit({ type: 'plan', direction: 'up', steps: plan });
  const steps: RunStep[] = plan.map((s) => ({ ...s, direction: 'up', status: 'not_run' }));
  // Indexed: a batch of thousands would otherwise search the list twice per migration.
  const stepIndex = new Map(steps.map((s, i) => [s.version, i]));
  const stepFor = (version: string, file: string, name: string): RunStep => {
    let index = stepIndex.get(version);
    if (index === undefined) {
      index = steps.push({ version, name, file, direction: 'up', status: 'not_run' }) - 1;
      stepIndex.set(version, index);
    }
    return steps[index];
  };
  // dbmate prints `Applied:` even for a migration that then failed, so a step is only
  // finished once the next line (or a clean exit) confirms it.
  let unconfirmed: { step: RunStep; durationMs?: number } | undefined;
  let running: RunStep | undefined;
  let schemaWritten = false;
  const confirm = () => {
    if (!unconfirmed) return;
    unconfirmed.step.status = 'done';
    unconfirmed.step.durationMs = unconfirmed.durationMs;
    emit({
      type: 'finished',
      direction: 'up',
      index: steps.indexOf(unconfirmed.step),
      total,
      step: unconfirmed.step,
      durationMs: unconfirmed.durationMs,
    });
    unconfirmed = undefined;
    running = undefined;
  };
  const onEvent = (event: DbmateOutputEvent) => {
    if (event.type === 'applying') {
      confirm();
      running = stepFor(event.version, event.file, event.name);
      running.startedAt = new Date().toISOString();
      emit({
        type: 'started',
        direction: 'up',
        index: stepIndex.get(running.version)!,
        total,
        step: running,
        startedAt: running.startedAt,
      });
    } else if (event.type === 'applied') {
      unconfirmed = { step: stepFor(event.version, event.file, event.name), durationMs: event.durationMs };
    } else if (event.type === 'writing') {
      confirm();
      schemaWritten = true;
      emit({ type: 'schema_written', path: event.path });
    } else if (event.type === 'output' || event.type === 'creating' || event.type === 'rows_affected') {
      emit({ type: 'output', text: event.raw });
    }
  };
  const args = [...(options.strict ? ['--strict'] : []), ...(options.verbose ? ['--verbose'] : [])];
  const exec = await dbmate.exec(options.command ?? 'up', args, { signal: options.signal, onEvent });
  if (exec.ok) confirm();
  const failedStep = exec.ok ? undefined : (unconfirmed?.step ?? running);
  // dbmate's own time for a migration it printed `Applied:` for and that then failed.
  if (failedStep && unconfirmed?.step === failedStep) failedStep.durationMs = unconfirmed.durationMs;
  return finish(dbmate, 'up', steps, exec.ok ? undefined : exec.error, failedStep, exec.aborted, schemaWritten, exec.raw, emit);
}

/** Which applied migrations a rollback of N steps, or to a version, undoes (newest first). */
export function planRollback(applied: PlannedStep[], options: { steps?: number; toVersion?: string }): PlannedStep[] {
  const newestFirst = [...applied].sort((a, b) => compareVersion(b.version, a.version));
  if (options.toVersion !== undefined) {
    const target = options.toVersion;
    if (!/^\d+$/.test(target))
      throw new DbtkError('usage', `"${target}" is not a migration version.`, {
        hint: 'Versions are the digits at the start of the file name.',
      });
    if (target !== '0' && !applied.some((s) => s.version === target)) {
      throw new DbtkError('usage', `Version ${target} is not applied, so there is nothing to roll back to.`, {
        hint: 'Run `dbtk status` to see applied versions (use --to 0 to roll back everything).',
      });
    }
    return newestFirst.filter((s) => compareVersion(s.version, target) > 0);
  }
  const count = options.steps ?? 1;
  if (!Number.isInteger(count) || count < 1) throw new DbtkError('usage', `--steps must be a whole number of at least 1 (got ${count}).`);
  if (newestFirst.length === 0)
    throw new DbtkError('nothing_to_rollback', 'There is nothing to roll back: no migration is applied.', {
      hint: 'Run `dbtk status` to see what is applied.',
    });
  return newestFirst.slice(0, count);
}

/** Rolls back the planned migrations one dbmate call at a time, stopping at the first failure. */
export async function runRollback(dbmate: Dbmate, plan: PlannedStep[], options: RunOptions = {}): Promise<RunResult> {
  const emit = options.onEvent ?? (() => undefined);
  emit({ type: 'plan', direction: 'down', steps: plan });
  const steps: RunStep[] = plan.map((s) => ({ ...s, direction: 'down', status: 'not_run' }));
  const raw: string[] = [];
  let schemaWritten = false;
  for (const [index, step] of steps.entries()) {
    step.startedAt = new Date().toISOString();
    emit({ type: 'started', direction: 'down', index, total: steps.length, step, startedAt: step.startedAt });
    let rolledBack: { version: string; durationMs?: number } | undefined;
    const exec = await dbmate.exec('rollback', [], {
      signal: options.signal,
      onEvent: (event) => {
        if (event.type === 'rolled_back') rolledBack = { version: event.version, durationMs: event.durationMs };
        else if (event.type === 'writing') {
          schemaWritten = true;
          emit({ type: 'schema_written', path: event.path });
        } else if (event.type === 'output') emit({ type: 'output', text: event.raw });
      },
    });
    raw.push(exec.raw);
    if (!exec.ok) return finish(dbmate, 'down', steps, exec.error, step, exec.aborted, schemaWritten, raw.join('\n'), emit);
    if (rolledBack && rolledBack.version !== step.version) {
      // dbmate rolls back the highest applied version; if that is not what we planned, stop.
      const error = new DbtkError('unknown', `dbmate rolled back ${rolledBack.version} instead of ${step.version}; stopping.`, {
        hint: 'Run `dbtk status` and check the migrations table.',
      });
      return finish(dbmate, 'down', steps, error, step, false, schemaWritten, raw.join('\n'), emit);
    }
    step.status = 'done';
    step.durationMs = rolledBack?.durationMs;
    emit({ type: 'finished', direction: 'down', index, total: steps.length, step, durationMs: step.durationMs });
  }
  return finish(dbmate, 'down', steps, undefined, undefined, false, schemaWritten, raw.join('\n'), emit);
}

function finish(
  dbmate: Dbmate,
  direction: Direction,
  steps: RunStep[],
  error: DbtkError | undefined,
  failedStep: RunStep | undefined,
  interrupted: boolean,
  schemaWritten: boolean,
  raw: string,
  emit: (event: RunEvent) => void,
): RunResult {
  if (error) {
    const named = failedStep && !error.file ? error.with(`${failedStep.file}: ${error.message}`, { file: failedStep.file }) : error;
    if (failedStep) {
      failedStep.status = 'failed';
      failedStep.error = serializeError(named);
    }
    emit({
      type: 'failed',
      direction,
      index: failedStep ? steps.indexOf(failedStep) : -1,
      total: steps.length,
      step: failedStep,
      error: serializeError(named),
      durationMs: failedStep?.durationMs,
    });
    error = named;
  }
  const anyDone = steps.some((s) => s.status === 'done');
  const dumpExpected = !dbmate.config.noDumpSchema && anyDone && !error;
  const result: RunResult = {
    direction,
    ok: !error,
    interrupted,
    steps,
    error,
    schemaWritten,
    raw,
    schemaWarning:
      dumpExpected && !schemaWritten
        ? `${dbmate.config.schemaFile} was not updated: dbmate could not dump the schema (is pg_dump, mysqldump or sqlite3 installed? \`dbtk doctor\` checks).`
        : undefined,
  };
  emit({ type: 'done', result });
  return result;
}
