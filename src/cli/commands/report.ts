// `dbtk report [-o FILE] [--json]`: writes a redacted Markdown diagnostics file for a bug
// report (versions, doctor, the last failure, recent history) and prints its path.

import path from 'node:path';
import type { Command } from 'commander';
import { writeDiagnosticsReport } from '../../core/project/diagnostics-report.js';
import { openProjectFromCli } from '../context.js';
import { runAction, style, writeJson, writeLine } from '../output.js';

export function register(program: Command): void {
  program
    .command('report')
    .description('write a diagnostics file for a bug report (versions, doctor, last failure, history), passwords removed')
    .option('-o, --output <file>', 'where to write it (default: .dbtk/report-<time>.md)')
    .option('--json', 'print JSON')
    .action(
      runAction(async (opts: { output?: string; json?: boolean }, command: Command) => {
        const project = await openProjectFromCli(command);
        const file = await writeDiagnosticsReport(project, { output: opts.output });
        if (opts.json) return writeJson({ ok: true, path: file });
        const shown = path.relative(process.cwd(), file);
        writeLine(`${style.green('Wrote')} ${shown.startsWith('..') ? file : shown}`);
        writeLine(style.dim('Passwords and secrets are replaced by ***; read it before you share it.'));
      }),
    );
}
