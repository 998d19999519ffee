// The short checklist shown before `up` and `down` (CLI and app): connection, what will run,
// syntax, the backup, and room for it. Cheap on purpose: one query for the applied versions,
// PostgreSQL's own parser over the SQL already in the plan, and the size query of the backup.

import { estimateBackupSpace } from '../backups/create.js';
import { formatBytes } from '../backups/space.js';
import { readBackupSettings } from '../config/backup-settings.js';
import { databaseIdentity } from '../database/identity.js';
import { readAppliedVersions } from '../dbmate/applied-versions.js';
import { backupSkipReason } from '../runs/backup-before-run.js';
import type { RunPlan } from '../runs/types.js';
import { dialectOf } from '../shared/dialect.js';
import { isDbtkError } from '../shared/errors.js';
import { loadPostgresParser, parsePostgresStatement } from '../sql/pg-parser.js';
import type { Project } from './project.js';

type CheckStatus = 'ok' | 'warn' | 'fail' | 'skip';

export interface ChecklistItem {
  id: 'connection' | 'pending' | 'syntax' | 'backup' | 'disk_space';
  status: CheckStatus;
  message: string;
}

export interface PreRunChecklist {
  items: ChecklistItem[];
  /** False when an item failed: the run would stop (the backup, or the connection). */
  ok: boolean;
  /** Whether the run will write a backup first. */
  backup: boolean;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Starts loading what the checklist needs (PostgreSQL's parser) while the plan is being made. */
export function prepareChecklist(project: Project): void {
  if (dialectOf(project.config.url, project.config.driver) === 'postgres') void loadPostgresParser();
}

/** The checklist of `plan`, as it would run now (`noBackup`: `--no-backup`). */
export async function preRunChecklist(project: Project, plan: RunPlan, options: { noBackup?: boolean } = {}): Promise<PreRunChecklist> {
  const items: ChecklistItem[] = [];
  const { config } = project;
  const dialect = dialectOf(config.url, config.driver);
  // Independent: the connection and the syntax are checked at the same time.
  const [applied, syntax] = await Promise.all([readAppliedVersions(config, project.runner), syntaxItem(plan, dialect)]);
  const creates = plan.notes.some((n) => n.code === 'creates_database');
  items.push(
    applied !== undefined
      ? { id: 'connection', status: 'ok', message: `connected to ${plan.database.label}` }
      : creates
        ? { id: 'connection', status: 'warn', message: `${plan.database.label} does not answer yet (up creates the database first)` }
        : { id: 'connection', status: 'fail', message: `${plan.database.label} does not answer (\`dbtk doctor\` checks why)` },
  );
  const verb = plan.direction === 'up' ? 'to apply' : 'to roll back';
  items.push({ id: 'pending', status: plan.steps.length ? 'ok' : 'skip', message: `${plural(plan.steps.length, 'migration')} ${verb}` });
  items.push(syntax);
  const backup = await backupItems(project, plan, options.noBackup, applied !== undefined);
  items.push(...backup.items);
  return { items, ok: !items.some((i) => i.status === 'fail'), backup: backup.writes };
}

async function syntaxItem(plan: RunPlan, dialect: string): Promise<ChecklistItem> {
  if (dialect !== 'postgres')
    return { id: 'syntax', status: 'skip', message: 'not checked — a dry run tries it on a copy (`--dry-run`, `t` in the app)' };
  if (!(await loadPostgresParser())) return { id: 'syntax', status: 'skip', message: 'not checked (the PostgreSQL parser did not load)' };
  for (const step of plan.steps) {
    if (!step.sql) continue;
    const parsed = parsePostgresStatement(step.sql);
    if (parsed && !parsed.ok) return { id: 'syntax', status: 'warn', message: `${step.file}: ${parsed.error}` };
  }
  return { id: 'syntax', status: 'ok', message: `PostgreSQL's parser accepts ${plan.steps.length === 1 ? 'the SQL' : 'every file'}` };
}

async function backupItems(
  project: Project,
  plan: RunPlan,
  noBackup: boolean | undefined,
  connected: boolean,
): Promise<{ items: ChecklistItem[]; writes: boolean }> {
  const skip = (message: string) => ({ items: [{ id: 'backup' as const, status: 'skip' as const, message }], writes: false });
  const { config } = project;
  let settings;
  try {
    settings = await readBackupSettings(config, databaseIdentity(config.url!, config.cwd, config.driver).key);
  } catch (error) {
    return { items: [{ id: 'backup', status: 'fail', message: (error as Error).message }], writes: false };
  }
  const skipped = backupSkipReason(project, plan, settings, noBackup);
  if (skipped) return skip(`none: ${skipped}`);
  const items: ChecklistItem[] = [{ id: 'backup', status: 'ok', message: `will be written and verified first, in ${settings.dir}` }];
  if (!connected) {
    items.push({ id: 'disk_space', status: 'skip', message: 'not checked (no connection)' });
    return { items, writes: true };
  }
  try {
    const space = await estimateBackupSpace({ config, runner: project.runner }, settings.dir);
    items.push({
      id: 'disk_space',
      status: space.ok ? 'ok' : 'fail',
      message: `${formatBytes(space.free)} free, about ${formatBytes(space.needed)} needed`,
    });
  } catch (error) {
    items.push({
      id: 'disk_space',
      status: 'fail',
      message: isDbtkError(error) ? error.message : String((error as Error)?.message ?? error),
    });
  }
  return { items, writes: true };
}
