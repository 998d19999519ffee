// How the backup subcommands print a backup: one line in a list, a block for `show`, JSON.

import type { BackupRecord } from '../../core/project/backups.js';
import { formatBytes } from '../../core/project/backups.js';
import { style } from '../output.js';

export function backupLine(backup: BackupRecord): string {
  const missing = backup.fileMissing ? style.red(' (file missing)') : '';
  const versions = backup.appliedVersions.length ? `newest ${backup.appliedVersions.at(-1)}` : 'no version applied';
  return `${backup.id}  ${backup.createdAt.replace('T', ' ').replace(/\.\d+Z$/, 'Z')}  ${formatBytes(backup.size).padStart(9)}  ${backup.reason.padEnd(11)}  ${versions}${missing}`;
}

export function backupBlock(backup: BackupRecord): string[] {
  return [
    `Backup ${backup.id}`,
    `  database   ${backup.database.label}`,
    `  written    ${backup.createdAt} (${backup.reason}) from ${backup.connection}`,
    `  file       ${backup.path}${backup.fileMissing ? style.red(' (missing)') : ''}`,
    `  size       ${formatBytes(backup.size)}  sha256 ${backup.sha256}`,
    `  verified   by ${backup.verifiedBy}`,
    `  versions   ${backup.appliedVersions.length ? backup.appliedVersions.join(', ') : 'none applied'}`,
    `  tools      ${Object.entries(backup.tools)
      .map(([tool, version]) => `${tool}: ${version}`)
      .join('; ')}`,
  ];
}

export function backupJson(backup: BackupRecord) {
  return {
    id: backup.id,
    createdAt: backup.createdAt,
    reason: backup.reason,
    database: { label: backup.database.label, key: backup.database.key, dialect: backup.database.dialect },
    connection: backup.connection,
    path: backup.path,
    fileMissing: backup.fileMissing,
    format: backup.fileFormat,
    size: backup.size,
    sha256: backup.sha256,
    appliedVersions: backup.appliedVersions,
    tools: backup.tools,
    verifiedBy: backup.verifiedBy,
    planId: backup.planId ?? null,
  };
}
