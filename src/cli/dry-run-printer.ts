// Prints a dry run (the plan tried on a throw-away copy of the database) while it happens and
// its report, in text or JSON; and a rollback's preview of what it deletes and, after it,
// the check that it did.

import type { Command } from 'commander';
import type { Project } from '../core/project/project.js';
import type { DownDrops, DownVerification } from '../core/runs/down-drops.js';
import { describeDrop } from '../core/runs/describe-drop.js';
import type { DryRunEvent, DryRunReport } from '../core/runs/dry-run.js';
import type { RunPlan } from '../core/runs/types.js';
import { formatDurationMs } from '../core/shared/duration.js';
import { DbtkError } from '../core/shared/errors.js';
import { terminalName, terminalText } from '../core/shared/terminal-text.js';
import { EXIT, errorLines, style, writeError, writeJson, writeLine } from './output.js';
import { interruptSignal } from './run-printer.js';

/** Copies bigger than this get a warning before `--with-data` copies them. */
const BIG_COPY_BYTES = 1024 ** 3;

export function addDryRunOptions(command: Command): Command {
  return command
    .option('--dry-run', 'try it on a throw-away copy of the database (the database itself is not changed)')
    .option('--with-data', 'with --dry-run: copy the data too, not only the schema (PostgreSQL, MySQL; SQLite copies always have it)');
}

export interface DryRunFlags {
  dryRun?: boolean;
  withData?: boolean;
}

/** `--with-data` without `--dry-run` is a mistake, said before anything is done. */
export function checkDryRunFlags(flags: DryRunFlags, incompatible: Record<string, unknown> = {}): void {
  if (flags.withData && !flags.dryRun) throw new DbtkError('usage', '--with-data only goes with --dry-run.');
  if (!flags.dryRun) return;
  for (const [flag, value] of Object.entries(incompatible))
    if (value) throw new DbtkError('usage', `--dry-run cannot be combined with ${flag}.`);
}

const size = (bytes: number) =>
  bytes >= 1024 ** 3
    ? `${(bytes / 1024 ** 3).toFixed(1)} GB`
    : bytes >= 1024 ** 2
      ? `${(bytes / 1024 ** 2).toFixed(1)} MB`
      : `${Math.ceil(bytes / 1024)} kB`;

function printDryRunEvent(event: DryRunEvent, withData: boolean): void {
  switch (event.type) {
    case 'copying':
      writeLine(style.dim(withData ? 'Copying the database, data included…' : 'Copying the database…'));
      break;
    case 'copied': {
      const what =
        event.copy.kind === 'sqlite_file' ? 'file' : event.copy.kind === 'shadow_database' ? 'shadow database' : 'scratch database';
      const data = event.copy.withData ? 'schema and data' : 'schema only';
      writeLine(`Dry run on a copy (${what} ${terminalName(event.copy.label)}, ${data}):`);
      if (withData && event.copy.kind !== 'sqlite_file' && (event.copy.sizeBytes ?? 0) > BIG_COPY_BYTES)
        writeError(
          `${style.yellow('Warning:')} --with-data copied ${size(event.copy.sizeBytes!)} of data; the copy takes as much room on the server until it is dropped.`,
        );
      break;
    }
    case 'started':
      break;
    case 'finished': {
      const step = event.step;
      const mark = step.status === 'done' ? style.green('✔') : style.red('✖');
      const verb = step.status === 'done' ? 'ok' : `failed (${step.error?.kind ?? 'unknown'})`;
      writeLine(
        `${mark} [${event.index + 1}/${event.total}] ${terminalName(step.file)} ${verb} ${style.dim(`in ${formatDurationMs(step.durationMs ?? 0)}`)}`,
      );
      if (step.error) for (const line of errorLines(step.error)) writeLine(`    ${line}`);
      if (step.schema) {
        if (step.schema.changes.length === 0) writeLine(style.dim('    schema: no change'));
        for (const change of step.schema.changes) writeLine(`    ${terminalText(change.text)}`);
      }
      break;
    }
    case 'removed':
      break;
  }
}

function printDryRunSummary(report: DryRunReport): void {
  if (report.error && !report.steps.some((s) => s.error))
    for (const line of errorLines(report.error, report.interrupted ? 'Interrupted:' : 'Error:')) writeError(line);
  const done = report.steps.filter((s) => s.status === 'done').length;
  const notRun = report.steps.filter((s) => s.status === 'not_run');
  if (report.ok) writeLine(style.green(`Dry run: all ${done} step${done === 1 ? '' : 's'} succeeded on the copy.`));
  else {
    const failed = report.steps.find((s) => s.status === 'failed');
    writeError(
      `${style.red('Dry run:')} ${failed ? `${terminalName(failed.file)} fails (${failed.error?.kind ?? 'unknown'})` : report.interrupted ? 'interrupted' : 'could not run'}; ${done} step${done === 1 ? '' : 's'} succeeded before it.`,
    );
    if (notRun.length) writeError(`Not tried: ${notRun.map((s) => terminalName(s.file)).join(', ')}.`);
  }
  for (const warning of report.warnings) writeError(`${style.yellow('Warning:')} ${terminalText(warning)}`);
  if (report.copy?.removed) writeLine(style.dim(`The copy was removed; ${terminalName(report.database)} was not changed.`));
  else if (report.copy?.removeError) writeError(`${style.yellow('Warning:')} ${terminalText(report.copy.removeError)}`);
  else writeLine(style.dim(`${terminalName(report.database)} was not changed.`));
}

/** Runs `plan` on a copy, prints it, and returns the exit code (0: every step succeeded on the copy). */
export async function runDryRun(project: Project, plan: RunPlan, flags: { withData?: boolean; json: boolean }): Promise<number> {
  const interrupt = interruptSignal();
  try {
    const report = await project.dryRun(plan, {
      withData: flags.withData,
      signal: interrupt.signal,
      onEvent: flags.json ? undefined : (event) => printDryRunEvent(event, Boolean(flags.withData)),
    });
    if (flags.json) writeJson({ dryRun: true, ...report });
    else printDryRunSummary(report);
    return report.ok ? EXIT.OK : EXIT.FAILED;
  } finally {
    interrupt.dispose();
  }
}

/** What the rollback drops, step by step, with row counts; the empty down sections said as such. */
export function printDrops(drops: DownDrops): void {
  for (const step of drops.steps) {
    if (step.emptyDown) {
      writeLine(`  ${style.yellow('!')} ${terminalName(step.file)}: empty down section: its version is unrecorded, but nothing is undone.`);
      continue;
    }
    for (const drop of step.drops) writeLine(`  ${style.red('✖')} ${terminalName(step.file)} drops ${terminalText(describeDrop(drop))}`);
  }
}

export function printVerification(verification: DownVerification): void {
  if (!verification.checked) {
    writeError(
      `${style.yellow('Note:')} the database could not be asked again whether the rolled-back versions and dropped objects are gone.`,
    );
    return;
  }
  const gone = verification.versionsGone.length;
  const objects = verification.objectsGone.length;
  writeLine(
    style.dim(
      `Verified: ${gone} version${gone === 1 ? '' : 's'} no longer applied${objects ? `, and ${objects} dropped object${objects === 1 ? '' : 's'} gone (${verification.objectsGone.map((o) => describeDrop(o, true)).join(', ')})` : ''}.`,
    ),
  );
  if (verification.versionsStillApplied.length)
    writeError(`${style.yellow('Warning:')} still applied after the rollback: ${verification.versionsStillApplied.join(', ')}.`);
  for (const left of verification.objectsLeft)
    writeError(`${style.yellow('Warning:')} the down section drops ${terminalText(describeDrop(left, true))}, but it is still there.`);
}
