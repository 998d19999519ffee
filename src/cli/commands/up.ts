// `dbtk up` / `dbtk migrate`: apply all pending migrations with live progress, or with
// `--retry-failed` only the pending ones whose last run failed.

import type { Command } from 'commander';
import type { PlannedStep } from '../../core/migrations/run.js';
import type { Project } from '../../core/project/project.js';
import { openProjectFromCli } from '../context.js';
import { reconcileInterruptedRuns } from '../interrupted-runs.js';
import { EXIT, runAction, style, writeJson, writeLine } from '../output.js';
import { addDryRunOptions, checkDryRunFlags, runDryRun, type DryRunFlags } from '../dry-run-printer.js';
import { addLockTimeoutOption, exitTwoOnRefusal, lockOptions, type LockFlags } from '../run-options.js';
import { addNoBackupOption, checklistJson, printBackupStart, printChecklist, printRunBackup } from '../run-checklist.js';
import { interruptSignal, printRunEvent, printRunSummary, runResultJson } from '../run-printer.js';
import { prepareChecklist, preRunChecklist } from '../../core/project/checklist.js';

interface UpFlags extends LockFlags, DryRunFlags {
  /** False with --no-backup. */
  backup?: boolean;
  strict?: boolean;
  json?: boolean;
  verbose?: boolean;
  retryFailed?: boolean;
}

const plural = (n: number) => `${n} migration${n === 1 ? '' : 's'}`;

/** The migrations to retry, or undefined after saying there are none. */
async function planRetry(project: Project, json: boolean): Promise<{ retry: PlannedStep[]; otherPending: PlannedStep[] } | undefined> {
  const plan = await project.planRetryFailed();
  if (plan.retry.length === 0) {
    const message = 'Nothing to retry: no pending migration has a failed last run in history.';
    if (json)
      writeJson({
        ok: true,
        direction: 'up',
        interrupted: false,
        migrations: [],
        schemaWritten: false,
        historyWritten: true,
        warnings: [],
        message,
      });
    else
      writeLine(
        style.dim(
          `${message}${plan.otherPending.length ? ` (${plural(plan.otherPending.length)} pending: \`dbtk up\` applies them.)` : ''}`,
        ),
      );
    return undefined;
  }
  if (!json) writeLine(`Retrying ${plural(plan.retry.length)} whose last run failed: ${plan.retry.map((s) => s.file).join(', ')}`);
  return plan;
}

function action(command: 'up' | 'migrate') {
  return runAction(async (opts: UpFlags, cmd: Command) => {
    checkDryRunFlags(opts);
    const lock = lockOptions(opts);
    const project = await openProjectFromCli(cmd);
    const json = Boolean(opts.json);
    return exitTwoOnRefusal(json, async () => {
      await reconcileInterruptedRuns(project, { refuseOrphans: true });
      const retry = opts.retryFailed ? await planRetry(project, json) : undefined;
      if (opts.retryFailed && !retry) return EXIT.OK;
      prepareChecklist(project);
      const plan = await project.planUp({ command, strict: opts.strict, verbose: opts.verbose, only: retry?.retry.map((s) => s.version) });
      if (opts.dryRun) {
        if (plan.steps.length === 0) {
          if (json)
            writeJson({ dryRun: true, ok: true, direction: 'up', steps: [], message: 'Nothing to apply: every migration is applied.' });
          else writeLine(style.dim('Nothing to apply: every migration is applied.'));
          return EXIT.OK;
        }
        return runDryRun(project, plan, { withData: opts.withData, json });
      }
      const noBackup = opts.backup === false;
      const checklist = plan.steps.length ? await preRunChecklist(project, plan, { noBackup }) : undefined;
      if (checklist && !json) printChecklist(checklist);
      const interrupt = interruptSignal();
      try {
        const result = await project.execute(plan, {
          ...lock,
          noBackup,
          signal: interrupt.signal,
          onEvent: json ? undefined : printRunEvent,
          onBackupStart: json ? undefined : printBackupStart,
        });
        if (json) writeJson({ ...runResultJson(result), ...(checklist ? { checklist: checklistJson(checklist) } : {}) });
        else {
          printRunSummary(result);
          printRunBackup(result.backup);
          if (retry?.otherPending.length)
            writeLine(style.dim(`${plural(retry.otherPending.length)} still pending (not retried): \`dbtk up\` applies them.`));
        }
        return result.ok ? EXIT.OK : EXIT.FAILED;
      } finally {
        interrupt.dispose();
      }
    });
  });
}

export function register(program: Command): void {
  for (const [name, description] of [
    ['up', 'create the database if needed and apply all pending migrations'],
    ['migrate', 'apply all pending migrations (the database must exist)'],
  ] as const) {
    const command = program
      .command(name)
      .description(description)
      .option('--strict', 'fail if a pending migration is older than the newest applied one')
      .option('--verbose', 'show rows affected per statement')
      .option('--retry-failed', 'apply only the pending migrations whose last run failed (from history)')
      .option('--json', 'print JSON');
    addDryRunOptions(command);
    addNoBackupOption(addLockTimeoutOption(command)).action(action(name));
  }
}
