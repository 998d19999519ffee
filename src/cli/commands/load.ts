// `dbtk load`: load the schema file into the database (production asks for its name), under
// the database's run lock like every run that changes it.

import type { Command } from 'commander';
import { confirmDestructive } from '../confirm.js';
import { globalOptions, openProjectFromCli } from '../context.js';
import { reconcileInterruptedRuns } from '../interrupted-runs.js';
import { runAction, style, writeError, writeJson, writeLine } from '../output.js';
import { addLockTimeoutOption, lockOptions, type LockFlags } from '../run-options.js';

interface LoadFlags extends LockFlags {
  json?: boolean;
  yes?: boolean;
}

export function register(program: Command): void {
  const command = program
    .command('load')
    .description('load the schema file into the database')
    .option('--json', 'print JSON')
    .option('-y, --yes', 'do not ask for confirmation (for scripts)');
  addLockTimeoutOption(command).action(
    runAction(async (opts: LoadFlags, cmd: Command) => {
      const lock = lockOptions(opts);
      const project = await openProjectFromCli(cmd);
      await reconcileInterruptedRuns(project);
      if (project.config.production) {
        await confirmDestructive({
          config: project.config,
          action: `Load ${project.config.schemaFile} into ${project.config.redactedUrl}`,
          yes: opts.yes ?? globalOptions(cmd).yes,
          connectionFlag: globalOptions(cmd).connection,
        });
      }
      const result = await project.load(lock);
      const lines = result.raw.split('\n').filter(Boolean);
      const warnings = result.historyWarning ? [result.historyWarning] : [];
      const message = `Loaded ${project.config.schemaFile}`;
      if (opts.json) writeJson({ ok: true, command: 'load', message, output: lines, historyWritten: !result.historyWarning, warnings });
      else {
        for (const line of lines) writeLine(style.dim(line));
        writeLine(style.green(message));
        for (const warning of warnings) writeError(`${style.yellow('Warning:')} ${warning}`);
      }
    }),
  );
}
