// `dbtk status`: every migration with its state, as a table or JSON.

import type { Command } from 'commander';
import { formatDurationMs } from '../../core/shared/duration.js';
import type { MigrationStatusEntry, ProjectStatus } from '../../core/migrations/status.js';
import { terminalName, terminalText } from '../../core/shared/terminal-text.js';
import { timeAgo } from '../../core/shared/time.js';
import { globalOptions, openProjectFromCli } from '../context.js';
import { reconcileInterruptedRuns } from '../interrupted-runs.js';
import { EXIT, runAction, style, writeJson, writeLine } from '../output.js';

const BADGE: Record<MigrationStatusEntry['status'], (s: string) => string> = {
  applied: (s) => style.green(s),
  pending: (s) => style.yellow(s),
  missing: (s) => style.red(s),
};
const SYMBOL: Record<MigrationStatusEntry['status'], string> = { applied: '✔ applied', pending: '● pending', missing: '✖ missing' };

export function statusJson(status: ProjectStatus, connection: { name: string; url: string }) {
  return {
    ok: true,
    connection: connection.name,
    url: connection.url,
    applied: status.applied,
    pending: status.pending,
    missing: status.missing,
    missingFilesChecked: status.missingFilesChecked,
    historyWarnings: status.historyWarnings ?? [],
    migrations: status.migrations.map((m) => ({
      version: m.version,
      name: m.name,
      file: m.file,
      status: m.status,
      appliedAt: m.appliedAt ?? null,
      durationMs: m.durationMs ?? null,
      appliedBy: m.appliedBy ?? null,
      warnings: m.warnings,
      problems: m.problems.map((p) => ({ code: p.code, severity: p.severity, message: p.message, line: p.line ?? null })),
    })),
  };
}

export function printStatusTable(status: ProjectStatus): void {
  const rows = status.migrations.map((m) => [
    BADGE[m.status](SYMBOL[m.status]),
    terminalName(m.version),
    m.name ? terminalName(m.name) : style.dim('(file missing)'),
    m.appliedAt ? timeAgo(m.appliedAt) : m.status === 'pending' ? '' : style.dim('unknown'),
    m.durationMs === undefined ? '' : formatDurationMs(m.durationMs),
    m.appliedBy ?? '',
    m.warnings.length || m.problems.length
      ? style.yellow(`⚠ ${[...m.warnings.map((w) => w.code), ...m.problems.map((p) => p.code)].join(', ')}`)
      : '',
  ]);
  const header = ['STATUS', 'VERSION', 'NAME', 'APPLIED', 'TIME', 'BY', 'WARNINGS'];
  // eslint-disable-next-line no-control-regex -- ESC starts the colour codes that take no width
  const visible = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '').length;
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => visible(r[i]))));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c + ' '.repeat(widths[i] - visible(c)))
      .join('  ')
      .trimEnd();
  if (rows.length === 0) writeLine(style.dim('No migrations yet. Create one with `dbtk new NAME`.'));
  else {
    writeLine(style.bold(line(header)));
    for (const row of rows) writeLine(line(row));
  }
  writeLine();
  writeLine(`Applied: ${status.applied}  Pending: ${status.pending}${status.missing ? `  Missing files: ${status.missing}` : ''}`);
  if (!status.missingFilesChecked)
    writeLine(style.dim('(could not read the migrations table: applied migrations whose file is gone are not shown)'));
  printWarningDetails(status);
}

/** Each warning in words, below the table (the table only has room for codes). */
function printWarningDetails(status: ProjectStatus): void {
  const details = status.migrations.flatMap((m) =>
    m.warnings.map((w) => `  ${terminalName(m.version)} ${style.yellow(w.code)}: ${terminalText(w.message)}`),
  );
  if (details.length) {
    writeLine();
    writeLine('Warnings:');
    for (const line of details) writeLine(line);
  }
  for (const warning of status.historyWarnings ?? []) writeLine(style.dim(`History: ${terminalText(warning)}`));
}

export function register(program: Command): void {
  program
    .command('status')
    .description('list applied and pending migrations')
    .option('--json', 'print JSON')
    .option('--exit-code', 'exit 1 when migrations are pending (for CI)')
    .action(
      runAction(async (opts: { json?: boolean; exitCode?: boolean }, command: Command) => {
        const project = await openProjectFromCli(command);
        await reconcileInterruptedRuns(project);
        const status = await project.status();
        if (opts.json || globalOptions(command).json)
          writeJson(statusJson(status, { name: project.config.connectionName, url: project.config.redactedUrl }));
        else printStatusTable(status);
        return opts.exitCode && status.pending > 0 ? EXIT.FAILED : EXIT.OK;
      }),
    );
}
