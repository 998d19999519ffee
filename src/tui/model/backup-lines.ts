// The Backups screen's text as lines: one row per backup, a backup's details, and what a
// restore would replace (the confirmation). Database and file text is escaped here.

import type { BackupRecord, RestorePreview } from '../../core/project/backups.js';
import { formatBytes } from '../../core/project/backups.js';
import { terminalName } from '../../core/shared/terminal-text.js';
import { line, type Line } from './lines.js';

const when = (iso: string) => iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z');

export function backupRow(backup: BackupRecord): string {
  const newest = backup.appliedVersions.at(-1) ?? 'none applied';
  const missing = backup.fileMissing ? '  FILE MISSING' : '';
  return `${backup.id}  ${when(backup.createdAt)}  ${formatBytes(backup.size).padStart(9)}  ${backup.reason.padEnd(11)}  ${terminalName(newest)}${missing}`;
}

export function backupDetailLines(backup: BackupRecord): Line[] {
  return [
    line(`Backup ${backup.id}`, 'title'),
    line(`database  ${terminalName(backup.database.label)}`),
    line(`written   ${when(backup.createdAt)} (${backup.reason}) from ${terminalName(backup.connection)}`),
    line(`file      ${terminalName(backup.path)}`, backup.fileMissing ? 'error' : 'plain'),
    line(`size      ${formatBytes(backup.size)}`),
    line(`sha256    ${backup.sha256}`, 'dim'),
    line(`verified  by ${backup.verifiedBy}`),
    line(
      `tools     ${terminalName(
        Object.entries(backup.tools)
          .map(([tool, version]) => `${tool}: ${version}`)
          .join('; '),
      )}`,
      'dim',
    ),
    line(''),
    line(`Applied versions then (${backup.appliedVersions.length})`, 'heading'),
    ...(backup.appliedVersions.length ? backup.appliedVersions.map((v) => line(`  ${terminalName(v)}`)) : [line('  none', 'dim')]),
  ];
}

export function restoreConfirmLines(preview: RestorePreview): Line[] {
  const { backup } = preview;
  const list = (versions: readonly string[]) => versions.map(terminalName).join(', ') || 'none';
  return [
    line(`Restore ${backup.id} over ${terminalName(backup.database.label)}?`, 'title'),
    line(
      `Everything in the database is replaced by the backup of ${when(backup.createdAt)} (${backup.reason}, ${formatBytes(backup.size)}).`,
      'warning',
    ),
    line(`versions then  ${list(backup.appliedVersions)}`),
    line(`versions now   ${preview.versionsNow ? list(preview.versionsNow) : 'unknown (could not be read)'}`),
    ...(preview.lost.length ? [line(`undone         ${list(preview.lost)} (and any data written since)`, 'error')] : []),
    ...(preview.regained.length ? [line(`back           ${list(preview.regained)}`, 'success')] : []),
  ];
}
