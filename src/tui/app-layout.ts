// Where things go on screen and which key scopes are active, as pure functions of the
// terminal size and the app state (shared by App and its key handling).

import type { AppState } from './app-state.js';
import { cellWidth } from './model/text.js';
import type { AppScope } from './keys/scopes.js';
import type { RunPhase } from './model/run-state.js';
import { migrationsLayout } from './screens/MigrationsScreen.js';
import { riskSummaryHeight, type PreviewResult } from './components/RiskSummary.js';

/** Below this the app shows a "terminal too small" notice instead of a garbled frame. */
export const MIN_COLUMNS = 60;
export const MIN_ROWS = 15;

/** Header, tabs and help bar take one row each; the notice one or two. */
const CHROME_ROWS = 3;

/** Parts of the app that tests can switch off (all are on in the real app). */
export interface Features {
  /** The risk summary in run confirmations, and `p` preview. */
  risk: boolean;
  /** The schema diff screen (`D`/`4`). */
  schemaDiff: boolean;
  /** The new migration wizard (`n`); without it, `n` asks for a name and creates a blank file. */
  wizard: boolean;
}

export const ALL_FEATURES: Features = { risk: true, schemaDiff: true, wizard: true };

export function isTooSmall(columns: number, rows: number): boolean {
  return columns < MIN_COLUMNS || rows < MIN_ROWS;
}

export function bodyHeight(rows: number, noticeRows = 1): number {
  return Math.max(1, rows - CHROME_ROWS - noticeRows);
}

/**
 * Rows for the Detail block under an error notice: all of it up to a quarter of the screen
 * (at least two rows); beyond that the last row says how much more `y` copies.
 */
export function noticeDetailRows(lines: number, rows: number): number {
  return Math.min(lines, Math.max(2, Math.floor(rows / 4)));
}

/** A message with its fix may take two rows rather than lose the fix. */
export function noticeRows(text: string, columns: number): number {
  return cellWidth(text) > columns ? 2 : 1;
}

/** Rows of the migration list window (without its title row), in a body of `body` rows. */
export function migrationListRows(state: AppState, columns: number, body: number): number {
  return Math.max(1, migrationsLayout(columns, body, state.migrations).listHeight - 1);
}

/** Rows of the timeline window: the body minus its title row and up to two warnings. */
export function timelineListRows(body: number, warnings: readonly string[]): number {
  return Math.max(1, body - 1 - Math.min(2, warnings.length));
}

/**
 * The app's own scopes now, innermost first: a dialog or overlay, else the screen's. The
 * wizard and the schema diff answer their scopes themselves (in front of these): with the
 * wizard open the app answers none, on the schema diff only the global keys.
 */
export function scopeStack(state: AppState, phase: RunPhase, production: boolean, tooSmall: boolean): AppScope[] {
  if (tooSmall) return ['too-small'];
  if (phase === 'confirm') return [production ? 'confirm.typed' : 'confirm'];
  if (phase === 'planning' || phase === 'running') return ['running'];
  if (phase === 'done') return ['outcome'];
  if (state.overlay?.type === 'help') return ['help'];
  if (state.overlay?.type === 'name-prompt') return ['name-prompt'];
  if (state.overlay?.type === 'preview') return ['preview'];
  if (state.overlay?.type === 'migration-test') return ['migration-test'];
  if (state.overlay?.type === 'mark') return [production ? 'mark.typed' : 'mark'];
  if (state.overlay?.type === 'wizard') return [];
  switch (state.screen) {
    case 'migrations':
      if (state.migrations.searching) return ['migrations.search'];
      return [state.migrations.detailOpen ? 'migrations.detail' : 'migrations', 'global'];
    case 'timeline':
      return [state.timeline.open ? 'timeline.detail' : 'timeline', 'global'];
    case 'dashboard':
      return ['dashboard', 'global'];
    case 'analytics':
      return ['analytics', 'global'];
    case 'schema-diff':
    case 'backups':
      return ['global'];
  }
}

/** Most rows the run confirmation's risk summary may take in a body of `height` rows. */
export function confirmRiskMax(height: number): number {
  return Math.min(6, Math.max(2, Math.floor(height / 3)));
}

/** Rows the run confirmation's risk takes: the summary, or the one line saying it is being assessed. */
export function confirmRiskRows(risk: PreviewResult | undefined, height: number): number {
  return risk ? riskSummaryHeight(risk, confirmRiskMax(height)) : 1;
}
