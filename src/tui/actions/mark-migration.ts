// `M` on the migration list, and "save & mark applied" in the wizard: record a migration as
// applied (or forget it) without running its SQL. Core plans it (refusing what cannot be
// marked), the app asks (`y`, or the connection's name typed on production), then core records
// exactly that plan under the run lock.

import type { Dispatch } from 'react';
import type { MarkDirection } from '../../core/project/mark.js';
import type { Project } from '../../core/project/project.js';
import { serializeError } from '../../core/shared/errors.js';
import type { AppAction, AppState } from '../app-state.js';
import type { ProjectDataHandle } from '../hooks/use-project-data.js';
import type { MigrationRow } from '../model/migration-rows.js';
import { notify } from './action-context.js';

interface MarkContext {
  project: Project;
  state: AppState;
  dispatch: Dispatch<AppAction>;
  data: Pick<ProjectDataHandle, 'refresh'>;
}

/** What `M` does to a row: an applied one becomes pending, a pending (or failed) one with a file applied. */
export function markDirectionOf(row: Pick<MigrationRow, 'status' | 'path'> | undefined): MarkDirection | undefined {
  if (row?.status === 'applied') return 'pending';
  if ((row?.status === 'pending' || row?.status === 'failed') && row.path) return 'applied';
  return undefined;
}

/** Plans the mark and opens its confirmation; a refusal goes to the notice line. */
export async function requestMark(ctx: Omit<MarkContext, 'state' | 'data'>, direction: MarkDirection, version: string): Promise<void> {
  try {
    const plan = await ctx.project.planMark(direction, [version]);
    ctx.dispatch({ type: 'overlay', overlay: { type: 'mark', plan, typed: '', busy: false } });
  } catch (error) {
    const failure = serializeError(error);
    notify(ctx, { tone: 'error', text: failure.message, hint: failure.hint, error: failure, action: `marking ${version} ${direction}` });
  }
}

/** `y` (or the typed name): records the confirmed plan, then reloads. */
export async function confirmMark(ctx: MarkContext): Promise<void> {
  const overlay = ctx.state.overlay;
  if (overlay?.type !== 'mark' || overlay.busy) return;
  const { config } = ctx.project;
  if (config.production && overlay.typed.trim() !== config.connectionName) {
    ctx.dispatch({ type: 'overlay', overlay: { ...overlay, error: `Type "${config.connectionName}" to confirm.` } });
    return;
  }
  ctx.dispatch({ type: 'overlay', overlay: { ...overlay, busy: true } });
  const what = overlay.plan.versions.map((v) => v.file ?? v.version).join(', ');
  try {
    const result = await ctx.project.mark(overlay.plan, { lockTimeoutMs: 0 });
    ctx.dispatch({ type: 'overlay', overlay: null });
    notify(ctx, {
      tone: 'success',
      text: [`Marked ${what} as ${overlay.plan.direction} (no SQL ran).`, result.historyWarning, result.schemaWarning]
        .filter(Boolean)
        .join(' '),
    });
  } catch (error) {
    const failure = serializeError(error);
    ctx.dispatch({ type: 'overlay', overlay: null });
    notify(ctx, { tone: 'error', text: failure.message, hint: failure.hint, error: failure, action: `marking ${what}` });
  }
  await ctx.data.refresh();
}

export function cancelMark(ctx: Pick<MarkContext, 'dispatch'>): void {
  ctx.dispatch({ type: 'overlay', overlay: null });
  notify(ctx, { tone: 'info', text: 'Cancelled. Nothing was marked.' });
}
