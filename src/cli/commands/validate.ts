// `dbtk validate`: checks files, connection, migration state and the dump tool, for CI.
// Exit 1 on errors (and, with --strict, on warnings); 0 otherwise.

import type { Command } from 'commander';
import { validateProject, type ValidationItem, type ValidationReport } from '../../core/project/validate.js';
import { terminalText } from '../../core/shared/terminal-text.js';
import { openProjectFromCli } from '../context.js';
import { EXIT, runAction, style, writeJson, writeLine } from '../output.js';

function itemLine(item: ValidationItem, strict: boolean): string {
  const asError = item.severity === 'error' || strict;
  const badge = asError ? style.red(`✖ ${item.severity}`) : style.yellow('⚠ warning');
  const where = item.file ? `${item.file}${item.line ? `:${item.line}` : ''}` : (item.version ?? '');
  return `${badge}  ${where ? `${where}  ` : ''}${style.bold(item.code)}: ${item.message}`;
}

const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function printReport(report: ValidationReport, title: string): void {
  writeLine(title);
  for (const check of report.checks) writeLine(`${check.ok ? style.green('✔') : style.red('✖')} ${check.message}`);
  if (report.items.length) writeLine();
  for (const item of report.items) {
    writeLine(itemLine(item, report.strict));
    if (item.hint) writeLine(`    ${style.dim(`Fix: ${item.hint}`)}`);
    if (item.detail) writeLine(`    ${style.dim('Detail:')} ${terminalText(item.detail)}`);
  }
  writeLine();
  const summary = `${count(report.errors, 'error')}, ${count(report.warnings, 'warning')}${report.strict && report.warnings ? ' (--strict: warnings count as errors)' : ''}`;
  writeLine(report.ok ? style.green(`Valid: ${summary}.`) : style.red(`Not valid: ${summary}.`));
}

export function register(program: Command): void {
  program
    .command('validate')
    .description('check migration files, the connection, applied migrations (checksums) and the dump tool; exit 1 on problems (for CI)')
    .option('--strict', 'treat warnings as errors')
    .option('--json', 'print JSON')
    .action(
      runAction(async (opts: { strict?: boolean; json?: boolean }, command: Command) => {
        const project = await openProjectFromCli(command);
        const report = await validateProject(project, { strict: opts.strict });
        if (opts.json) writeJson({ ...report, connection: project.config.connectionName, url: project.config.redactedUrl });
        else printReport(report, `Validating ${project.config.connectionName} (${project.config.redactedUrl})`);
        return report.ok ? EXIT.OK : EXIT.FAILED;
      }),
    );
}
