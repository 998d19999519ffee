// The keys of the app's own screens: the migration list (its SQL, its search), the timeline
// (an entry's details) and the dashboard's quick actions.

import { migrationListRows, timelineListRows } from '../app-layout.js';
import type { Handlers, ScopeHandlers } from '../keys/bindings.js';
import { moveCursor, type CursorMove } from '../model/list-cursor.js';
import { nextFilter } from '../model/migration-rows.js';
import { migrationsLayout } from '../screens/MigrationsScreen.js';
import { moveHandlers, notify, scrollAfter, type ActionContext } from './action-context.js';
import { startMigrationTest } from './migration-test.js';
import { editSelected, previewSelected } from './selected-migration.js';
import { markDirectionOf, requestMark } from './mark-migration.js';

type ScreenScope = 'migrations' | 'migrations.detail' | 'migrations.search' | 'timeline' | 'timeline.detail' | 'dashboard' | 'analytics';

export function screenHandlers(ctx: ActionContext, global: Handlers<'global'>): ScopeHandlers<ScreenScope> {
  const { state, dispatch, vm, size, body } = ctx;
  const patchList = (patch: Partial<typeof state.migrations>) => dispatch({ type: 'migrations', patch });
  const moveInList = (move: CursorMove) =>
    patchList({
      cursor: moveCursor(state.migrations.cursor, vm.visibleKeys, move, migrationListRows(state, size.columns, body)),
      detailScroll: 0,
    });
  const scrollDetail = (move: CursorMove) => {
    const height = migrationsLayout(size.columns, body, state.migrations).paneHeight - 1;
    patchList({ detailScroll: scrollAfter(state.migrations.detailScroll, move, vm.detail.length, height) });
  };
  const moveInTimeline = (move: CursorMove) =>
    dispatch({
      type: 'timeline',
      patch: { cursor: moveCursor(state.timeline.cursor, vm.historyKeys, move, timelineListRows(body, vm.historyWarnings)) },
    });
  const chooseQuickAction = (step: 1 | -1) => {
    const count = vm.actions.length;
    dispatch({ type: 'dashboard', patch: { selected: (state.dashboard.selected + step + count) % count } });
  };
  const scrollAnalytics = (move: CursorMove) =>
    dispatch({ type: 'analytics', patch: { scroll: scrollAfter(state.analytics.scroll, move, ctx.lineCounts.analytics, body - 1) } });
  return {
    migrations: {
      ...moveHandlers(moveInList),
      open: () => patchList({ detailOpen: vm.selected !== undefined, detailScroll: 0 }),
      search: () => patchList({ searching: true }),
      filter: () => patchList({ filter: nextFilter(state.migrations.filter) }),
      clear: () => patchList({ filter: 'all', query: '' }),
      edit: () => editSelected(ctx),
      preview: () => previewSelected(ctx),
      mark: () => {
        const row = vm.selected;
        const direction = markDirectionOf(row);
        if (row && direction) void requestMark(ctx, direction, row.version);
      },
    },
    'migrations.detail': {
      ...moveHandlers(scrollDetail),
      back: () => patchList({ detailOpen: false }),
      edit: () => editSelected(ctx),
    },
    'migrations.search': {
      accept: () => patchList({ searching: false }),
      cancel: () => patchList({ searching: false, query: '' }),
      down: () => moveInList('down'),
      up: () => moveInList('up'),
      quit: () => ctx.quit(),
    },
    timeline: {
      ...moveHandlers(moveInTimeline),
      open: () => dispatch({ type: 'timeline', patch: { open: vm.entryIndex >= 0 } }),
    },
    'timeline.detail': {
      back: () => dispatch({ type: 'timeline', patch: { open: false } }),
    },
    analytics: moveHandlers(scrollAnalytics),
    dashboard: {
      down: () => chooseQuickAction(1),
      up: () => chooseQuickAction(-1),
      open: (press) => {
        const quick = vm.actions[state.dashboard.selected];
        if (quick?.enabled) global[quick.action](press);
        else if (quick) notify(ctx, { tone: 'info', text: `${quick.label}: nothing to do.` });
      },
      test: () => startMigrationTest(ctx),
    },
  };
}
