// `dbtk mark applied|pending VERSION…`: record versions as applied, or forget them, without
// running their SQL. Asks first (production: type the connection's name); `--yes` for scripts.

import type { Command } from 'commander';
import { parseMarkDirection } from '../../core/project/mark.js';
import { confirmDestructive } from '../confirm.js';
import { globalOptions, openProjectFromCli } from '../context.js';
import { runAction, style, writeError, writeJson, writeLine } from '../output.js';
import { addLockTimeoutOption, lockOptions, type LockFlags } from '../run-options.js';

interface MarkFlags extends LockFlags {
  json?: boolean;
  yes?: boolean;
}

export function register(program: Command): void {
  const command = program
    .command('mark')
    .description('record versions as applied, or as pending, without running their SQL')
    .argument('<state>', 'applied or pending')
    .argument('<versions...>', 'the versions (the digits the migration file names start with)')
    .option('--json', 'print JSON')
    .option('-y, --yes', 'do not ask for confirmation (for scripts)')
    .addHelpText(
      'after',
      '\nExamples:\n  dbtk mark applied 20240101120000     # the database already has this change (e.g. after dbtk diff --generate)\n  dbtk mark pending 20240101120000     # forget it was applied, so `up` runs it again',
    );
  addLockTimeoutOption(command).action(
    runAction(async (state: string, versions: string[], opts: MarkFlags, cmd: Command) => {
      const json = Boolean(opts.json || globalOptions(cmd).json);
      const direction = parseMarkDirection(state);
      const project = await openProjectFromCli(cmd);
      const plan = await project.planMark(direction, versions);
      const list = plan.versions.map((v) => (v.file ? v.file : v.version)).join(', ');
      await confirmDestructive({
        config: project.config,
        action: `Mark ${list} as ${direction} on ${project.config.redactedUrl} without running ${direction === 'applied' ? 'its up' : 'its down'} SQL`,
        yes: opts.yes ?? globalOptions(cmd).yes,
        connectionFlag: globalOptions(cmd).connection,
      });
      const result = await project.mark(plan, lockOptions(opts));
      const warnings = [result.historyWarning, result.schemaWarning].filter((w): w is string => Boolean(w));
      const message = `Marked ${plan.versions.length} version${plan.versions.length === 1 ? '' : 's'} as ${direction}: ${plan.versions.map((v) => v.version).join(', ')}`;
      if (json)
        writeJson({
          ok: true,
          command: 'mark',
          state: direction,
          versions: plan.versions,
          message,
          historyWritten: !result.historyWarning,
          warnings,
        });
      else {
        writeLine(style.green(message));
        for (const warning of warnings) writeError(`${style.yellow('Warning:')} ${warning}`);
      }
    }),
  );
}
