// Everything the screens derive from the loaded data and the app state, memoised so a
// keypress on 10,000 migrations recomputes only what it changed (the window, not the list).

import { useEffect, useMemo, useState } from 'react';
import type { AppState } from '../app-state.js';
import type { HistoryEntry } from '../data/load-history.js';
import { dashboardStats, quickActions, type DashboardStats, type QuickAction } from '../model/dashboard.js';
import { detailLines } from '../model/detail-lines.js';
import { loadHighlighter } from '../model/highlight.js';
import type { Line } from '../model/lines.js';
import { cursorIndex } from '../model/list-cursor.js';
import { countRows, filterRows, type MigrationRow, type RowCounts } from '../model/migration-rows.js';
import { entryDetailLines } from '../model/timeline.js';
import type { ProjectData } from './use-project-data.js';

export interface ViewModel {
  /** False until the first load finished. */
  loaded: boolean;
  rows: MigrationRow[];
  /** Undefined when the database could not be asked. */
  counts?: RowCounts;
  /** Rows after the filter and search. */
  visible: MigrationRow[];
  visibleKeys: string[];
  selectedIndex: number;
  selected?: MigrationRow;
  detail: Line[];
  history: HistoryEntry[];
  /** Problems reading the history store (shown on the Timeline). */
  historyWarnings: string[];
  historyTruncated: boolean;
  historyKeys: string[];
  entryIndex: number;
  entryDetail: Line[] | null;
  stats: DashboardStats;
  actions: QuickAction[];
}

const NO_ROWS: MigrationRow[] = [];
const NO_HISTORY: HistoryEntry[] = [];
const NO_WARNINGS: string[] = [];

export function useViewModel(data: ProjectData | undefined, state: AppState, colour: boolean, now: Date): ViewModel {
  const loaded = Boolean(data && (data.status || data.scan || data.scanError));
  // Loaded once the list is on screen: it must not compete with the first load.
  const highlighted = useHighlighter(colour && loaded);
  const rows = data?.rows ?? NO_ROWS;
  const history = data?.history ?? NO_HISTORY;
  const { query, filter } = state.migrations;
  const counts = useMemo(() => (data?.status ? countRows(rows) : undefined), [data, rows]);
  const visible = useMemo(() => filterRows(rows, filter, query), [rows, filter, query]);
  const visibleKeys = useMemo(() => visible.map((r) => r.key), [visible]);
  const selectedIndex = cursorIndex(state.migrations.cursor, visibleKeys);
  const selected = selectedIndex >= 0 ? visible[selectedIndex] : undefined;
  // Highlighting runs for the one selected migration, only when it or the data changes.
  const filesLoaded = Boolean(data?.scan || data?.scanError);
  // `now` is a new Date on every render: the relative times in the detail are as of when it was
  // last worked out (a new selection, a reload, the highlighter loaded), not re-highlighted on every key.
  const detail = useMemo(
    () => (selected ? detailLines(selected, { colour, now, filesLoaded }) : []),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `now` left out on purpose (above); `highlighted` recomputes once the highlighter is in
    [selected, colour, highlighted, filesLoaded],
  );
  const historyKeys = useMemo(() => history.map((e) => e.id), [history]);
  const entryIndex = cursorIndex(state.timeline.cursor, historyKeys);
  const entry = entryIndex >= 0 ? history[entryIndex] : undefined;
  const entryDetail = useMemo(
    () => (state.timeline.open && entry ? entryDetailLines(entry, now) : null),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `now` left out on purpose, as for `detail`
    [state.timeline.open, entry],
  );
  const stats = useMemo(() => dashboardStats(rows, history), [rows, history]);
  const actions = useMemo(() => quickActions(stats, rows), [stats, rows]);
  const historyWarnings = data?.historyWarnings ?? NO_WARNINGS;
  const historyTruncated = data?.historyTruncated ?? false;
  return {
    historyTruncated,
    loaded,
    rows,
    counts,
    visible,
    visibleKeys,
    selectedIndex,
    selected,
    detail,
    history,
    historyWarnings,
    historyKeys,
    entryIndex,
    entryDetail,
    stats,
    actions,
  };
}

/** True once the SQL highlighter is loaded (asked for once `wanted`). */
function useHighlighter(wanted: boolean): boolean {
  const [ready, setReady] = useState(false);
  useEffect(() => {
    if (!wanted) return;
    let live = true;
    void loadHighlighter().then(() => live && setReady(true));
    return () => {
      live = false;
    };
  }, [wanted]);
  return ready;
}
