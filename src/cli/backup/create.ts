// `dbtk backup create`: write and verify a backup of the database now.

import type { Command } from 'commander';
import { createProjectBackup, formatBytes } from '../../core/project/backups.js';
import { openProjectFromCli } from '../context.js';
import { EXIT, runAction, style, writeJson, writeLine } from '../output.js';
import { interruptSignal } from '../run-printer.js';
import { backupJson } from './format.js';

export function register(backup: Command): void {
  backup
    .command('create')
    .description('write a backup of the database now, verified (pruning old ones by backups.keep / maxAgeDays)')
    .option('--json', 'print JSON')
    .action(
      runAction(async (opts: { json?: boolean }, cmd: Command) => {
        const project = await openProjectFromCli(cmd);
        const interrupt = interruptSignal();
        try {
          if (!opts.json) writeLine(style.dim(`Backing up ${project.config.redactedUrl}…`));
          const created = await createProjectBackup(project, { signal: interrupt.signal });
          if (opts.json) writeJson({ ok: true, backup: backupJson(created.backup), pruned: created.pruned.map((b) => b.id) });
          else {
            writeLine(
              `${style.green('✓')} Backup ${created.backup.id} written and verified (${created.backup.verifiedBy}): ${formatBytes(created.backup.size)}`,
            );
            writeLine(`  ${created.backup.path}`);
            if (created.pruned.length)
              writeLine(style.dim(`Pruned ${created.pruned.length} older: ${created.pruned.map((b) => b.id).join(', ')}`));
          }
          return EXIT.OK;
        } finally {
          interrupt.dispose();
        }
      }),
    );
}
