// Prints migration run events as lines while they happen, and the final summary.

import { formatDurationMs } from '../core/shared/duration.js';
import { serializeError } from '../core/shared/errors.js';
import type { RunEvent, RunResult } from '../core/migrations/run.js';
import { terminalName, terminalText } from '../core/shared/terminal-text.js';
import { errorLines, style, writeError, writeLine } from './output.js';

export function printRunEvent(event: RunEvent): void {
  const verb = (event.type === 'started' || event.type === 'finished' || event.type === 'failed') && event.direction === 'down';
  switch (event.type) {
    case 'plan':
      if (event.steps.length === 0)
        writeLine(style.dim(event.direction === 'up' ? 'Nothing to apply: every migration is applied.' : 'Nothing to roll back.'));
      break;
    case 'started':
      writeLine(
        `${style.cyan('→')} [${event.index + 1}/${event.total}] ${verb ? 'Rolling back' : 'Applying'} ${terminalName(event.step.file)}`,
      );
      break;
    case 'finished':
      writeLine(
        `${style.green('✔')} [${event.index + 1}/${event.total}] ${verb ? 'Rolled back' : 'Applied'} ${terminalName(event.step.file)} ${style.dim(`in ${formatDurationMs(event.durationMs)}`)}`,
      );
      break;
    case 'failed':
      writeError(
        `${style.red('✖')} ${event.step ? `${verb ? 'Rolling back' : 'Applying'} ${terminalName(event.step.file)} failed` : 'Failed'}`,
      );
      break;
    case 'output':
      writeLine(style.dim(terminalText(event.text)));
      break;
    case 'schema_written':
      writeLine(style.dim(`Schema written to ${terminalName(event.path)}`));
      break;
    case 'done':
      break;
  }
}

export function printRunSummary(result: RunResult): void {
  const done = result.steps.filter((s) => s.status === 'done');
  const notRun = result.steps.filter((s) => s.status === 'not_run');
  const what = result.direction === 'up' ? 'Applied' : 'Rolled back';
  if (result.ok) {
    if (done.length) writeLine(style.green(`${what} ${done.length} migration${done.length === 1 ? '' : 's'}.`));
  } else {
    const error = serializeError(result.error);
    for (const line of errorLines(error, result.interrupted ? 'Interrupted:' : 'Error:')) writeError(line);
    writeError(`${what} before the stop: ${done.length ? done.map((s) => terminalName(s.file)).join(', ') : 'none'}.`);
    if (notRun.length) writeError(`Not run: ${notRun.map((s) => terminalName(s.file)).join(', ')}.`);
  }
  for (const stays of result.staysApplied ?? [])
    writeLine(`${style.yellow('Stays applied:')} ${terminalName(stays.version)} (${terminalText(stays.reason)}).`);
  if (result.serverWork)
    writeError(`${result.serverWork.clear ? '' : `${style.yellow('Warning:')} `}${terminalText(result.serverWork.message)}`);
  for (const note of result.notes ?? []) writeError(`${style.yellow('Note:')} ${terminalText(note)}`);
  if (result.schemaWarning) writeError(`${style.yellow('Warning:')} ${terminalText(result.schemaWarning)}`);
  if (result.historyWarning) writeError(`${style.yellow('Warning:')} ${terminalText(result.historyWarning)}`);
}

export function runResultJson(result: RunResult) {
  return {
    ok: result.ok,
    direction: result.direction,
    interrupted: result.interrupted,
    migrations: result.steps.map((s) => ({
      version: s.version,
      name: s.name,
      file: s.file,
      status: s.status,
      durationMs: s.durationMs ?? null,
      startedAt: s.startedAt ?? null,
      error: s.error ?? null,
    })),
    schemaWritten: result.schemaWritten,
    historyWritten: !result.historyWarning,
    warnings: [result.schemaWarning, result.historyWarning].filter((w): w is string => Boolean(w)),
    planId: result.planId ?? null,
    verified: result.verified ?? false,
    staysApplied: result.staysApplied ?? [],
    notes: result.notes ?? [],
    backup: result.backup ?? null,
    serverWork: result.serverWork ?? null,
    ...(result.error ? { error: serializeError(result.error) } : {}),
  };
}

const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * An AbortSignal that fires on Ctrl-C, SIGTERM (a deploy tool stopping dbtk) or SIGHUP (the
 * terminal closed), so dbmate is stopped cleanly instead of killed and dbtk can read back what
 * the database now holds, dump the schema and record history before it exits.
 */
export function interruptSignal(): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  for (const name of STOP_SIGNALS) process.on(name, onSignal);
  return {
    signal: controller.signal,
    dispose: () => {
      for (const name of STOP_SIGNALS) process.off(name, onSignal);
    },
  };
}
