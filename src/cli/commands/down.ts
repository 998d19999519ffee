// `dbtk down` / `dbtk rollback`: roll back the last N migrations or down to a version.

import type { Command } from 'commander';
import { confirmDestructive } from '../confirm.js';
import { globalOptions, openProjectFromCli } from '../context.js';
import { EXIT, runAction, style, writeJson, writeLine } from '../output.js';
import { interruptSignal, printRunEvent, printRunSummary, runResultJson } from '../run-printer.js';
import { DbtkError } from '../../core/shared/errors.js';

interface DownFlags {
  steps?: string;
  to?: string;
  yes?: boolean;
  json?: boolean;
}

function parseSteps(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1)
    throw new DbtkError('usage', `--steps must be a whole number of at least 1 (got "${value}").`);
  return Number(value);
}

export function register(program: Command): void {
  program
    .command('down')
    .alias('rollback')
    .description('roll back the newest applied migration (or several)')
    .option('--steps <n>', 'roll back the last N applied migrations')
    .option('--to <version>', 'roll back every migration above VERSION (VERSION stays applied; 0 = all)')
    .option('-y, --yes', 'do not ask for confirmation (for scripts)')
    .option('--json', 'print JSON')
    .action(
      runAction(async (opts: DownFlags, command: Command) => {
        if (opts.steps !== undefined && opts.to !== undefined) throw new DbtkError('usage', 'Use either --steps or --to, not both.');
        const project = await openProjectFromCli(command);
        const plan = await project.planRollback({ steps: parseSteps(opts.steps), toVersion: opts.to });
        if (plan.length === 0) {
          if (opts.json) writeJson({ ok: true, direction: 'down', migrations: [] });
          else writeLine(style.dim(`Nothing to roll back: nothing is applied above ${opts.to}.`));
          return EXIT.OK;
        }
        if (!opts.json) {
          writeLine(
            `Will roll back ${plan.length} migration${plan.length === 1 ? '' : 's'} on ${project.config.connectionName} (${project.config.redactedUrl}):`,
          );
          for (const step of plan) writeLine(`  ${style.yellow('↩')} ${step.file}`);
        }
        await confirmDestructive({
          config: project.config,
          action: `Roll back ${plan.length} migration${plan.length === 1 ? '' : 's'} on ${project.config.connectionName}`,
          yes: opts.yes ?? globalOptions(command).yes,
          connectionFlag: globalOptions(command).connection,
        });
        const interrupt = interruptSignal();
        try {
          const result = await project.rollback(plan, { signal: interrupt.signal, onEvent: opts.json ? undefined : printRunEvent });
          if (opts.json) writeJson(runResultJson(result));
          else printRunSummary(result);
          return result.ok ? EXIT.OK : EXIT.FAILED;
        } finally {
          interrupt.dispose();
        }
      }),
    );
}
