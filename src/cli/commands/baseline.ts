// `dbtk baseline [NAME]`: a database with tables but no migrations gets its schema as a first
// migration, recorded as applied without running, and its schema file written.

import path from 'node:path';
import type { Command } from 'commander';
import { executeBaseline, planBaseline } from '../../core/project/baseline.js';
import { confirmDestructive } from '../confirm.js';
import { globalOptions, openProjectFromCli } from '../context.js';
import { runAction, style, writeError, writeJson, writeLine } from '../output.js';
import { addLockTimeoutOption, lockOptions, type LockFlags } from '../run-options.js';

interface BaselineFlags extends LockFlags {
  json?: boolean;
  yes?: boolean;
  dryRun?: boolean;
}

export function register(program: Command): void {
  const command = program
    .command('baseline')
    .description('turn an existing database without migrations into a first migration, recorded as applied')
    .argument('[name]', 'the migration name', 'baseline')
    .option('--dry-run', 'print the migration instead of writing and recording it')
    .option('--json', 'print JSON')
    .option('-y, --yes', 'do not ask for confirmation (for scripts)')
    .addHelpText(
      'after',
      '\nExample:\n  dbtk baseline            # db/migrations/<version>_baseline.sql, recorded as applied; db/schema.sql written',
    );
  addLockTimeoutOption(command).action(
    runAction(async (name: string, opts: BaselineFlags, cmd: Command) => {
      const json = Boolean(opts.json || globalOptions(cmd).json);
      const project = await openProjectFromCli(cmd);
      const plan = await planBaseline(project, name);
      const tables = plan.objects.filter((o) => o.kind === 'table').length;
      if (opts.dryRun) {
        if (json) writeJson({ ok: true, command: 'baseline', dryRun: true, ...plan });
        else {
          writeLine(plan.content.trimEnd());
          writeLine();
          writeLine(style.dim(`Dry run: ${tables} table(s); nothing was written or recorded.`));
        }
        return;
      }
      await confirmDestructive({
        config: project.config,
        action: `Write a baseline migration of ${tables} table(s) and record it as applied on ${project.config.redactedUrl}`,
        yes: opts.yes ?? globalOptions(cmd).yes,
        connectionFlag: globalOptions(cmd).connection,
      });
      const result = await executeBaseline(project, plan, lockOptions(opts));
      const warnings = result.historyWarning ? [result.historyWarning] : [];
      const shown = (file: string) => path.relative(project.config.cwd, file) || file;
      if (json) writeJson({ ok: true, command: 'baseline', dryRun: false, ...result, warnings });
      else {
        writeLine(`${style.green('Created')} ${shown(result.path)} ${style.dim(`(${tables} table(s), recorded as applied)`)}`);
        for (const note of result.downNotes) writeLine(style.yellow(`  down: ${note}`));
        writeLine(`${style.green('Wrote')} ${shown(result.schemaFile)}`);
        for (const warning of warnings) writeError(`${style.yellow('Warning:')} ${warning}`);
      }
    }),
  );
}
