// The app's own state in one reducer: which screen, which overlay, the last notice, and each
// screen's view (selection, search, filter, scroll). Plain data, derived values are computed
// elsewhere (use-view-model.ts).

import type { MarkPlan } from '../core/project/mark.js';
import type { PreviewResult } from '../core/project/preview.js';
import type { MigrationTestReport, MigrationTestResult } from '../core/runs/migration-test.js';
import type { Notice } from './hooks/use-run.js';
import type { HelpSection } from './keys/resolve.js';
import { EMPTY_CURSOR, type ListCursor } from './model/list-cursor.js';
import { applyTextEdit, type TextEdit } from './model/text-edit.js';
import type { MigrationsView } from './screens/MigrationsScreen.js';

export type ScreenId = 'migrations' | 'timeline' | 'dashboard' | 'schema-diff' | 'analytics' | 'backups';

type Overlay =
  /** `sections`: the keys of the screen `?` was pressed on (from the bindings table). */
  | { type: 'help'; scroll: number; sections: HelpSection[] }
  | { type: 'name-prompt'; value: string; error?: string; busy: boolean }
  | { type: 'wizard' }
  /** `M`: marking a migration applied or pending, waiting for `y` (or the typed name on production). */
  | { type: 'mark'; plan: MarkPlan; typed: string; busy: boolean; error?: string }
  | { type: 'preview'; file: string; direction: 'up' | 'down'; result?: PreviewResult; error?: string; scroll: number }
  /** `t` on the dashboard: every migration up, down and up again on a scratch database, as it goes. */
  | {
      type: 'migration-test';
      id: number;
      running: boolean;
      scratch?: string;
      current?: string;
      total?: number;
      results: MigrationTestResult[];
      report?: MigrationTestReport;
      error?: string;
      scroll: number;
    };

export type MigrationTestOverlay = Extract<Overlay, { type: 'migration-test' }>;

export interface AppState {
  screen: ScreenId;
  overlay: Overlay | null;
  notice: Notice | null;
  migrations: MigrationsView & { cursor: ListCursor };
  timeline: { cursor: ListCursor; open: boolean; scroll: number };
  dashboard: { selected: number };
  analytics: { scroll: number };
}

export type AppAction =
  | { type: 'screen'; screen: ScreenId }
  | { type: 'overlay'; overlay: Overlay | null }
  | { type: 'notice'; notice: Notice | null }
  | { type: 'migrations'; patch: Partial<AppState['migrations']> }
  | { type: 'preview-loaded'; file: string; result?: PreviewResult; error?: string }
  /** Progress of the migration test `id` (ignored once its dialog is closed). */
  | { type: 'migration-test'; id: number; patch: (overlay: MigrationTestOverlay) => Partial<MigrationTestOverlay> }
  | { type: 'query-edit'; edit: TextEdit }
  | { type: 'prompt-edit'; edit: TextEdit }
  | { type: 'mark-typed-edit'; edit: TextEdit }
  | { type: 'timeline'; patch: Partial<AppState['timeline']> }
  | { type: 'dashboard'; patch: Partial<AppState['dashboard']> }
  | { type: 'analytics'; patch: Partial<AppState['analytics']> };

export const INITIAL_STATE: AppState = {
  screen: 'migrations',
  overlay: null,
  notice: null,
  migrations: { cursor: EMPTY_CURSOR, query: '', searching: false, filter: 'all', detailOpen: false, detailScroll: 0 },
  timeline: { cursor: EMPTY_CURSOR, open: false, scroll: 0 },
  dashboard: { selected: 0 },
  analytics: { scroll: 0 },
};

export function appReducer(state: AppState, action: AppAction): AppState {
  switch (action.type) {
    case 'screen':
      return { ...state, screen: action.screen, overlay: null };
    case 'overlay':
      return { ...state, overlay: action.overlay };
    case 'notice':
      return { ...state, notice: action.notice };
    case 'migrations':
      return { ...state, migrations: { ...state.migrations, ...action.patch } };
    case 'preview-loaded':
      // Ignored when the preview was closed (or another opened) while it was assessed.
      return state.overlay?.type === 'preview' && state.overlay.file === action.file
        ? { ...state, overlay: { ...state.overlay, result: action.result, error: action.error } }
        : state;
    case 'migration-test':
      return state.overlay?.type === 'migration-test' && state.overlay.id === action.id
        ? { ...state, overlay: { ...state.overlay, ...action.patch(state.overlay) } }
        : state;
    case 'query-edit':
      return state.migrations.searching
        ? { ...state, migrations: { ...state.migrations, query: applyTextEdit(state.migrations.query, action.edit) } }
        : state;
    case 'prompt-edit':
      return state.overlay?.type === 'name-prompt' && !state.overlay.busy
        ? { ...state, overlay: { ...state.overlay, value: applyTextEdit(state.overlay.value, action.edit, 100), error: undefined } }
        : state;
    case 'mark-typed-edit':
      return state.overlay?.type === 'mark' && !state.overlay.busy
        ? { ...state, overlay: { ...state.overlay, typed: applyTextEdit(state.overlay.typed, action.edit, 100), error: undefined } }
        : state;
    case 'timeline':
      return { ...state, timeline: { ...state.timeline, ...action.patch } };
    case 'dashboard':
      return { ...state, dashboard: { ...state.dashboard, ...action.patch } };
    case 'analytics':
      return { ...state, analytics: { ...state.analytics, ...action.patch } };
  }
}

export const SCREENS: { id: ScreenId; key: string; title: string }[] = [
  { id: 'migrations', key: '1', title: 'Migrations' },
  { id: 'timeline', key: '2', title: 'Timeline' },
  { id: 'dashboard', key: '3', title: 'Dashboard' },
  { id: 'schema-diff', key: '4', title: 'Schema diff' },
  { id: 'analytics', key: '5', title: 'Analytics' },
  { id: 'backups', key: '6', title: 'Backups' },
];

/** The next (or previous) screen in tab order, skipping ones not installed. */
export function cycleScreen(current: ScreenId, step: 1 | -1, available: readonly ScreenId[]): ScreenId {
  const index = available.indexOf(current);
  return available[(index + step + available.length) % available.length];
}
