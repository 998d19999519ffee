// `dbtk backup list`: the database's backups, newest first, and the settings in force.

import type { Command } from 'commander';
import { listProjectBackups } from '../../core/project/backups.js';
import { openProjectFromCli } from '../context.js';
import { EXIT, runAction, style, writeJson, writeLine } from '../output.js';
import { backupJson, backupLine } from './format.js';

export function register(backup: Command): void {
  backup
    .command('list', { isDefault: true })
    .description('list the backups of the database, newest first')
    .option('--json', 'print JSON')
    .action(
      runAction(async (opts: { json?: boolean }, cmd: Command) => {
        const project = await openProjectFromCli(cmd);
        const { settings, backups } = await listProjectBackups(project);
        if (opts.json) {
          writeJson({
            ok: true,
            settings: {
              enabled: settings.enabled,
              before: settings.before,
              dir: settings.dir,
              keep: settings.keep,
              maxAgeDays: settings.maxAgeDays ?? null,
              files: settings.files,
            },
            backups: backups.map(backupJson),
          });
          return EXIT.OK;
        }
        const when = settings.enabled ? `before ${settings.before.join(' and ') || 'nothing'}` : 'off';
        writeLine(
          style.dim(
            `Backups in ${settings.dir} (automatic: ${when}; keep ${settings.keep}${settings.maxAgeDays ? `, at most ${settings.maxAgeDays} days` : ''})`,
          ),
        );
        if (!backups.length) writeLine('No backups yet. `dbtk backup create` writes one.');
        for (const b of backups) writeLine(backupLine(b));
        return EXIT.OK;
      }),
    );
}
