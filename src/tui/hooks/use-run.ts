// Runs pending migrations (`u`) or rolls back the last one (`d`) through core: plan, confirm,
// run with live events, outcome. The screens only render `state`.

import { useCallback, useEffect, useLayoutEffect, useReducer, useRef } from 'react';
import { isDbtkError, serializeError, type SerializedError } from '../../core/shared/errors.js';
import type { Direction, RunEvent } from '../../core/migrations/run.js';
import type { Project } from '../../core/project/project.js';
import { assessPlan, planDown, planUp } from '../data/load-plan.js';
import { IDLE, runReducer, type RunState } from '../model/run-state.js';
import type { TextEdit } from '../model/text-edit.js';

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
   * Works out what `u` (up) or `d` (down) would run and shows it for confirmation; resolves
   * with a notice instead when there is nothing to run or the plan cannot be made.
   */
  request(direction: Direction): Promise<Notice | undefined>;
  /** `y`, or enter after typing the connection name for a production connection. */
  confirm(): void;
  /** `t`: runs the confirmed plan on a throw-away copy of the database and shows the report; the real run still needs `y`. */
  tryOnCopy(): void;
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

  const request = useCallback(
    async (direction: Direction): Promise<Notice | undefined> => {
      if (latest.current.phase !== 'idle') return undefined;
      dispatch({ type: 'plan', direction });
      try {
        const plan = direction === 'up' ? await planUp(project) : await planDown(project);
        if (plan.steps.length === 0) {
          dispatch({ type: 'close' });
          return { tone: 'info', text: 'Nothing to apply: every migration is applied.' };
        }
        dispatch({ type: 'planned', steps: plan.steps, files: plan.files, note: plan.note });
        if (direction === 'down') {
          // What the rollback deletes, with live row counts: an aid, shown when it arrives.
          project
            .planDown({ steps: plan.steps.length })
            .then((real) => project.previewDrops(real))
            .then(
              (drops) => dispatch({ type: 'drops', drops }),
              () => undefined,
            );
        }
        if (settings.current.assessRisk) {
          assessPlan(project, plan.files, direction).then(
            (result) => dispatch({ type: 'risk', result }),
            (error) => dispatch({ type: 'risk', error: serializeError(error).message }),
          );
        }
        return undefined;
      } catch (error) {
        dispatch({ type: 'close' });
        const problem = serializeError(error);
        if (isDbtkError(error, 'nothing_to_rollback')) return { tone: 'info', text: problem.message, hint: problem.hint };
        const action = direction === 'up' ? 'working out which migrations are pending' : 'working out what to roll back';
        return { tone: 'error', text: problem.message, hint: problem.hint, error: problem, action };
      }
    },
    [project],
  );

  const start = useCallback(async () => {
    const current = latest.current;
    const abort = new AbortController();
    controller.current = abort;
    dispatch({ type: 'start', at: Date.now() });
    const runOptions = { signal: abort.signal, onEvent: (event: RunEvent) => dispatch({ type: 'event', event }) };
    try {
      const result =
        current.direction === 'up'
          ? await project.up(runOptions)
          : await project.rollback(
              current.steps.map(({ version, name, file }) => ({ version, name, file })),
              runOptions,
            );
      dispatch({ type: 'finished', result, at: Date.now() });
      if (current.direction === 'down' && current.drops)
        await project.verifyDown(result, current.drops).then(
          (verification) => dispatch({ type: 'verified', verification }),
          () => undefined,
        );
    } catch (error) {
      dispatch({ type: 'crashed', error: serializeError(error), at: Date.now() });
    } finally {
      controller.current = null;
      settings.current.onFinished();
    }
  }, [project]);

  const dryController = useRef<AbortController | null>(null);
  const tryOnCopy = useCallback(() => {
    const current = latest.current;
    if (current.phase !== 'confirm' || current.dryRun?.phase === 'running') return;
    const abort = new AbortController();
    dryController.current = abort;
    dispatch({ type: 'dry-start' });
    void (async () => {
      try {
        const plan = current.direction === 'up' ? await project.planUp() : await project.planDown({ steps: current.steps.length });
        const report = await project.dryRun(plan, { signal: abort.signal });
        if (!abort.signal.aborted) dispatch({ type: 'dry-done', report });
      } catch (error) {
        if (!abort.signal.aborted) dispatch({ type: 'dry-done', error: serializeError(error) });
      } finally {
        if (dryController.current === abort) dryController.current = null;
      }
    })();
  }, [project]);

  // A dry run still going when the dialog closes or the app quits is stopped (its copy is removed).
  useEffect(() => () => dryController.current?.abort(), []);

  const confirm = useCallback(() => {
    const current = latest.current;
    if (current.phase !== 'confirm') return;
    // The real run waits for the dry run: both at once would race for the same database.
    if (current.dryRun?.phase === 'running') return;
    if (project.config.production && current.typed.trim() !== project.config.connectionName) {
      dispatch({
        type: 'mismatch',
        message: `That is not "${project.config.connectionName}". Nothing was run; type the name exactly, or esc to cancel.`,
      });
      return;
    }
    void start();
  }, [project, start]);

  return {
    state,
    request,
    confirm,
    tryOnCopy,
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
