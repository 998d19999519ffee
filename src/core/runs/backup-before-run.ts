// The backup a run writes before it changes anything, when the settings ask for one
// (`backups.enabled`, `backups.before`): called by executePlan under the run lock, after the
// plan was re-checked and before the first step. A backup that fails or does not verify
// throws, so the run stops with nothing applied.

import { existsSync } from 'node:fs';
import { createBackup } from '../backups/create.js';
import { canBackUp } from '../backups/drivers.js';
import type { BackupSettings } from '../config/backup-settings.js';
import { readBackupSettings } from '../config/backup-settings.js';
import { databaseIdentity } from '../database/identity.js';
import type { RunBackup } from '../migrations/run.js';
import type { ExecuteOptions, RunContext, RunPlan } from './types.js';

/** Why `plan` gets no backup under `settings` (undefined: it gets one). The checklist says the same. */
export function backupSkipReason(
  ctx: Pick<RunContext, 'config'>,
  plan: Pick<RunPlan, 'direction' | 'steps' | 'notes'>,
  settings: BackupSettings,
  noBackup?: boolean,
): string | undefined {
  if (noBackup) return 'skipped with --no-backup';
  if (plan.steps.length === 0) return 'nothing to run';
  if (!settings.enabled) return 'backups are turned off (backups.enabled)';
  if (!settings.before.includes(plan.direction)) return `no backup before ${plan.direction} (backups.before)`;
  const identity = databaseIdentity(ctx.config.url!, ctx.config.cwd, ctx.config.driver);
  if (!canBackUp(identity.dialect)) return `dbtk cannot back up ${identity.dialect} databases`;
  // A database this run creates (or an SQLite file not there yet) holds nothing to back up.
  if (plan.notes.some((n) => n.code === 'creates_database') || (identity.dialect === 'sqlite' && !existsSync(identity.database)))
    return 'the database does not exist yet';
  return undefined;
}

/** Writes the run's backup, or says why there is none. */
export async function backupBeforeRun(ctx: RunContext, plan: RunPlan, options: ExecuteOptions): Promise<RunBackup> {
  if (options.noBackup) return { skipped: 'skipped with --no-backup' };
  const identity = databaseIdentity(ctx.config.url!, ctx.config.cwd, ctx.config.driver);
  const settings = await readBackupSettings(ctx.config, identity.key);
  const skipped = backupSkipReason(ctx, plan, settings);
  if (skipped) return { skipped };
  options.onBackupStart?.(settings.dir);
  const created = await createBackup(
    { config: ctx.config, runner: ctx.runner },
    { dir: settings.dir, keep: settings.keep, maxAgeDays: settings.maxAgeDays },
    { reason: plan.direction === 'up' ? 'before up' : 'before down', planId: plan.id, signal: options.signal },
  );
  return { id: created.backup.id, path: created.backup.path, size: created.backup.size, pruned: created.pruned.length };
}
