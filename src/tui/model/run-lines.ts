// Text of the run dialogs: the plan to confirm (each migration and the SQL that will run),
// each step while running, and the outcome (times, or the classified error and its fix).

import { formatDurationMs } from '../../core/shared/duration.js';
import type { Direction } from '../../core/migrations/run.js';
import type { RunPlan } from '../../core/runs/types.js';
import { line, wrapped, type Line } from './lines.js';
import type { RunState, StepView } from './run-state.js';
import { runError } from './run-state.js';
import { errorDetailLines } from './error-lines.js';
import { terminalName, terminalText } from '../../core/shared/terminal-text.js';
import { plural } from './text.js';

function planTitle(direction: Direction, count: number, connection: string): string {
  return direction === 'up'
    ? `Apply ${plural(count, 'pending migration')} to ${connection}?`
    : `Roll back ${plural(count, 'migration')} on ${connection}?`;
}

/**
 * What stays above the plan's SQL: the question, the database it runs on and, when the plan
 * was made again because the confirmed one no longer held, what changed. Wrapped, never cut:
 * the database's name is shown in full however narrow the terminal.
 */
export function confirmHeading(plan: RunPlan, connection: string, width: number, changed?: string): Line[] {
  return [
    ...wrapped(planTitle(plan.direction, plan.steps.length, terminalName(connection)), 'title', width),
    ...wrapped(`Database: ${terminalName(plan.database.label)}`, 'plain', width),
    ...(changed ? wrapped(`⚠ ${terminalText(changed)} This is the new plan: confirm it again.`, 'warning', width) : []),
  ];
}

/** The plan's notes (the database is created first, versions that stay applied…), then each step and the SQL it runs. */
export function planLines(plan: RunPlan, width: number): Line[] {
  const lines: Line[] = [];
  for (const note of plan.notes) lines.push(...wrapped(`Note: ${terminalText(note.message)}`, 'warning', width));
  if (plan.notes.length) lines.push(line(''));
  plan.steps.forEach((step, i) => {
    lines.push(line(`${i + 1}. ${terminalName(step.file)}`, 'title'));
    const sql = step.sql;
    if (sql === null) lines.push(line(`   (the ${plan.direction} SQL is not shown: the file was not parsed)`, 'warning'));
    else if (sql.trim() === '') lines.push(line(`   (the ${plan.direction} section is empty)`, 'warning'));
    else
      lines.push(
        ...terminalText(sql)
          .split('\n')
          .map((l) => line(`   ${l.replace(/\t/g, '  ')}`, 'dim')),
      );
    lines.push(line(''));
  });
  return lines;
}

const STEP_ICONS: Record<StepView['state'], { icon: string; tone: Line['tone'] }> = {
  waiting: { icon: '·', tone: 'dim' },
  running: { icon: '→', tone: 'heading' },
  done: { icon: '✔', tone: 'success' },
  failed: { icon: '✖', tone: 'error' },
  not_run: { icon: '-', tone: 'dim' },
};

export function stepLine(step: StepView, direction: Direction): Line {
  const { icon, tone } = STEP_ICONS[step.state];
  const verb = {
    waiting: 'waiting',
    running: direction === 'up' ? 'applying…' : 'rolling back…',
    done: `in ${formatDurationMs(step.durationMs)}`,
    failed: 'failed',
    not_run: 'not run',
  }[step.state];
  return line(`${icon} ${terminalName(step.file)}  ${verb}`, tone);
}

function totalMs(steps: readonly StepView[]): number | undefined {
  const timed = steps.filter((s) => s.durationMs !== undefined);
  return timed.length ? timed.reduce((sum, s) => sum + (s.durationMs ?? 0), 0) : undefined;
}

export function outcomeLines(state: RunState, width: number): Line[] {
  const what = state.direction === 'up' ? 'Applied' : 'Rolled back';
  const done = state.steps.filter((s) => s.state === 'done');
  const notRun = state.steps.filter((s) => s.state === 'not_run' || s.state === 'waiting');
  const error = runError(state);
  const wall = state.startedAt && state.finishedAt ? ` (${formatDurationMs(state.finishedAt - state.startedAt)} in all)` : '';
  const lines: Line[] = [];
  if (!error) {
    lines.push(
      ...wrapped(
        done.length
          ? `✔ ${what} ${plural(done.length, 'migration')}: ${formatDurationMs(totalMs(done))} in dbmate${wall}.`
          : `✔ Nothing to do.`,
        'success',
        width,
      ),
    );
  } else {
    const files = (steps: readonly StepView[]) => steps.map((s) => terminalName(s.file)).join(', ');
    lines.push(...wrapped(`✖ ${state.result?.interrupted ? 'Interrupted' : 'Failed'}: ${terminalText(error.message)}`, 'error', width));
    if (error.hint) lines.push(...wrapped(`  Fix: ${terminalText(error.hint)}`, 'warning', width));
    lines.push(...errorDetailLines(error, width));
    lines.push(...wrapped(`  ${what} before the stop: ${done.length ? files(done) : 'none'}.`, 'plain', width));
    if (notRun.length) lines.push(...wrapped(`  Not run: ${files(notRun)}.`, 'dim', width));
  }
  // After a stop: what was done about the run's work on the database server.
  const serverWork = state.result?.serverWork;
  if (serverWork) lines.push(...wrapped(`  ${terminalText(serverWork.message)}`, serverWork.clear ? 'plain' : 'warning', width));
  lines.push(line(''));
  lines.push(...state.steps.map((s) => stepLine(s, state.direction)));
  if (state.schemaPath) lines.push(line(''), line(`Schema written to ${terminalName(state.schemaPath)}`, 'dim'));
  if (state.result?.schemaWarning) lines.push(line(''), ...wrapped(`⚠ ${terminalText(state.result.schemaWarning)}`, 'warning', width));
  // The database's words are in the Detail block above; `v` shows the rest of dbmate's output.
  const output = state.output.length ? state.output.join('\n') : undefined;
  if (state.showDetail) {
    lines.push(line(''), line('Details', 'heading'));
    lines.push(
      ...(output
        ? terminalText(output)
            .split('\n')
            .map((l) => line(l, 'dim'))
        : [line('(no further detail)', 'dim')]),
    );
  } else if (output) {
    lines.push(line(''), line('v shows the technical details.', 'dim'));
  }
  if (error) lines.push(line(''), line('y copies this error in full (to the clipboard, and to .dbtk/last-error.txt).', 'dim'));
  return lines;
}
