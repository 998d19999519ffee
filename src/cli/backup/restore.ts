// `dbtk backup restore ID`: shows what the restore replaces (the backup's time, the versions
// applied then and now), asks (the connection's name on production; --yes --connection in
// scripts), restores under the run lock, checks the versions and records it in history.

import type { Command } from 'commander';
import { previewRestore, restoreProjectBackup, formatBytes } from '../../core/project/backups.js';
import { confirmDestructive } from '../confirm.js';
import { globalOptions, openProjectFromCli } from '../context.js';
import { EXIT, runAction, style, writeJson, writeLine } from '../output.js';
import { addLockTimeoutOption, lockOptions, type LockFlags } from '../run-options.js';
import { backupJson } from './format.js';

interface RestoreFlags extends LockFlags {
  yes?: boolean;
  json?: boolean;
}

export function register(backup: Command): void {
  const command = backup
    .command('restore')
    .argument('<id>', 'backup id (or a unique start of it)')
    .description("replace the database's contents with a backup (asks first)")
    .option('-y, --yes', 'do not ask for confirmation (production also needs --connection NAME)')
    .option('--json', 'print JSON');
  addLockTimeoutOption(command).action(
    runAction(async (id: string, opts: RestoreFlags, cmd: Command) => {
      const lock = lockOptions(opts);
      const project = await openProjectFromCli(cmd);
      const preview = await previewRestore(project, id);
      const { backup } = preview;
      if (!opts.json) {
        writeLine(`Will replace everything in ${backup.database.label} with backup ${backup.id}:`);
        writeLine(`  written    ${backup.createdAt} (${backup.reason}), ${formatBytes(backup.size)}`);
        writeLine(`  versions   then: ${backup.appliedVersions.join(', ') || 'none'}`);
        writeLine(`             now:  ${preview.versionsNow ? preview.versionsNow.join(', ') || 'none' : 'unknown (could not read)'}`);
        if (preview.lost.length)
          writeLine(
            `  ${style.yellow('undone')}     ${preview.lost.join(', ')} (applied since; their changes and any data written since are lost)`,
          );
        if (preview.regained.length) writeLine(`  ${style.green('back')}       ${preview.regained.join(', ')}`);
      }
      const g = globalOptions(cmd);
      await confirmDestructive({
        config: project.config,
        action: `Restore backup ${backup.id} over ${project.config.connectionName} (everything written since is lost)`,
        yes: opts.yes ?? g.yes,
        connectionFlag: g.connection,
      });
      const outcome = await restoreProjectBackup(project, backup.id, lock);
      if (opts.json)
        writeJson({
          ok: true,
          backup: backupJson(backup),
          versionsBefore: outcome.versionsBefore ?? null,
          versionsAfter: outcome.versionsAfter,
          historyWritten: !outcome.historyWarning,
        });
      else {
        writeLine(`${style.green('✓')} Restored ${backup.id}; applied versions match the backup (${outcome.versionsAfter.length}).`);
        if (outcome.historyWarning) writeLine(style.yellow(outcome.historyWarning));
      }
      return EXIT.OK;
    }),
  );
}
