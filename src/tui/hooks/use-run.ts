// Runs pending migrations (`u`) or rolls back the last one (`d`) through core: core's plan,
// shown for confirmation, then exactly that plan executed, with live events and the outcome.
// When the plan no longer holds at `y` (a file appeared, another run changed the database),
// core refuses before running anything; the new plan is then shown and asked again. The
// screens only render `state`.

import { useCallback, useEffect, useLayoutEffect, useReducer, useRef } from 'react';
import { isDbtkError, serializeError, type SerializedError } from '../../core/shared/errors.js';
import type { Direction, RunEvent } from '../../core/migrations/run.js';
import type { Project } from '../../core/project/project.js';
import type { RunPlan } from '../../core/runs/types.js';
import { assessRisk } from '../data/assess-risk.js';
import { runChecklist } from '../data/run-checklist.js';
import { IDLE, runReducer, type RunState } from '../model/run-state.js';
import type { TextEdit } from '../model/text-edit.js';
import type { PendingWork } from '../pending-work.js';

export interface Notice {
  tone: 'info' | 'success' | 'error';
  text: string;
  hint?: string;
  /** The error behind an error notice: its Detail block is shown, and `y` copies it. */
  error?: SerializedError;
  /** What was being done when it failed (said in the copied report). */
  action?: string;
}

export interface RunHandle {
  state: RunState;
  /**
   * Asks core what `u` (up) or `d` (down) would run and shows that plan for confirmation;
   * resolves with a notice instead when there is nothing to run or the plan cannot be made.
   */
  request(direction: Direction): Promise<Notice | undefined>;
  /** `y`, or enter after typing the connection name for a production connection: runs the plan shown. */
  confirm(): void;
  /** `t`: runs the plan on screen on a throw-away copy of the database and shows the report; the real run still needs `y`. */
  tryOnCopy(): void;
  /** A key that answers the confirmation came with other keys at once (a paste): said, nothing runs. */
  ignoredKey(key: string): void;
  editTyped(edit: TextEdit): void;
  interrupt(): void;
  scrollTo(line: number): void;
  toggleDetail(): void;
  /** Cancels a confirmation or dismisses the outcome (never a run in progress). */
  close(): void;
}

export interface RunOptions {
  /** Assess the plan's risk for the confirmation (the risk summary is installed). */
  assessRisk: boolean;
  onFinished(): void;
  /** Where runs and dry runs are kept so that a signal to the process stops them properly (run.tsx). */
  pendingWork?: PendingWork;
}

/** `u` applies every pending migration; `d` rolls back one step. */
function planFor(project: Project, direction: Direction): Promise<RunPlan> {
  return direction === 'up' ? project.planUp() : project.planDown({ steps: 1 });
}

export function useRun(project: Project, options: RunOptions): RunHandle {
  const [state, dispatch] = useReducer(runReducer, IDLE);
  const controller = useRef<AbortController | null>(null);
  // What the key handlers and the end of a run read: the latest committed render's, up to
  // date before the keyboard handles the next key (it does so after each commit).
  const latest = useRef(state);
  const settings = useRef(options);
  useLayoutEffect(() => {
    latest.current = state;
    settings.current = options;
  });

  // Leaving the app mid-run stops dbmate cleanly instead of orphaning it.
  useEffect(() => () => controller.current?.abort(), []);

  /** Puts `plan` up for confirmation; its risk result, when it comes, names this plan. */
  const show = useCallback(
    (plan: RunPlan) => {
      dispatch({ type: 'planned', plan });
      // The checklist of this very plan; an aid: when it cannot be made, the plan is confirmed without it.
      runChecklist(project, plan).then(
        (items) => dispatch({ type: 'checklist', planId: plan.id, items }),
        (error: unknown) =>
          dispatch({
            type: 'checklist',
            planId: plan.id,
            items: [{ id: 'connection', status: 'warn', message: `the checks could not run: ${serializeError(error).message}` }],
          }),
      );
      // What the rollback deletes, with live row counts: an aid, shown when it arrives.
      if (plan.direction === 'down')
        project.previewDrops(plan).then(
          (drops) => dispatch({ type: 'drops', planId: plan.id, drops }),
          () => undefined,
        );
      if (!settings.current.assessRisk) return;
      const files = plan.steps.map((step) => step.migration);
      assessRisk(project, files, plan.direction).then(
        (result) => dispatch({ type: 'risk', planId: plan.id, result }),
        (error: unknown) => dispatch({ type: 'risk', planId: plan.id, error: serializeError(error).message }),
      );
    },
    [project],
  );

  const request = useCallback(
    async (direction: Direction): Promise<Notice | undefined> => {
      if (latest.current.phase !== 'idle') return undefined;
      dispatch({ type: 'plan', direction });
      try {
        const plan = await planFor(project, direction);
        if (plan.steps.length === 0) {
          dispatch({ type: 'close' });
          return { tone: 'info', text: 'Nothing to apply: every migration is applied.' };
        }
        show(plan);
        return undefined;
      } catch (error) {
        dispatch({ type: 'close' });
        const problem = serializeError(error);
        if (isDbtkError(error, 'nothing_to_rollback')) return { tone: 'info', text: problem.message, hint: problem.hint };
        const action = direction === 'up' ? 'working out which migrations are pending' : 'working out what to roll back';
        return { tone: 'error', text: problem.message, hint: problem.hint, error: problem, action };
      }
    },
    [project, show],
  );

  /** The confirmed plan no longer held, so nothing ran: the new one is shown, asking again. */
  const replan = useCallback(
    async (direction: Direction, changed: SerializedError) => {
      dispatch({ type: 'replan', changed: changed.message });
      try {
        const plan = await planFor(project, direction);
        if (plan.steps.length > 0) return show(plan);
        const hint = direction === 'up' ? 'Nothing is pending now.' : 'Nothing is left to roll back now.';
        dispatch({ type: 'crashed', error: { ...changed, hint }, at: Date.now() });
      } catch (error) {
        // What the plan would be now is itself refused (nothing left to roll back, a missing file…).
        dispatch({ type: 'crashed', error: serializeError(error), at: Date.now() });
      }
    },
    [project, show],
  );

  const start = useCallback(
    async (plan: RunPlan) => {
      const abort = new AbortController();
      controller.current = abort;
      dispatch({ type: 'start', at: Date.now() });
      try {
        const running = project.execute(plan, {
          signal: abort.signal,
          onEvent: (event: RunEvent) => dispatch({ type: 'event', event }),
        });
        settings.current.pendingWork?.track(abort, running);
        const result = await running;
        dispatch({ type: 'finished', result, at: Date.now() });
        const drops = latest.current.drops;
        if (plan.direction === 'down' && drops)
          await project.verifyDown(result, drops).then(
            (verification) => dispatch({ type: 'verified', verification }),
            () => undefined,
          );
      } catch (error) {
        if (isDbtkError(error, 'plan_changed') && !abort.signal.aborted) await replan(plan.direction, serializeError(error));
        else dispatch({ type: 'crashed', error: serializeError(error), at: Date.now() });
      } finally {
        controller.current = null;
        settings.current.onFinished();
      }
    },
    [project, replan],
  );

  const dryController = useRef<AbortController | null>(null);
  // A dry run still going when the app quits is stopped (its copy is removed).
  useEffect(() => () => dryController.current?.abort(), []);

  const tryOnCopy = useCallback(() => {
    const current = latest.current;
    const plan = current.plan;
    if (current.phase !== 'confirm' || !plan || current.dryRun?.phase === 'running') return;
    const abort = new AbortController();
    dryController.current = abort;
    dispatch({ type: 'dry-start', planId: plan.id });
    const dryRun = project.dryRun(plan, { signal: abort.signal });
    settings.current.pendingWork?.track(abort, dryRun);
    dryRun.then(
      (report) => dispatch({ type: 'dry-done', planId: plan.id, report }),
      (error: unknown) => dispatch({ type: 'dry-done', planId: plan.id, error: serializeError(error) }),
    );
  }, [project]);

  const confirm = useCallback(() => {
    const current = latest.current;
    if (current.phase !== 'confirm' || !current.plan) return;
    // The real run waits for the dry run: both at once would race for the same database.
    if (current.dryRun?.phase === 'running') return;
    if (project.config.production && current.typed.trim() !== project.config.connectionName) {
      dispatch({
        type: 'mismatch',
        message: `That is not "${project.config.connectionName}". Nothing was run; type the name exactly, or esc to cancel.`,
      });
      return;
    }
    void start(current.plan);
  }, [project, start]);

  return {
    state,
    request,
    confirm,
    tryOnCopy,
    ignoredKey: useCallback((key: string) => {
      dispatch({
        type: 'ignored',
        // Short enough for one row at 60 columns: nothing ran, and what to do.
        message: `${key} arrived with other keys (a paste?): press it alone.`,
      });
    }, []),
    editTyped: useCallback((edit: TextEdit) => dispatch({ type: 'type', edit }), []),
    interrupt: useCallback(() => {
      controller.current?.abort();
      dispatch({ type: 'interrupt' });
    }, []),
    scrollTo: useCallback((line: number) => dispatch({ type: 'scroll', to: line }), []),
    toggleDetail: useCallback(() => dispatch({ type: 'toggle-detail' }), []),
    close: useCallback(() => {
      if (latest.current.phase === 'running') return;
      dryController.current?.abort();
      dispatch({ type: 'close' });
    }, []),
  };
}
