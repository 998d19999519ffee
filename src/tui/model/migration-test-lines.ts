// Lines of the migration test dialog (`t` on the dashboard): one line per migration tested so
// far (✔ / ✖ with the reason), its differences and failed assertions under it, then the totals.

import type { MigrationTestOverlay } from '../app-state.js';
import { formatDurationMs } from '../../core/shared/duration.js';
import { terminalName, terminalText } from '../../core/shared/terminal-text.js';
import { line, wrapped, type Line } from './lines.js';

export function migrationTestLines(overlay: MigrationTestOverlay, width: number): Line[] {
  const lines: Line[] = [];
  if (overlay.scratch)
    lines.push(line(`On the scratch database ${terminalName(overlay.scratch)} (the connected database is not touched)`, 'dim'));
  for (const [index, result] of overlay.results.entries()) {
    const count = `[${index + 1}/${overlay.total ?? overlay.results.length}]`;
    if (result.status === 'passed') lines.push(line(`✔ ${count} ${terminalName(result.file)} up, down, up again`, 'success'));
    else lines.push(...wrapped(`✖ ${count} ${terminalName(result.file)} ${terminalText(result.reason ?? 'failed')}`, 'error', width));
    for (const d of [...result.downDifferences, ...result.upAgainDifferences])
      lines.push(...wrapped(`    - ${terminalText(d.text)}`, 'warning', width));
    for (const a of result.assertionFailures)
      lines.push(
        ...wrapped(
          `    - assertion ${terminalText(a.assertion)} ${terminalText(a.got)} after the ${a.after === 'down' ? 'down' : 'second up'}`,
          'warning',
          width,
        ),
      );
    if (result.error) lines.push(...wrapped(`    ${terminalText(result.error.message)}`, 'dim', width));
  }
  if (overlay.running)
    lines.push(
      line(overlay.current ? `… ${terminalName(overlay.current)} (esc stops)` : 'Making the scratch database… (esc stops)', 'dim'),
    );
  if (overlay.error) lines.push(...wrapped(`✖ ${terminalText(overlay.error)}`, 'error', width));
  const report = overlay.report;
  if (report) {
    const { passed, failed, notRun } = report.totals;
    const totals = `${passed} passed, ${failed} failed${notRun ? `, ${notRun} not tested` : ''} in ${formatDurationMs(report.durationMs)}`;
    lines.push(line(''));
    lines.push(
      report.ok ? line(`All migrations go up, down and up again: ${totals}.`, 'success') : line(`Migration test: ${totals}.`, 'error'),
    );
    if (report.scratch?.removeError) lines.push(...wrapped(terminalText(report.scratch.removeError), 'warning', width));
    else if (report.scratch?.removed) lines.push(line('The scratch database was removed.', 'dim'));
  }
  return lines;
}
