// The steps of a run being executed, and the events that report them. Each step's outcome
// is emitted once, when it is known for sure (read back from the database where possible),
// so history, which records these events, never says `failed` for a step that committed.

import type { Direction, PlannedStep, RunEvent, RunStep } from '../migrations/run.js';
import { DbtkError, serializeError } from '../shared/errors.js';

export type Emit = (event: RunEvent) => void;

export class StepLedger {
  readonly steps: RunStep[];
  // Indexed: a batch of thousands would otherwise search the list twice per migration.
  private readonly index = new Map<string, number>();

  constructor(
    readonly direction: Direction,
    planned: readonly PlannedStep[],
    private readonly emit: Emit,
  ) {
    this.steps = planned.map(({ version, name, file }) => ({ version, name, file, direction, status: 'not_run' }));
    this.steps.forEach((step, i) => this.index.set(step.version, i));
    emit({ type: 'plan', direction, steps: this.steps.map(({ version, name, file }) => ({ version, name, file })) });
  }

  get total(): number {
    return this.steps.length;
  }

  /** The step of `version`; one dbmate ran that was not planned is added (and said). */
  stepFor(version: string, file: string, name: string): RunStep {
    let at = this.index.get(version);
    if (at === undefined) {
      at = this.steps.push({ version, name, file, direction: this.direction, status: 'not_run' }) - 1;
      this.index.set(version, at);
    }
    return this.steps[at];
  }

  start(step: RunStep): void {
    step.startedAt = new Date().toISOString();
    this.emit({
      type: 'started',
      direction: this.direction,
      index: this.indexOf(step),
      total: this.total,
      step,
      startedAt: step.startedAt,
    });
  }

  finish(step: RunStep, durationMs?: number): void {
    if (step.status === 'done') return;
    step.status = 'done';
    step.durationMs = durationMs;
    step.error = undefined;
    this.emit({ type: 'finished', direction: this.direction, index: this.indexOf(step), total: this.total, step, durationMs });
  }

  /** Marks the step failed (or, without a step, reports the run's failure) and returns the error as shown. */
  fail(step: RunStep | undefined, error: DbtkError, durationMs?: number): DbtkError {
    // A copy keeps what the classifier found (code, line, statement), with the file named.
    const named = step && !error.file ? error.with(`${step.file}: ${error.message}`, { file: step.file }) : error;
    if (step) {
      step.status = 'failed';
      step.durationMs = durationMs;
      step.error = serializeError(named);
    }
    this.emit({
      type: 'failed',
      direction: this.direction,
      index: step ? this.indexOf(step) : -1,
      total: this.total,
      step,
      error: serializeError(named),
      durationMs,
    });
    return named;
  }

  output(text: string): void {
    this.emit({ type: 'output', text });
  }

  private indexOf(step: RunStep): number {
    return this.index.get(step.version) ?? this.steps.indexOf(step);
  }
}
