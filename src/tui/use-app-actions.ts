// What each keymap action does in the scope it came from. Actions reach core only through
// the project and the hooks (runs, data); nothing here starts a process.

import type { Dispatch } from 'react';
import { serializeError } from '../core/shared/errors.js';
import { migrationNameProblem } from '../core/migrations/name.js';
import type { Project } from '../core/project/project.js';
import { migrationListRows, timelineListRows, type Features } from './app-layout.js';
import { cycleScreen, type AppAction, type AppState, type ScreenId } from './app-state.js';
import type { Action, Scope } from './keymap.js';
import { assessPlan } from './data/load-plan.js';
import type { ProjectDataHandle } from './hooks/use-project-data.js';
import type { Notice, RunHandle } from './hooks/use-run.js';
import type { ViewModel } from './hooks/use-view-model.js';
import { clampScroll } from './model/lines.js';
import { moveCursor, type CursorMove } from './model/list-cursor.js';
import { nextFilter } from './model/migration-rows.js';
import type { TextEdit } from './model/text-edit.js';
import { migrationsLayout } from './screens/MigrationsScreen.js';

export interface ActionContext {
  project: Project;
  state: AppState;
  dispatch: Dispatch<AppAction>;
  vm: ViewModel;
  run: RunHandle;
  data: ProjectDataHandle;
  features: Features;
  size: { columns: number; rows: number };
  /** Rows of the body (between the tabs and the notice). */
  body: number;
  /** Lines of the open help, preview, run plan or outcome (scrolling stops at the end). */
  lineCounts: { help: number; preview: number; run: number };
  /** Opens a file in the editor with the app suspended. */
  openEditor(path: string): Promise<void>;
  quit(): void;
}

const MOVES = new Set<Action>(['down', 'up', 'top', 'bottom', 'page.down', 'page.up']);
const isMove = (action: Action): action is CursorMove => MOVES.has(action);

/** New first line of a scrolled pane after a move key. */
export function scrollAfter(scroll: number, move: CursorMove, total: number, height: number): number {
  const page = Math.max(1, height - 1);
  const next = { down: scroll + 1, up: scroll - 1, top: 0, bottom: total, 'page.down': scroll + page, 'page.up': scroll - page }[move];
  return clampScroll(next, total, height);
}

/** Scopes whose unbound keys are typed text, and where that text goes. */
export function editText(ctx: Pick<ActionContext, 'dispatch' | 'run'>, scope: Scope, edit: TextEdit): void {
  if (scope === 'migrations.search') ctx.dispatch({ type: 'query-edit', edit });
  else if (scope === 'name-prompt') ctx.dispatch({ type: 'prompt-edit', edit });
  else if (scope === 'confirm.typed') ctx.run.editTyped(edit);
}

const notify = (ctx: ActionContext, notice: Notice | null | undefined) => {
  if (notice) ctx.dispatch({ type: 'notice', notice });
};

export function handleAction(ctx: ActionContext, scope: Scope, action: Action): void {
  const { state, dispatch, vm, run, size, body } = ctx;
  switch (scope) {
    case 'confirm':
    case 'confirm.typed':
      if (action === 'confirm.yes' || action === 'confirm.submit') run.confirm();
      else if (action === 'confirm.no') {
        run.close();
        notify(ctx, { tone: 'info', text: 'Cancelled. Nothing was run.' });
      } else if (isMove(action)) run.scrollTo(scrollAfter(run.state.scroll, action, ctx.lineCounts.run, body - 3));
      return;
    case 'running':
      if (action === 'run.interrupt') run.interrupt();
      return;
    case 'outcome':
      if (action === 'dismiss') run.close();
      else if (action === 'details') run.toggleDetail();
      else if (isMove(action)) run.scrollTo(scrollAfter(run.state.scroll, action, ctx.lineCounts.run, body - 1));
      return;
    case 'help':
      if (action === 'close') dispatch({ type: 'overlay', overlay: null });
      else if (action === 'quit') ctx.quit();
      else if (isMove(action) && state.overlay?.type === 'help') {
        dispatch({
          type: 'overlay',
          overlay: { ...state.overlay, scroll: scrollAfter(state.overlay.scroll, action, ctx.lineCounts.help, body - 1) },
        });
      }
      return;
    case 'preview':
      if (action === 'close') dispatch({ type: 'overlay', overlay: null });
      else if (action === 'edit') edit(ctx);
      else if (isMove(action) && state.overlay?.type === 'preview') {
        dispatch({
          type: 'overlay',
          overlay: { ...state.overlay, scroll: scrollAfter(state.overlay.scroll, action, ctx.lineCounts.preview, body - 1) },
        });
      }
      return;
    case 'name-prompt':
      if (action === 'close') dispatch({ type: 'overlay', overlay: null });
      else if (action === 'submit') void createBlankMigration(ctx);
      return;
    case 'migrations':
    case 'migrations.search':
      return migrationsAction(ctx, action);
    case 'migrations.detail':
      if (action === 'back') dispatch({ type: 'migrations', patch: { detailOpen: false } });
      else if (action === 'edit') edit(ctx);
      else if (isMove(action)) {
        const height = migrationsLayout(size.columns, body, state.migrations).paneHeight - 1;
        dispatch({
          type: 'migrations',
          patch: { detailScroll: scrollAfter(state.migrations.detailScroll, action, vm.detail.length, height) },
        });
      }
      return;
    case 'timeline':
    case 'timeline.detail':
      if (action === 'open') dispatch({ type: 'timeline', patch: { open: vm.entryIndex >= 0 } });
      else if (action === 'back') dispatch({ type: 'timeline', patch: { open: false } });
      else if (isMove(action))
        dispatch({
          type: 'timeline',
          patch: { cursor: moveCursor(state.timeline.cursor, vm.historyKeys, action, timelineListRows(body, vm.historyWarnings)) },
        });
      return;
    case 'dashboard': {
      const count = vm.actions.length;
      if (action === 'down' || action === 'up')
        dispatch({ type: 'dashboard', patch: { selected: (state.dashboard.selected + (action === 'down' ? 1 : count - 1)) % count } });
      else if (action === 'open') {
        const quick = vm.actions[state.dashboard.selected];
        if (quick?.enabled) globalAction(ctx, quick.action);
        else if (quick) notify(ctx, { tone: 'info', text: `${quick.label}: nothing to do.` });
      }
      return;
    }
    case 'global':
    case 'too-small':
      return globalAction(ctx, action);
    case 'schema-diff':
    case 'wizard':
      return;
  }
}

function migrationsAction(ctx: ActionContext, action: Action): void {
  const { state, dispatch, vm, size } = ctx;
  const view = state.migrations;
  if (isMove(action)) {
    const cursor = moveCursor(view.cursor, vm.visibleKeys, action, migrationListRows(state, size.columns, ctx.body));
    dispatch({ type: 'migrations', patch: { cursor, detailScroll: 0 } });
  } else if (action === 'open') dispatch({ type: 'migrations', patch: { detailOpen: vm.selected !== undefined, detailScroll: 0 } });
  else if (action === 'search') dispatch({ type: 'migrations', patch: { searching: true } });
  else if (action === 'search.accept') dispatch({ type: 'migrations', patch: { searching: false } });
  else if (action === 'search.cancel') dispatch({ type: 'migrations', patch: { searching: false, query: '' } });
  else if (action === 'filter') dispatch({ type: 'migrations', patch: { filter: nextFilter(view.filter) } });
  else if (action === 'clear') dispatch({ type: 'migrations', patch: { filter: 'all', query: '' } });
  else if (action === 'edit') edit(ctx);
  else if (action === 'preview') preview(ctx);
  else if (action === 'quit') ctx.quit();
}

function edit(ctx: ActionContext): void {
  const row = ctx.vm.selected;
  if (!row?.path) {
    notify(ctx, { tone: 'error', text: 'This migration has no file on disk to edit.' });
    return;
  }
  const file = row.file ?? row.path;
  ctx
    .openEditor(row.path)
    .then(
      () => notify(ctx, { tone: 'success', text: `Edited ${file}.` }),
      (error: unknown) => {
        const failure = serializeError(error);
        notify(ctx, { tone: 'error', text: failure.message, hint: failure.hint });
      },
    )
    .finally(() => void ctx.data.refresh());
}

/** `p`: statements and risk of the selected migration (its down section when applied). */
function preview(ctx: ActionContext): void {
  const row = ctx.vm.selected;
  if (!row?.migration) return;
  const direction = row.status === 'applied' || row.status === 'missing' ? 'down' : 'up';
  const file = row.key;
  ctx.dispatch({ type: 'overlay', overlay: { type: 'preview', file, direction, scroll: 0 } });
  assessPlan(ctx.project, [row.migration], direction).then(
    (result) => ctx.dispatch({ type: 'preview-loaded', file, result }),
    (error: unknown) => ctx.dispatch({ type: 'preview-loaded', file, error: serializeError(error).message }),
  );
}

function screens(features: Features): ScreenId[] {
  return features.schemaDiff ? ['migrations', 'timeline', 'dashboard', 'schema-diff'] : ['migrations', 'timeline', 'dashboard'];
}

function globalAction(ctx: ActionContext, action: Action): void {
  const { dispatch, state, run, features } = ctx;
  const available = screens(features);
  switch (action) {
    case 'quit':
      return ctx.quit();
    case 'help':
      return dispatch({ type: 'overlay', overlay: { type: 'help', scroll: 0 } });
    case 'refresh':
      notify(ctx, { tone: 'info', text: 'Refreshing…' });
      void ctx.data.refresh().then(() => dispatch({ type: 'notice', notice: null }));
      return;
    case 'screen.next':
      return dispatch({ type: 'screen', screen: cycleScreen(state.screen, 1, available) });
    case 'screen.previous':
      return dispatch({ type: 'screen', screen: cycleScreen(state.screen, -1, available) });
    case 'screen.migrations':
      return dispatch({ type: 'screen', screen: 'migrations' });
    case 'screen.timeline':
      return dispatch({ type: 'screen', screen: 'timeline' });
    case 'screen.dashboard':
      return dispatch({ type: 'screen', screen: 'dashboard' });
    case 'screen.schema-diff':
      return dispatch({ type: 'screen', screen: 'schema-diff' });
    case 'new':
      return dispatch({ type: 'overlay', overlay: features.wizard ? { type: 'wizard' } : { type: 'name-prompt', value: '', busy: false } });
    case 'run.up':
      void run.request('up').then((notice) => notify(ctx, notice));
      return;
    case 'run.down':
      void run.request('down').then((notice) => notify(ctx, notice));
      return;
    default:
      return;
  }
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

/** Shows a new migration selected in the full list (the next load brings its row). */
export function selectCreated(ctx: Pick<ActionContext, 'dispatch' | 'state'>, file: string): void {
  ctx.dispatch({
    type: 'migrations',
    patch: { cursor: { ...ctx.state.migrations.cursor, key: file }, filter: 'all', query: '', detailOpen: false },
  });
  ctx.dispatch({ type: 'screen', screen: 'migrations' });
}
