// The state of one `u` (run pending) or `d` (roll back) from plan to outcome, folded from
// core's RunEvents. Pure: the hook feeds it events, the dialogs render it. The plan shown is
// core's RunPlan itself, the object `y` executes; a risk result names the plan it was made
// for, and one made for an older plan is dropped.

import type { ChecklistItem } from '../../core/project/checklist.js';
import type { SerializedError } from '../../core/shared/errors.js';
import type { Direction, PlannedStep, RunEvent, RunResult } from '../../core/migrations/run.js';
import type { PreviewResult } from '../../core/project/preview.js';
import type { DownDrops, DownVerification } from '../../core/runs/down-drops.js';
import type { DryRunReport } from '../../core/runs/dry-run.js';
import type { RunPlan } from '../../core/runs/types.js';
import { applyTextEdit, type TextEdit } from './text-edit.js';

export type RunPhase = 'idle' | 'planning' | 'confirm' | 'running' | 'done';
type StepState = 'waiting' | 'running' | 'done' | 'failed' | 'not_run';

export interface StepView extends PlannedStep {
  state: StepState;
  durationMs?: number;
}

/** `t` in the confirmation: the plan tried on a throw-away copy of the database. */
export interface DryRunView {
  phase: 'running' | 'done';
  /** The plan it tried (a report for an older plan is dropped). */
  planId: string;
  report?: DryRunReport;
  /** The dry run could not be made at all. */
  error?: SerializedError;
}

export interface RunState {
  phase: RunPhase;
  direction: Direction;
  steps: StepView[];
  /** The plan on screen (from confirmation on): exactly what `y` executes. */
  plan?: RunPlan;
  /** Why this is a new plan: the one confirmed before no longer held, so nothing ran. */
  changed?: string;
  /** Going down: what the plan drops, with live row counts (once read). */
  drops?: DownDrops;
  /** After a rollback: whether its versions and dropped objects are gone. */
  verification?: DownVerification;
  dryRun?: DryRunView;
  /** Risk of the plan, once assessed; `riskError` when it could not be. */
  risk?: PreviewResult;
  riskError?: string;
  /** The pre-run checklist (connection, pending, syntax, backup, disk space) of the plan on screen, once computed. */
  checklist?: ChecklistItem[];
  /** The last lines dbmate printed that were not progress lines. */
  output: string[];
  result?: RunResult;
  /** An error before or around the run (no URL, the run could not start). */
  error?: SerializedError;
  schemaPath?: string;
  interrupting: boolean;
  /** What was typed to confirm a production connection. */
  typed: string;
  /** Said under the question: the name typed did not match, or an answer key came in a paste. */
  answerError?: string;
  scroll: number;
  showDetail: boolean;
  startedAt?: number;
  finishedAt?: number;
}

export type RunAction =
  | { type: 'plan'; direction: Direction }
  /** The confirmed plan no longer holds: working out the new one (nothing ran). */
  | { type: 'replan'; changed: string }
  | { type: 'planned'; plan: RunPlan }
  | { type: 'risk'; planId: string; result?: PreviewResult; error?: string }
  | { type: 'checklist'; planId: string; items: ChecklistItem[] }
  | { type: 'drops'; planId: string; drops: DownDrops }
  | { type: 'dry-start'; planId: string }
  | { type: 'dry-done'; planId: string; report?: DryRunReport; error?: SerializedError }
  | { type: 'verified'; verification: DownVerification }
  | { type: 'start'; at: number }
  | { type: 'event'; event: RunEvent }
  | { type: 'finished'; result: RunResult; at: number }
  | { type: 'crashed'; error: SerializedError; at: number }
  | { type: 'interrupt' }
  | { type: 'type'; edit: TextEdit }
  | { type: 'mismatch'; message: string }
  | { type: 'ignored'; message: string }
  | { type: 'scroll'; to: number }
  | { type: 'toggle-detail' }
  | { type: 'close' };

export const IDLE: RunState = {
  phase: 'idle',
  direction: 'up',
  steps: [],
  output: [],
  interrupting: false,
  typed: '',
  scroll: 0,
  showDetail: false,
};

const MAX_OUTPUT = 200;

function withStep(state: RunState, step: PlannedStep | undefined, index: number, patch: Partial<StepView>): StepView[] {
  const steps = [...state.steps];
  const at = step ? steps.findIndex((s) => s.version === step.version) : index;
  if (at >= 0 && at < steps.length) steps[at] = { ...steps[at], ...patch };
  else if (step) steps.push({ ...step, state: 'waiting', ...patch });
  return steps;
}

function foldEvent(state: RunState, event: RunEvent): RunState {
  switch (event.type) {
    case 'plan':
      return event.steps.length ? { ...state, steps: event.steps.map((s) => ({ ...s, state: 'waiting' })) } : state;
    case 'started':
      return { ...state, steps: withStep(state, event.step, event.index, { state: 'running' }) };
    case 'finished':
      return { ...state, steps: withStep(state, event.step, event.index, { state: 'done', durationMs: event.durationMs }) };
    case 'failed':
      return { ...state, steps: withStep(state, event.step, event.index, { state: 'failed' }) };
    case 'output':
      return { ...state, output: [...state.output, event.text].slice(-MAX_OUTPUT) };
    case 'schema_written':
      return { ...state, schemaPath: event.path };
    case 'done':
      return state;
  }
}

export function runReducer(state: RunState, action: RunAction): RunState {
  switch (action.type) {
    case 'plan':
      return { ...IDLE, phase: 'planning', direction: action.direction };
    case 'replan':
      return { ...IDLE, phase: 'planning', direction: state.direction, changed: action.changed };
    case 'planned':
      return {
        ...state,
        phase: 'confirm',
        plan: action.plan,
        steps: action.plan.steps.map(({ version, name, file }) => ({ version, name, file, state: 'waiting' })),
        risk: undefined,
        riskError: undefined,
        checklist: undefined,
        drops: undefined,
        dryRun: undefined,
        typed: '',
        answerError: undefined,
        scroll: 0,
      };
    case 'risk':
      // A late answer for a plan no longer on screen says nothing about this one.
      return state.phase === 'confirm' && state.plan?.id === action.planId
        ? { ...state, risk: action.result, riskError: action.error }
        : state;
    case 'checklist':
      return state.phase === 'confirm' && state.plan?.id === action.planId ? { ...state, checklist: action.items } : state;
    case 'drops':
      return state.phase === 'confirm' && state.plan?.id === action.planId ? { ...state, drops: action.drops } : state;
    case 'dry-start':
      return state.phase === 'confirm' && state.plan?.id === action.planId
        ? { ...state, dryRun: { phase: 'running', planId: action.planId }, scroll: 0 }
        : state;
    case 'dry-done':
      return state.phase === 'confirm' && state.plan?.id === action.planId
        ? { ...state, dryRun: { phase: 'done', planId: action.planId, report: action.report, error: action.error }, scroll: 0 }
        : state;
    case 'verified':
      return state.phase === 'done' ? { ...state, verification: action.verification } : state;
    case 'start':
      return { ...state, phase: 'running', startedAt: action.at, scroll: 0 };
    case 'event':
      return state.phase === 'running' ? foldEvent(state, action.event) : state;
    case 'finished': {
      const byVersion = new Map(action.result.steps.map((s) => [s.version, s]));
      const steps = state.steps.map((s): StepView => {
        const final = byVersion.get(s.version);
        return final ? { ...s, state: final.status, durationMs: final.durationMs ?? s.durationMs } : s;
      });
      return { ...state, phase: 'done', result: action.result, steps, finishedAt: action.at, scroll: 0, interrupting: false };
    }
    case 'crashed':
      return { ...state, phase: 'done', error: action.error, finishedAt: action.at, scroll: 0, interrupting: false };
    case 'interrupt':
      return state.phase === 'running' ? { ...state, interrupting: true } : state;
    case 'type':
      return state.phase === 'confirm' ? { ...state, typed: applyTextEdit(state.typed, action.edit), answerError: undefined } : state;
    case 'mismatch':
      return { ...state, answerError: action.message, typed: '' };
    case 'ignored':
      return state.phase === 'confirm' ? { ...state, answerError: action.message } : state;
    case 'scroll':
      return { ...state, scroll: Math.max(0, action.to) };
    case 'toggle-detail':
      return { ...state, showDetail: !state.showDetail, scroll: 0 };
    case 'close':
      return IDLE;
  }
}

/** The error the outcome shows, whichever way the run failed. */
export function runError(state: RunState): SerializedError | undefined {
  if (state.error) return state.error;
  const error = state.result?.error;
  if (!error) return undefined;
  // The database's code, line and statement, on errors that carry them.
  const facts = Object.fromEntries(Object.entries(error).filter(([key]) => key === 'code' || key === 'line' || key === 'statement'));
  return { ...facts, kind: error.kind, message: error.message, hint: error.hint, detail: error.detail, file: error.file };
}
