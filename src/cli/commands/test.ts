// `dbtk test [--from V] [--to V] [--json] [--keep] [--format github]`: every migration goes up,
// down and up again on an empty scratch database, and the down must give back the schema it
// started from. The project's database is not touched.

import type { Command } from 'commander';
import type { MigrationTestEvent, MigrationTestReport, MigrationTestResult } from '../../core/runs/migration-test.js';
import { formatDurationMs } from '../../core/shared/duration.js';
import { DbtkError } from '../../core/shared/errors.js';
import { terminalName, terminalText } from '../../core/shared/terminal-text.js';
import { openProjectFromCli } from '../context.js';
import { EXIT, errorLines, runAction, style, writeError, writeJson, writeLine } from '../output.js';
import { interruptSignal } from '../run-printer.js';

interface TestFlags {
  from?: string;
  to?: string;
  json?: boolean;
  keep?: boolean;
  format?: string;
}

const FORMATS = ['text', 'github'] as const;

function printEvent(event: MigrationTestEvent): void {
  if (event.type === 'scratch_created')
    writeLine(
      style.dim(`Testing on ${event.kind === 'sqlite_file' ? 'the scratch file' : 'the scratch database'} ${terminalName(event.label)}…`),
    );
  if (event.type === 'finished') printResult(event.result, event.index, event.total);
}

function timings(result: MigrationTestResult): string {
  const parts = (['up', 'down', 'up_again'] as const)
    .filter((k) => result.durations[k] !== undefined)
    .map((k) => `${k === 'up_again' ? 'up again' : k} ${formatDurationMs(result.durations[k])}`);
  return parts.length ? style.dim(` (${parts.join(', ')})`) : '';
}

function printResult(result: MigrationTestResult, index: number, total: number): void {
  const mark = result.status === 'passed' ? style.green('✔') : style.red('✖');
  const what = result.status === 'passed' ? 'up, down, up again' : terminalText(result.reason ?? 'failed');
  writeLine(`${mark} [${index + 1}/${total}] ${terminalName(result.file)} ${what}${timings(result)}`);
  // The reason names the first difference: the list only when there are more.
  const differences = [...result.downDifferences, ...result.upAgainDifferences];
  if (differences.length > 1) for (const d of differences) writeLine(`    ${style.red('-')} ${terminalText(d.text)}`);
  if (result.assertionFailures.length > 1)
    for (const a of result.assertionFailures)
      writeLine(
        `    ${style.red('-')} ${terminalText(`assertion ${a.assertion} ${a.got} after the ${a.after === 'down' ? 'down' : 'second up'}`)}`,
      );
  if (result.error) for (const line of errorLines(result.error)) writeLine(`    ${line}`);
}

function printSummary(report: MigrationTestReport): void {
  if (report.error) for (const line of errorLines(report.error, report.interrupted ? 'Interrupted:' : 'Error:')) writeError(line);
  const { passed, failed, notRun } = report.totals;
  const line = `${passed} passed, ${failed} failed${notRun ? `, ${notRun} not tested` : ''} in ${formatDurationMs(report.durationMs)}`;
  if (report.applied.length) writeLine(style.dim(`${report.applied.length} older migration(s) applied first, not tested.`));
  if (report.ok) writeLine(style.green(`All migrations go up, down and up again: ${line}.`));
  else writeError(`${style.red('dbtk test:')} ${line}.`);
  const notTested = report.migrations.filter((m) => m.status === 'not_run');
  if (notTested.length && report.totals.failed)
    writeError(`Not tested (after the failure): ${notTested.map((m) => terminalName(m.file)).join(', ')}.`);
  const scratch = report.scratch;
  if (scratch?.kept)
    writeLine(
      `The scratch database was kept: ${terminalName(scratch.label)}${scratch.kind === 'sqlite_file' ? '' : ` (${terminalName(scratch.url ?? '')})`}. Connect with \`dbtk --url '<its URL>' status\` or your SQL client; ${scratch.kind === 'sqlite_file' ? 'delete its folder' : scratch.kind === 'shadow_database' ? 'the next test or dry run empties it' : 'drop it (DROP DATABASE)'} when done.`,
    );
  else if (scratch?.removeError) writeError(`${style.yellow('Warning:')} ${terminalText(scratch.removeError)}`);
  else if (scratch?.removed) writeLine(style.dim(`The scratch database was removed; ${terminalName(report.database)} was not touched.`));
}

/** `::error file=…::` lines, one per failing migration (GitHub Actions annotations). */
export function githubAnnotations(report: MigrationTestReport): string[] {
  const escape = (text: string) => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  const property = (text: string) => escape(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
  return report.migrations
    .filter((m) => m.status === 'failed')
    .map((m) => {
      const details = [
        ...[...m.downDifferences, ...m.upAgainDifferences].map((d) => d.text),
        ...m.assertionFailures.map((a) => `assertion ${a.assertion} ${a.got} after the ${a.after === 'down' ? 'down' : 'second up'}`),
      ];
      const message = [
        m.reason ?? 'failed',
        ...details.slice(1),
        ...(m.error && !(m.reason ?? '').includes(m.error.message) ? [m.error.message] : []),
      ].join('\n');
      return `::error file=${property(m.path)},title=${property(`dbtk test: ${m.file}`)}::${escape(message)}`;
    });
}

export function register(program: Command): void {
  program
    .command('test')
    .description('prove on an empty scratch database that every migration goes up, down and up again (the database is not touched)')
    .option('--from <version>', 'test from this version on (older migrations are applied first, untested)')
    .option('--to <version>', 'test up to this version')
    .option('--keep', 'keep the scratch database afterwards and print how to connect')
    .option('--format <format>', `output: ${FORMATS.join(' or ')} (github: also ::error annotations for failing files)`, 'text')
    .option('--json', 'print JSON')
    .action(
      runAction(async (opts: TestFlags, cmd: Command) => {
        if (!(FORMATS as readonly string[]).includes(opts.format ?? 'text'))
          throw new DbtkError('usage', `--format ${opts.format}: use ${FORMATS.join(' or ')}.`);
        const project = await openProjectFromCli(cmd);
        const json = Boolean(opts.json);
        const interrupt = interruptSignal();
        try {
          const report = await project.testMigrations({
            from: opts.from,
            to: opts.to,
            keep: opts.keep,
            signal: interrupt.signal,
            onEvent: json ? undefined : printEvent,
          });
          if (json) writeJson(report);
          else printSummary(report);
          if (opts.format === 'github') for (const line of githubAnnotations(report)) writeLine(line);
          return report.ok ? EXIT.OK : EXIT.FAILED;
        } finally {
          interrupt.dispose();
        }
      }),
    );
}
