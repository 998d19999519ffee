// `dbtk squash --to VERSION`: the migrations up to VERSION replaced by one file holding the
// schema they produce (built and checked on empty scratch databases), the old files moved
// aside, and on a database where they are all applied the old versions retired.

import path from 'node:path';
import type { Command } from 'commander';
import { executeSquash, planSquash } from '../../core/project/squash.js';
import { DbtkError } from '../../core/shared/errors.js';
import { terminalText as safeText } from '../../core/shared/terminal-text.js';
import { confirmDestructive } from '../confirm.js';
import { globalOptions, openProjectFromCli } from '../context.js';
import { runAction, style, writeError, writeJson, writeLine } from '../output.js';
import { interruptSignal } from '../run-printer.js';
import { addLockTimeoutOption, lockOptions, type LockFlags } from '../run-options.js';

interface SquashFlags extends LockFlags {
  to?: string;
  name?: string;
  delete?: boolean;
  dryRun?: boolean;
  json?: boolean;
  yes?: boolean;
}

export function register(program: Command): void {
  const command = program
    .command('squash')
    .description('replace the migrations up to a version by one file holding the schema they produce')
    .requiredOption('--to <version>', 'the last migration to squash (it and every one before it)')
    .option('--name <name>', 'the squashed file is <version>_<name>.sql', 'squashed')
    .option('--delete', 'delete the old files instead of moving them into squashed/')
    .option('--dry-run', 'print the squashed file and what would change, change nothing')
    .option('--json', 'print JSON')
    .option('-y, --yes', 'do not ask for confirmation (for scripts)')
    .addHelpText(
      'after',
      '\nExample:\n  dbtk squash --to 20240301000000   # db/migrations/20240301000000_squashed.sql; old files moved to db/migrations/squashed/',
    );
  addLockTimeoutOption(command).action(
    runAction(async (opts: SquashFlags, cmd: Command) => {
      const json = Boolean(opts.json || globalOptions(cmd).json);
      if (!opts.to) throw new DbtkError('usage', 'Say up to which version to squash: --to VERSION.');
      const project = await openProjectFromCli(cmd);
      // Ctrl-C while the scratch databases are built: they are removed, nothing was changed.
      const interrupt = interruptSignal();
      const plan = await planSquash(project, opts.to, { name: opts.name, signal: interrupt.signal }).finally(() => interrupt.dispose());
      const shown = (file: string) => safeText(path.relative(project.config.cwd, file) || file);
      const database =
        plan.database === 'applied'
          ? `retire ${plan.replaces.length - 1} version(s) from ${project.config.migrationsTable} on ${project.config.redactedUrl}`
          : 'nothing to record (none of them is applied on the database)';
      if (opts.dryRun) {
        if (json) writeJson({ ok: true, command: 'squash', dryRun: true, ...plan });
        else {
          writeLine(safeText(plan.content.trimEnd()));
          writeLine();
          writeLine(
            style.dim(`Dry run: ${shown(plan.path)} would replace ${plan.replaces.length} migrations; ${database}. Nothing was changed.`),
          );
          for (const warning of plan.warnings) writeError(`${style.yellow('Warning:')} ${safeText(warning)}`);
        }
        return;
      }
      if (!json) for (const warning of plan.warnings) writeError(`${style.yellow('Warning:')} ${safeText(warning)}`);
      await confirmDestructive({
        config: project.config,
        action: `Replace ${plan.replaces.length} migrations (${plan.replaces[0].version} … ${plan.version}) by ${shown(plan.path)}, ${opts.delete ? 'delete' : 'move aside'} the old files, and ${database}`,
        yes: opts.yes ?? globalOptions(cmd).yes,
        connectionFlag: globalOptions(cmd).connection,
      });
      // Moving the files and recording take a moment and are not stopped halfway: a Ctrl-C now waits for them.
      const hold = interruptSignal();
      const result = await executeSquash(project, plan, { ...lockOptions(opts), delete: opts.delete }).finally(() => hold.dispose());
      const warnings = [...plan.warnings, result.historyWarning, result.schemaWarning].filter((w): w is string => Boolean(w));
      if (json) writeJson({ ok: true, command: 'squash', dryRun: false, ...result, warnings });
      else {
        writeLine(`${style.green('Created')} ${shown(result.path)} ${style.dim(`(replaces ${result.replaces.length} migrations)`)}`);
        const folder = shown(path.dirname(result.moves[0].to));
        writeLine(
          result.deleted
            ? `${style.green('Deleted')} the ${result.moves.length} old files`
            : `${style.green('Moved')} the ${result.moves.length} old files to ${folder}/`,
        );
        if (result.retired.length)
          writeLine(
            `${style.green('Retired')} ${result.retired.length} version(s) from ${project.config.migrationsTable}: ${result.retired.join(', ')}`,
          );
        for (const note of result.downNotes) writeLine(style.yellow(`  down: ${safeText(note)}`));
        for (const warning of [result.historyWarning, result.schemaWarning].filter(Boolean))
          writeError(`${style.yellow('Warning:')} ${warning}`);
      }
    }),
  );
}
