// What up and down say about the safety net: the pre-run checklist (before confirming), the
// backup being written, and which backup the run wrote (or why none).

import type { Command } from 'commander';
import type { RunBackup } from '../core/migrations/run.js';
import type { PreRunChecklist } from '../core/project/checklist.js';
import { formatBytes } from '../core/project/backups.js';
import { style, writeLine } from './output.js';

export function addNoBackupOption(command: Command): Command {
  return command.option('--no-backup', 'do not write the backup the settings ask for before this run');
}

const MARK = { ok: () => style.green('✓'), warn: () => style.yellow('!'), fail: () => style.red('✗'), skip: () => style.dim('–') };

export function printChecklist(checklist: PreRunChecklist): void {
  writeLine('Checks:');
  for (const item of checklist.items) writeLine(`  ${MARK[item.status]()} ${item.id.replace('_', ' ').padEnd(10)} ${item.message}`);
}

export function checklistJson(checklist: PreRunChecklist) {
  return { ok: checklist.ok, backup: checklist.backup, items: checklist.items };
}

export function printBackupStart(dir: string): void {
  writeLine(style.dim(`Writing a backup to ${dir}…`));
}

export function printRunBackup(backup: RunBackup | undefined): void {
  if (!backup) return;
  if ('id' in backup)
    writeLine(
      style.dim(`Backup ${backup.id} (${formatBytes(backup.size)}) was written first: \`dbtk backup restore ${backup.id}\` puts it back.`),
    );
  else writeLine(style.dim(`No backup: ${backup.skipped}.`));
}
