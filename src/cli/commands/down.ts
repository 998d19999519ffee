// `dbtk down` / `dbtk rollback`: roll back the last N migrations or down to a version. The plan
// shows what dbmate will really roll back (dbtk decides it, never a guess), is confirmed, and
// runs exactly as shown.

import type { Command } from 'commander';
import type { Project } from '../../core/project/project.js';
import type { DownDrops } from '../../core/runs/down-drops.js';
import type { RunPlan } from '../../core/runs/types.js';
import { DbtkError } from '../../core/shared/errors.js';
import { confirmDestructive } from '../confirm.js';
import { globalOptions, openProjectFromCli } from '../context.js';
import { reconcileInterruptedRuns } from '../interrupted-runs.js';
import { EXIT, runAction, style, writeJson, writeLine } from '../output.js';
import { addDryRunOptions, checkDryRunFlags, printDrops, printVerification, runDryRun, type DryRunFlags } from '../dry-run-printer.js';
import { addLockTimeoutOption, exitTwoOnRefusal, lockOptions, type LockFlags } from '../run-options.js';
import { addNoBackupOption, checklistJson, printBackupStart, printChecklist, printRunBackup } from '../run-checklist.js';
import { interruptSignal, printRunEvent, printRunSummary, runResultJson } from '../run-printer.js';
import { prepareChecklist, preRunChecklist } from '../../core/project/checklist.js';

interface DownFlags extends LockFlags, DryRunFlags {
  /** False with --no-backup. */
  backup?: boolean;
  steps?: string;
  to?: string;
  skipMissing?: boolean;
  yes?: boolean;
  json?: boolean;
}

function parseSteps(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1)
    throw new DbtkError('usage', `--steps must be a whole number of at least 1 (got "${value}").`);
  return Number(value);
}

const plural = (n: number) => `${n} migration${n === 1 ? '' : 's'}`;

/** The plan as the user confirms it, with what it drops; with --skip-missing, each step's SQL and risk too. */
async function printPlan(project: Project, plan: RunPlan, detailed: boolean, drops: DownDrops): Promise<void> {
  writeLine(`Will roll back ${plural(plan.steps.length)} on ${project.config.connectionName}:`);
  // On a line of its own and never shortened: a narrow terminal wraps it, the name stays whole.
  writeLine(`  Database: ${plan.database.label}`);
  const risks = detailed ? await riskLabels(project, plan) : undefined;
  for (const [i, step] of plan.steps.entries()) {
    writeLine(`  ${style.yellow('↩')} ${step.file}`);
    if (!detailed) continue;
    for (const line of (step.sql || '(the down section is empty)').split('\n')) writeLine(style.dim(`      ${line}`));
    if (risks?.[i]) writeLine(`    Risk: ${risks[i]}`);
  }
  if (drops.steps.some((s) => s.drops.length || s.emptyDown)) {
    writeLine('What it deletes:');
    printDrops(drops);
  }
  // The empty down sections are said by printDrops, with the other consequences.
  for (const note of plan.notes) if (note.code !== 'empty_down') writeLine(`${style.yellow('Note:')} ${note.message}`);
}

/** Each step's risk, from the same assessment as `dbtk preview --down` (loaded only here). */
async function riskLabels(project: Project, plan: RunPlan): Promise<string[] | undefined> {
  try {
    const [{ previewMigrationFiles }, { levelLabel }] = await Promise.all([
      import('../../core/project/preview.js'),
      import('../risk-format.js'),
    ]);
    const preview = await previewMigrationFiles(
      project,
      plan.steps.map((s) => s.migration),
      { down: true },
    );
    return preview.migrations.map((m) => levelLabel(m.risk));
  } catch {
    return undefined; // the risk is an aid: the plan and its SQL are shown without it
  }
}

export function register(program: Command): void {
  const command = program
    .command('down')
    .alias('rollback')
    .description('roll back the newest applied migration (or several)')
    .option('--steps <n>', 'roll back the last N applied migrations')
    .option('--to <version>', 'roll back every migration above VERSION (VERSION stays applied; 0 = all)')
    .option(
      '--skip-missing',
      'when the newest applied migration has no file, roll back the next one that has (the missing one stays applied)',
    )
    .option('-y, --yes', 'do not ask for confirmation (for scripts)')
    .option('--json', 'print JSON');
  addDryRunOptions(command);
  addNoBackupOption(addLockTimeoutOption(command)).action(
    runAction(async (opts: DownFlags, cmd: Command) => {
      if (opts.steps !== undefined && opts.to !== undefined) throw new DbtkError('usage', 'Use either --steps or --to, not both.');
      const steps = parseSteps(opts.steps);
      checkDryRunFlags(opts);
      const lock = lockOptions(opts);
      const project = await openProjectFromCli(cmd);
      const json = Boolean(opts.json);
      return exitTwoOnRefusal(json, async () => {
        await reconcileInterruptedRuns(project, { refuseOrphans: true });
        prepareChecklist(project);
        const plan = await project.planDown({ steps, toVersion: opts.to, skipMissing: opts.skipMissing });
        if (plan.steps.length === 0) {
          if (json) writeJson({ ok: true, direction: 'down', migrations: [], staysApplied: plan.staysApplied });
          else {
            writeLine(
              style.dim(
                plan.staysApplied.length
                  ? `Nothing can be rolled back above ${opts.to}.`
                  : `Nothing to roll back: nothing is applied above ${opts.to}.`,
              ),
            );
            for (const stays of plan.staysApplied) writeLine(`${style.yellow('Stays applied:')} ${stays.version} (${stays.reason}).`);
          }
          return EXIT.OK;
        }
        if (opts.dryRun) return runDryRun(project, plan, { withData: opts.withData, json });
        const drops = await project.previewDrops(plan);
        if (!json) await printPlan(project, plan, Boolean(opts.skipMissing), drops);
        const noBackup = opts.backup === false;
        const checklist = await preRunChecklist(project, plan, { noBackup });
        if (!json) printChecklist(checklist);
        await confirmDestructive({
          config: project.config,
          action: `Roll back ${plural(plan.steps.length)} on ${project.config.connectionName}`,
          yes: opts.yes ?? globalOptions(cmd).yes,
          connectionFlag: globalOptions(cmd).connection,
        });
        const interrupt = interruptSignal();
        try {
          const result = await project.execute(plan, {
            ...lock,
            noBackup,
            signal: interrupt.signal,
            onEvent: json ? undefined : printRunEvent,
            onBackupStart: json ? undefined : printBackupStart,
          });
          const verification = await project.verifyDown(result, drops);
          if (json) writeJson({ ...runResultJson(result), drops: drops.steps, verification, checklist: checklistJson(checklist) });
          else {
            printRunSummary(result);
            printRunBackup(result.backup);
            printVerification(verification);
          }
          return result.ok ? EXIT.OK : EXIT.FAILED;
        } finally {
          interrupt.dispose();
        }
      });
    }),
  );
}
