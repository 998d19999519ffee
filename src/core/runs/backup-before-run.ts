// The backup a run writes before it changes anything, when the settings ask for one
// (`backups.enabled`, `backups.before`): called by executePlan under the run lock, after the
// plan was re-checked and before the first step. A backup that fails or does not verify
// throws, so the run stops with nothing applied.

import { createBackup } from '../backups/create.js';
import { canBackUp } from '../backups/drivers.js';
import { readBackupSettings } from '../config/backup-settings.js';
import { databaseIdentity } from '../database/identity.js';
import type { RunBackup } from '../migrations/run.js';
import type { ExecuteOptions, RunContext, RunPlan } from './types.js';

/** Writes the run's backup, or says why there is none. */
export async function backupBeforeRun(ctx: RunContext, plan: RunPlan, options: ExecuteOptions): Promise<RunBackup> {
  if (options.noBackup) return { skipped: 'skipped with --no-backup' };
  if (plan.steps.length === 0) return { skipped: 'nothing to run' };
  const identity = databaseIdentity(ctx.config.url!, ctx.config.cwd, ctx.config.driver);
  const settings = await readBackupSettings(ctx.config, identity.key);
  if (!settings.enabled) return { skipped: 'backups are turned off (backups.enabled)' };
  if (!settings.before.includes(plan.direction)) return { skipped: `no backup before ${plan.direction} (backups.before)` };
  if (!canBackUp(identity.dialect)) return { skipped: `dbtk cannot back up ${identity.dialect} databases` };
  options.onBackupStart?.(settings.dir);
  const created = await createBackup(
    { config: ctx.config, runner: ctx.runner },
    { dir: settings.dir, keep: settings.keep, maxAgeDays: settings.maxAgeDays },
    { reason: plan.direction === 'up' ? 'before up' : 'before down', planId: plan.id, signal: options.signal },
  );
  return { id: created.backup.id, path: created.backup.path, size: created.backup.size, pruned: created.pruned.length };
}
