// What the app's key handlers work with: the project, the app's state and hooks, and the sizes
// the last render used. Actions reach core only through the project and the hooks (runs,
// data); nothing here starts a process.

import type { Dispatch } from 'react';
import type { Project } from '../../core/project/project.js';
import type { Features } from '../app-layout.js';
import type { PendingWork } from '../pending-work.js';
import type { AppAction, AppState } from '../app-state.js';
import type { Handler } from '../keys/bindings.js';
import type { ProjectDataHandle } from '../hooks/use-project-data.js';
import type { Notice, RunHandle } from '../hooks/use-run.js';
import type { ViewModel } from '../hooks/use-view-model.js';
import { clampScroll } from '../model/lines.js';
import type { CursorMove } from '../model/list-cursor.js';
import type { CopiedError } from '../model/shown-error.js';

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
  /** Lines of the open help, preview, run plan or outcome, and of the Analytics screen (scrolling stops at the end). */
  lineCounts: { help: number; preview: number; run: number; analytics: number; migrationTest: number };
  /** Work to stop and wait for when the app is told to quit (the migration test). */
  pendingWork?: PendingWork;
  /** Opens a file in the editor with the app suspended. */
  openEditor(path: string): Promise<void>;
  /** `y` on an error: to the clipboard and to .dbtk/last-error.txt, then says where. */
  copyError(copied: CopiedError): void;
  quit(): void;
}

export function notify(ctx: Pick<ActionContext, 'dispatch'>, notice: Notice | null | undefined): void {
  if (notice) ctx.dispatch({ type: 'notice', notice });
}

/** New first line of a scrolled pane after a move key. */
export function scrollAfter(scroll: number, move: CursorMove, total: number, height: number): number {
  const page = Math.max(1, height - 1);
  const next = { down: scroll + 1, up: scroll - 1, top: 0, bottom: total, 'page.down': scroll + page, 'page.up': scroll - page }[move];
  return clampScroll(next, total, height);
}

/** The six move keys of a list or a pane, each applying its move. */
export function moveHandlers(apply: (move: CursorMove) => void): Record<CursorMove, Handler> {
  return {
    down: () => apply('down'),
    up: () => apply('up'),
    top: () => apply('top'),
    bottom: () => apply('bottom'),
    'page.down': () => apply('page.down'),
    'page.up': () => apply('page.up'),
  };
}
