// What the app does with one migration: edit the selected one (`e`), preview it (`p`), and
// select one just created.

import { serializeError } from '../../core/shared/errors.js';
import { assessRisk } from '../data/assess-risk.js';
import { notify, type ActionContext } from './action-context.js';

/** `e`: the selected migration's file in the editor, then a reload for what changed. */
export function editSelected(ctx: ActionContext): void {
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
        notify(ctx, { tone: 'error', text: failure.message, hint: failure.hint, error: failure, action: `editing ${file}` });
      },
    )
    .finally(() => void ctx.data.refresh());
}

/** `p`: statements and risk of the selected migration (its down section when applied). */
export function previewSelected(ctx: ActionContext): void {
  const row = ctx.vm.selected;
  if (!row?.migration) return;
  const direction = row.status === 'applied' || row.status === 'missing' ? 'down' : 'up';
  const file = row.key;
  ctx.dispatch({ type: 'overlay', overlay: { type: 'preview', file, direction, scroll: 0 } });
  assessRisk(ctx.project, [row.migration], direction).then(
    (result) => ctx.dispatch({ type: 'preview-loaded', file, result }),
    (error: unknown) => ctx.dispatch({ type: 'preview-loaded', file, error: serializeError(error).message }),
  );
}

/** Shows a new migration selected in the full list (the next load brings its row). */
export function selectCreated(ctx: Pick<ActionContext, 'dispatch' | 'state'>, file: string): void {
  ctx.dispatch({
    type: 'migrations',
    patch: { cursor: { ...ctx.state.migrations.cursor, key: file }, filter: 'all', query: '', detailOpen: false },
  });
  ctx.dispatch({ type: 'screen', screen: 'migrations' });
}
