// The keys of the app's dialogs: the run confirmation (typed for production), a run in
// progress and its outcome, the help, the preview, the name prompt of `n` without the
// wizard, and the confirmation of a mark (`M`).

import { migrationNameProblem } from '../../core/migrations/name.js';
import { serializeError } from '../../core/shared/errors.js';
import type { ScopeHandlers } from '../keys/bindings.js';
import type { CursorMove } from '../model/list-cursor.js';
import { confirmRiskRows } from '../app-layout.js';
import { confirmHeading } from '../model/run-lines.js';
import { outcomeError } from '../model/shown-error.js';
import { moveHandlers, notify, scrollAfter, type ActionContext } from './action-context.js';
import { editSelected, selectCreated } from './selected-migration.js';
import { cancelMark, confirmMark } from './mark-migration.js';
import { closeMigrationTest } from './migration-test.js';

type DialogScope =
  'confirm' | 'confirm.typed' | 'running' | 'outcome' | 'help' | 'preview' | 'migration-test' | 'name-prompt' | 'mark' | 'mark.typed';

export function dialogHandlers(ctx: ActionContext): ScopeHandlers<DialogScope> {
  const { state, dispatch, run, body, lineCounts } = ctx;
  const cancelRun = () => {
    run.close();
    notify(ctx, { tone: 'info', text: 'Cancelled. Nothing was run.' });
  };
  const scrollRun = (rowsAroundPane: number) => (move: CursorMove) =>
    run.scrollTo(scrollAfter(run.state.scroll, move, lineCounts.run, body - rowsAroundPane));
  const scrollOverlay = (type: 'help' | 'preview' | 'migration-test') => (move: CursorMove) => {
    const overlay = state.overlay;
    if (overlay?.type !== type) return;
    const scroll = scrollAfter(overlay.scroll, move, lineCounts[type === 'migration-test' ? 'migrationTest' : type], body - 1);
    dispatch({ type: 'overlay', overlay: { ...overlay, scroll } });
  };
  const closeOverlay = () => dispatch({ type: 'overlay', overlay: null });
  // Rows of the confirmation that show no plan line: the wrapped heading, the risk, the pane's
  // title and the question (two rows with a message or a typed name), as ConfirmRun lays them out.
  const aroundConfirm = () => {
    const { plan, changed, answerError, risk } = run.state;
    const heading = plan ? confirmHeading(plan, ctx.project.config.connectionName, ctx.size.columns, changed).length : 1;
    const footer = ctx.project.config.production || answerError ? 2 : 1;
    return heading + confirmRiskRows(risk, body) + 1 + footer;
  };
  return {
    confirm: {
      ...moveHandlers((move) => scrollRun(aroundConfirm())(move)),
      yes: () => run.confirm(),
      no: cancelRun,
      try: () => run.tryOnCopy(),
    },
    'confirm.typed': { submit: () => run.confirm(), no: cancelRun, try: () => run.tryOnCopy() },
    running: { interrupt: () => run.interrupt() },
    outcome: {
      ...moveHandlers(scrollRun(1)),
      dismiss: () => run.close(),
      details: () => run.toggleDetail(),
      'copy.error': () => {
        const shown = outcomeError(run.state);
        if (shown) ctx.copyError(shown);
      },
    },
    help: { ...moveHandlers(scrollOverlay('help')), close: closeOverlay, quit: () => ctx.quit() },
    preview: { ...moveHandlers(scrollOverlay('preview')), close: closeOverlay, edit: () => editSelected(ctx) },
    'migration-test': { ...moveHandlers(scrollOverlay('migration-test')), close: () => closeMigrationTest(ctx) },
    'name-prompt': { submit: () => void createBlankMigration(ctx), close: closeOverlay },
    mark: { yes: () => void confirmMark(ctx), no: () => cancelMark(ctx) },
    'mark.typed': { submit: () => void confirmMark(ctx), no: () => cancelMark(ctx) },
  };
}

/** `n` without the wizard: a blank migration from a validated name, through dbmate. */
async function createBlankMigration(ctx: ActionContext): Promise<void> {
  const { state, dispatch } = ctx;
  if (state.overlay?.type !== 'name-prompt' || state.overlay.busy) return;
  const name = state.overlay.value.trim();
  const problem = migrationNameProblem(name);
  if (problem) {
    dispatch({ type: 'overlay', overlay: { ...state.overlay, error: problem } });
    return;
  }
  dispatch({ type: 'overlay', overlay: { ...state.overlay, busy: true } });
  try {
    const created = await (await ctx.project.dbmate()).newMigration(name);
    selectCreated(ctx, created.file);
    notify(ctx, { tone: 'success', text: `Created ${created.file}. e edits it.` });
    await ctx.data.refresh();
  } catch (error) {
    const failure = serializeError(error);
    dispatch({
      type: 'overlay',
      overlay: {
        type: 'name-prompt',
        value: name,
        busy: false,
        error: failure.hint ? `${failure.message} ${failure.hint}` : failure.message,
      },
    });
  }
}
