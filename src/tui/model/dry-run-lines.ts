// Text of what the run dialogs add for safety: the rollback's "what it deletes" (tables,
// columns and indexes with live row counts, empty down sections), the dry run on a copy
// (`t`), and after a rollback the check that its versions and dropped objects are gone.

import { describeDrop } from '../../core/runs/describe-drop.js';
import type { DownDrops, DownVerification } from '../../core/runs/down-drops.js';
import { formatDurationMs } from '../../core/shared/duration.js';
import { terminalName, terminalText } from '../../core/shared/terminal-text.js';
import { line, wrapped, type Line } from './lines.js';
import type { DryRunView } from './run-state.js';
import { plural } from './text.js';

export function dropLines(drops: DownDrops | undefined, width: number): Line[] {
  if (!drops?.steps.some((s) => s.drops.length || s.emptyDown)) return [];
  const lines: Line[] = [line('What it deletes', 'heading')];
  for (const step of drops.steps) {
    if (step.emptyDown)
      lines.push(
        ...wrapped(`! ${terminalName(step.file)}: empty down section: its version is unrecorded, but nothing is undone.`, 'warning', width),
      );
    for (const drop of step.drops) lines.push(...wrapped(`✖ drops ${terminalText(describeDrop(drop))}`, 'error', width));
  }
  return [...lines, line('')];
}

export function dryRunLines(dry: DryRunView | undefined, width: number): Line[] {
  if (!dry) return [];
  if (dry.phase === 'running') return [line('Trying it on a copy of the database… (y waits; esc cancels)', 'heading'), line('')];
  const report = dry.report;
  if (!report)
    return [
      ...wrapped(`✖ The dry run could not be made: ${terminalText(dry.error?.message ?? 'unknown error')}`, 'error', width),
      line(''),
    ];
  const lines: Line[] = [line(`Dry run on a copy${report.copy ? ` (${terminalName(report.copy.label)})` : ''}`, 'heading')];
  for (const step of report.steps) {
    if (step.status === 'not_run') {
      lines.push(line(`- ${terminalName(step.file)}  not tried`, 'dim'));
      continue;
    }
    const ok = step.status === 'done';
    lines.push(
      line(
        `${ok ? '✔' : '✖'} ${terminalName(step.file)}  ${ok ? 'ok' : `failed (${step.error?.kind ?? 'unknown'})`} in ${formatDurationMs(step.durationMs ?? 0)}`,
        ok ? 'success' : 'error',
      ),
    );
    if (step.error) lines.push(...wrapped(`    ${terminalText(step.error.message)}`, 'error', width));
    if (step.error?.detail) lines.push(...wrapped(`    ${terminalText(step.error.detail)}`, 'dim', width));
    for (const change of step.schema?.changes ?? []) lines.push(...wrapped(`    ${terminalText(change.text)}`, 'dim', width));
  }
  if (report.error && !report.steps.some((s) => s.error)) lines.push(...wrapped(`✖ ${terminalText(report.error.message)}`, 'error', width));
  const done = report.steps.filter((s) => s.status === 'done').length;
  lines.push(
    ...wrapped(
      report.ok
        ? `All ${plural(done, 'step')} succeeded on the copy. y runs it for real.`
        : 'The dry run failed: the real run would fail the same way.',
      report.ok ? 'success' : 'warning',
      width,
    ),
  );
  for (const warning of report.warnings) lines.push(...wrapped(`⚠ ${terminalText(warning)}`, 'warning', width));
  lines.push(
    ...wrapped(
      report.copy?.removed === false
        ? `⚠ ${terminalText(report.copy.removeError ?? 'The copy could not be removed.')}`
        : 'The copy was removed; the database was not changed.',
      report.copy?.removed === false ? 'warning' : 'dim',
      width,
    ),
  );
  return [...lines, line('')];
}

export function verificationLines(verification: DownVerification | undefined, width: number): Line[] {
  if (!verification) return [];
  if (!verification.checked)
    return [line(''), ...wrapped('The database could not be asked again whether the rollback is complete.', 'warning', width)];
  const objects = verification.objectsGone.map((o) => describeDrop(o, true));
  const lines: Line[] = [
    line(''),
    ...wrapped(
      `Verified: ${plural(verification.versionsGone.length, 'version')} no longer applied${objects.length ? `; gone: ${terminalText(objects.join(', '))}` : ''}.`,
      'dim',
      width,
    ),
  ];
  if (verification.versionsStillApplied.length)
    lines.push(...wrapped(`⚠ Still applied: ${verification.versionsStillApplied.join(', ')}.`, 'warning', width));
  for (const left of verification.objectsLeft)
    lines.push(...wrapped(`⚠ Still there: ${terminalText(describeDrop(left, true))}.`, 'warning', width));
  return lines;
}
