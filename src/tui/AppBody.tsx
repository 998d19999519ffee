// The middle of the app: the open dialog if there is one (run plan, progress, outcome, help,
// preview, new migration), else the current screen. One switch, like a dialog manager.

import { Box, Text } from 'ink';
import { Suspense, type Dispatch } from 'react';
import { migrationNameProblem } from '../core/migrations/name.js';
import type { Project } from '../core/project/project.js';
import { confirmRiskMax, confirmRiskRows, migrationListRows, timelineListRows } from './app-layout.js';
import type { AppAction, AppState } from './app-state.js';
import { ConfirmRun } from './components/ConfirmRun.js';
import { MarkConfirm } from './components/MarkConfirm.js';
import { NamePrompt } from './components/NamePrompt.js';
import { Pane } from './components/Pane.js';
import { RiskSummary, riskSummaryHeight } from './components/RiskSummary.js';
import { RunProgress } from './components/RunProgress.js';
import type { DialogLines } from './dialog-lines.js';
import type { RunHandle } from './hooks/use-run.js';
import type { ViewModel } from './hooks/use-view-model.js';
import { windowTop } from './model/list-cursor.js';
import { confirmHeading } from './model/run-lines.js';
import type { CopiedError } from './model/shown-error.js';
import { terminalName, terminalText } from '../core/shared/terminal-text.js';
import { DashboardScreen } from './screens/DashboardScreen.js';
import { MigrationsScreen } from './screens/MigrationsScreen.js';
import { TimelineScreen } from './screens/TimelineScreen.js';
import { AnalyticsScreen } from './screens/AnalyticsScreen.js';
import type { Line } from './model/lines.js';
import { BackupsScreen } from './screens/BackupsScreen.js';
import { NewMigrationWizard, SchemaDiffScreen } from './lazy-screens.js';

export interface AppBodyProps {
  project: Project;
  state: AppState;
  dispatch: Dispatch<AppAction>;
  vm: ViewModel;
  run: RunHandle;
  lines: DialogLines;
  width: number;
  height: number;
  now: Date;
  openEditor: (path: string) => Promise<void>;
  onWizardDone: (result: { path: string; run: boolean; mark?: boolean }) => void;
  /** `y` on the schema diff's error. */
  onCopyError: (copied: CopiedError) => void;
  /** The Analytics screen's lines (null until its figures are read) or why they could not be. */
  analytics: { lines: Line[] | null; error?: string };
  /** A backup was restored from the Backups screen: the database changed. */
  onBackupRestored?: () => void;
}

const SCREEN_TITLES = {
  migrations: 'Migrations',
  timeline: 'Timeline',
  dashboard: 'Dashboard',
  'schema-diff': 'Schema diff',
  analytics: 'Analytics',
  backups: 'Backups',
} as const;

function RunDialog({ project, run, lines, width, height }: Pick<AppBodyProps, 'project' | 'run' | 'lines' | 'width' | 'height'>) {
  const { config } = project;
  const state = run.state;
  if (state.phase === 'planning')
    return (
      <Text color="cyan">
        {state.changed
          ? 'The plan changed: working out the new one…'
          : state.direction === 'up'
            ? 'Working out what is pending…'
            : 'Working out what to roll back…'}
      </Text>
    );
  if (state.phase === 'running') {
    return (
      <RunProgress
        direction={state.direction}
        steps={state.steps}
        output={state.output}
        interrupting={state.interrupting}
        width={width}
        height={height}
      />
    );
  }
  if (state.phase === 'done') return <Pane title="Result" lines={lines.run} scroll={state.scroll} height={height} width={width} focused />;
  const risk = state.risk ? (
    <Box height={confirmRiskRows(state.risk, height)} overflow="hidden">
      <RiskSummary result={state.risk} width={width} maxLines={confirmRiskMax(height)} />
    </Box>
  ) : (
    <Text dimColor wrap="truncate-end">
      {state.riskError ? `Risk could not be assessed: ${state.riskError}` : 'Assessing risk…'}
    </Text>
  );
  return (
    <ConfirmRun
      heading={state.plan ? confirmHeading(state.plan, config.connectionName, width, state.changed) : []}
      lines={lines.run}
      scroll={state.scroll}
      width={width}
      height={height}
      production={config.production}
      connectionName={config.connectionName}
      typed={state.typed}
      answerError={state.answerError}
      risk={risk}
      riskRows={confirmRiskRows(state.risk, height)}
    />
  );
}

export function AppBody(props: AppBodyProps) {
  const { project, state, vm, run, lines, width, height, now } = props;
  if (run.state.phase !== 'idle') return <RunDialog {...props} />;
  const overlay = state.overlay;
  if (overlay?.type === 'help') {
    return (
      <Pane
        title={`Keys · ${SCREEN_TITLES[state.screen]}`}
        lines={lines.help}
        scroll={overlay.scroll}
        height={height}
        width={width}
        focused
      />
    );
  }
  if (overlay?.type === 'name-prompt') {
    const problem = overlay.error ?? (overlay.value ? migrationNameProblem(overlay.value.trim()) : 'type a name, e.g. add_email_to_users');
    return <NamePrompt value={overlay.value} problem={problem} busy={overlay.busy} width={width} />;
  }
  if (overlay?.type === 'mark') {
    return (
      <MarkConfirm
        plan={overlay.plan}
        redactedUrl={project.config.redactedUrl}
        production={project.config.production}
        connectionName={project.config.connectionName}
        typed={overlay.typed}
        busy={overlay.busy}
        error={overlay.error}
        width={width}
      />
    );
  }
  if (overlay?.type === 'wizard') {
    return (
      <Suspense fallback={<Text dimColor>Opening the wizard…</Text>}>
        <NewMigrationWizard
          project={project}
          width={width}
          height={height}
          openEditor={props.openEditor}
          onDone={props.onWizardDone}
          onCancel={() => props.dispatch({ type: 'overlay', overlay: null })}
        />
      </Suspense>
    );
  }
  if (overlay?.type === 'migration-test') {
    const title = overlay.running ? 'Testing every migration on a scratch database: up, down, up again…' : 'Migration test';
    return <Pane title={title} lines={lines.migrationTest} scroll={overlay.scroll} height={height} width={width} focused />;
  }
  if (overlay?.type === 'preview') {
    const title = `Preview · ${terminalName(overlay.file)} · ${overlay.direction === 'up' ? 'applying it' : 'rolling it back'}`;
    if (!overlay.result)
      return (
        <Text color={overlay.error ? 'red' : 'cyan'}>
          {overlay.error ? `✖ Preview failed: ${terminalText(overlay.error)}` : `${title}: assessing…`}
        </Text>
      );
    const riskRows = riskSummaryHeight(overlay.result, Math.floor(height / 2), true);
    return (
      <Box flexDirection="column" width={width} height={height}>
        <Box height={riskRows} overflow="hidden">
          <RiskSummary result={overlay.result} width={width} maxLines={riskRows} showFixes />
        </Box>
        <Pane title={title} lines={lines.preview} scroll={overlay.scroll} height={height - riskRows} width={width} focused />
      </Box>
    );
  }
  switch (state.screen) {
    case 'migrations': {
      const top = windowTop(state.migrations.cursor.top, vm.selectedIndex, vm.visible.length, migrationListRows(state, width, height));
      return (
        <MigrationsScreen
          rows={vm.visible}
          total={vm.loaded ? vm.rows.length : null}
          view={state.migrations}
          selected={vm.selectedIndex}
          top={top}
          width={width}
          height={height}
          detail={vm.detail}
          now={now}
        />
      );
    }
    case 'timeline': {
      const top = windowTop(state.timeline.cursor.top, vm.entryIndex, vm.history.length, timelineListRows(height, vm.historyWarnings));
      return (
        <TimelineScreen
          entries={vm.history}
          selected={vm.entryIndex}
          top={top}
          detail={vm.entryDetail}
          warnings={vm.historyWarnings}
          width={width}
          height={height}
          now={now}
        />
      );
    }
    case 'dashboard':
      return (
        <DashboardScreen
          stats={vm.stats}
          recent={vm.history.slice(0, 8)}
          actions={vm.actions}
          selected={state.dashboard.selected}
          partialHistory={vm.historyTruncated}
          width={width}
          height={height}
          now={now}
        />
      );
    case 'analytics':
      return (
        <AnalyticsScreen
          lines={props.analytics.lines}
          error={props.analytics.error}
          scroll={state.analytics.scroll}
          width={width}
          height={height}
        />
      );
    case 'schema-diff':
      return (
        <Suspense fallback={<Text dimColor>Opening the schema diff…</Text>}>
          <SchemaDiffScreen
            project={project}
            width={width}
            height={height}
            onCopyError={(error) => props.onCopyError({ error, action: 'dumping the live schema for the schema diff' })}
          />
        </Suspense>
      );
    case 'backups':
      return <BackupsScreen project={project} width={width} height={height} onRestored={props.onBackupRestored} />;
  }
}
