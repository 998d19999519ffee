// The terminal app: header, tabs, the current screen or dialog, a notice line and the help
// bar. Keys are read once, by the KeyboardProvider around it, and looked up in the bindings
// table (keys/bindings.ts); useAppKeys hands over what the app's own keys do (actions/).

import { Box, useApp } from 'ink';
import { useEffect, useLayoutEffect, useReducer, useRef } from 'react';
import type { Project } from '../core/project/project.js';
import { ALL_FEATURES, bodyHeight, isTooSmall, MIN_COLUMNS, MIN_ROWS, noticeDetailRows, noticeRows, type Features } from './app-layout.js';
import { appReducer, INITIAL_STATE, SCREENS, type AppState } from './app-state.js';
import { AppBody } from './AppBody.js';
import { Header } from './components/Header.js';
import { HelpBar } from './components/HelpBar.js';
import { ErrorBlock } from './components/ErrorBlock.js';
import { NoticeLine, noticeText } from './components/NoticeLine.js';
import { copyErrorReport } from './actions/copy-error.js';
import { errorDetailLines } from './model/error-lines.js';
import { interruptedRunsNotice } from './model/interrupted-runs.js';
import { noticeError, type CopiedError } from './model/shown-error.js';
import { terminalText } from '../core/shared/terminal-text.js';
import { Tabs } from './components/Tabs.js';
import { TooSmall } from './components/TooSmall.js';
import { dialogLines } from './dialog-lines.js';
import { requestMark } from './actions/mark-migration.js';
import { analyticsLines } from './model/analytics-lines.js';
import { selectCreated } from './actions/selected-migration.js';
import { useAnalytics } from './hooks/use-analytics.js';
import { useAppKeys } from './hooks/use-app-keys.js';
import { useProjectData } from './hooks/use-project-data.js';
import { useRun } from './hooks/use-run.js';
import { useTerminalSize } from './hooks/use-terminal-size.js';
import { useViewModel } from './hooks/use-view-model.js';
import { KeyboardProvider } from './keys/keyboard.js';
import { preloadScreens } from './lazy-screens.js';
import type { PendingWork } from './pending-work.js';

export interface AppProps {
  project: Project;
  colour: boolean;
  /** Opens a file in the user's editor with the app suspended (run.tsx hands the terminal over). */
  openEditor: (path: string) => Promise<void>;
  features?: Features;
  /** Watch the migrations directories (off in component tests). */
  watch?: boolean;
  now?: () => Date;
  /** Told just before the app unmounts because the user quit. */
  onQuit?: () => void;
  /** Puts text on the user's clipboard through the terminal (OSC 52); run.tsx writes it, tests record it. */
  copyToClipboard?: (text: string) => void;
  /** Runs and dry runs in progress, for the signal handler to stop properly (run.tsx). */
  pendingWork?: PendingWork;
}

export function App(props: AppProps) {
  return (
    <KeyboardProvider>
      <AppFrame {...props} />
    </KeyboardProvider>
  );
}

function AppFrame({
  project,
  colour,
  openEditor,
  features = ALL_FEATURES,
  watch = true,
  now = () => new Date(),
  onQuit,
  copyToClipboard = () => undefined,
  pendingWork,
}: AppProps) {
  const { exit } = useApp();
  const size = useTerminalSize();
  const [state, dispatch] = useReducer(appReducer, INITIAL_STATE);
  // useRun comes first (the data's file watch pauses while a run goes on), so the run reaches
  // the data's refresh, for its reload at the end, through a ref.
  const refresh = useRef<() => Promise<void>>(() => Promise.resolve());
  const run = useRun(project, { assessRisk: features.risk, onFinished: () => void refresh.current(), pendingWork });
  // While migrations run, the run's own reload at the end is the one that counts.
  const data = useProjectData(project, { watch, paused: run.state.phase === 'running' });
  useLayoutEffect(() => {
    refresh.current = data.refresh;
  });
  // Runs whose dbtk was killed: recorded from the database, and said, once the app opens.
  useEffect(() => {
    let live = true;
    project.reconcileInterruptedRuns().then(
      (outcomes) => {
        if (!live || outcomes.length === 0) return;
        dispatch({ type: 'notice', notice: interruptedRunsNotice(outcomes) });
        void refresh.current();
      },
      () => undefined, // the journals stay for the next command
    );
    return () => {
      live = false;
    };
  }, [project]);
  // Once the list is on screen, not before: fetching the wizard and schema diff (templates,
  // parsers, diffing) competes with the first load for the one thread that draws.
  const preload = data.data !== undefined && (features.wizard || features.schemaDiff);
  useEffect(() => {
    if (preload) preloadScreens();
  }, [preload]);
  const time = now();
  const vm = useViewModel(data.data, state, colour, time);
  const tooSmall = isTooSmall(size.columns, size.rows);
  const { config } = project;
  const lines = dialogLines({ state, run: run.state, width: size.columns });
  const statusError = data.data?.statusError;
  const fallback = statusError
    ? terminalText(`✖ ${statusError.message}${statusError.hint ? ` Fix: ${statusError.hint}` : ''}`)
    : data.loading && !data.data
      ? 'Loading migrations…'
      : '';
  const notice = noticeRows(noticeText(state.notice, fallback), size.columns);
  // The database's own words under an error notice (or under why the status could not be read).
  const shownError = noticeError(state.notice, statusError);
  const detail = shownError ? errorDetailLines(shownError.error, size.columns, '', 'Detail (y copies the whole error):') : [];
  const detailRows = noticeDetailRows(detail.length, size.rows);
  const body = bodyHeight(size.rows, notice + detailRows);
  const copyError = (copied: CopiedError) =>
    void copyErrorReport({ project, dispatch, copyToClipboard, dbmateVersion: data.data?.dbmateVersion }, copied);
  const quit = () => {
    onQuit?.();
    exit();
  };
  const analytics = useAnalytics(project, state.screen === 'analytics', data.data?.loadedAt, data.data?.status);
  const shownAnalytics = analytics.stats ? analyticsLines(analytics.stats, size.columns) : null;
  const lineCounts = {
    help: lines.help.length,
    preview: lines.preview.length,
    migrationTest: lines.migrationTest.length,
    run: lines.run.length,
    analytics: shownAnalytics?.length ?? 0,
  };
  const bar = useAppKeys(
    { project, state, dispatch, vm, run, data, features, size, body, lineCounts, openEditor, quit, copyError, pendingWork },
    tooSmall,
  );

  if (tooSmall) return <TooSmall columns={size.columns} rows={size.rows} minColumns={MIN_COLUMNS} minRows={MIN_ROWS} />;
  const tabs = SCREENS.filter((s) => s.id !== 'schema-diff' || features.schemaDiff);
  const header = (
    <>
      <Header
        connectionName={config.connectionName}
        redactedUrl={config.redactedUrl}
        production={config.production}
        dbmateVersion={data.data?.dbmateVersion}
        counts={vm.counts}
        width={size.columns}
      />
      <Tabs
        tabs={tabs}
        active={state.screen}
        width={size.columns}
        right={tabsRight(state, data.loading || (state.screen === 'analytics' && analytics.loading))}
      />
    </>
  );
  const content = (height: number) => (
    <AppBody
      project={project}
      state={state}
      dispatch={dispatch}
      vm={vm}
      run={run}
      lines={lines}
      width={size.columns}
      height={height}
      now={time}
      openEditor={openEditor}
      onCopyError={copyError}
      analytics={{ lines: shownAnalytics, error: analytics.error }}
      onBackupRestored={() => void data.refresh()}
      onWizardDone={(result) => {
        dispatch({ type: 'overlay', overlay: null });
        selectCreated({ dispatch, state }, result.path.split(/[\\/]/).pop()!);
        dispatch({ type: 'notice', notice: { tone: 'success', text: `Created ${result.path.split(/[\\/]/).pop()}.` } });
        void data.refresh().then(() => {
          if (result.run) void run.request('up').then((notice) => notice && dispatch({ type: 'notice', notice }));
          const version = /^(\d+)/.exec(result.path.split(/[\\/]/).pop()!)?.[1];
          if (result.mark && version) void requestMark({ project, dispatch }, 'applied', version);
        });
      }}
    />
  );
  // The wizard brings its own status line and help bar.
  if (state.overlay?.type === 'wizard' && run.state.phase === 'idle') {
    return (
      <Box flexDirection="column" width={size.columns} height={size.rows}>
        {header}
        {content(size.rows - 2)}
      </Box>
    );
  }
  return (
    <Box flexDirection="column" width={size.columns} height={size.rows}>
      {header}
      <Box height={body} overflow="hidden">
        {content(body)}
      </Box>
      <NoticeLine notice={state.notice} fallback={fallback} tone={statusError ? 'error' : 'dim'} rows={notice} />
      <ErrorBlock lines={detail} rows={detailRows} />
      <HelpBar items={bar} width={size.columns} />
    </Box>
  );
}

function tabsRight(state: AppState, loading: boolean): string {
  const parts: string[] = [];
  if (state.screen === 'migrations') {
    if (state.migrations.filter !== 'all') parts.push(`filter: ${state.migrations.filter}`);
    if (state.migrations.query && !state.migrations.searching) parts.push(`search: ${state.migrations.query}`);
  }
  if (loading) parts.push('loading…');
  return parts.join(' · ');
}
