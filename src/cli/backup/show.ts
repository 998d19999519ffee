// `dbtk backup show ID`: one backup's manifest.

import type { Command } from 'commander';
import { findProjectBackup } from '../../core/project/backups.js';
import { openProjectFromCli } from '../context.js';
import { EXIT, runAction, writeJson, writeLine } from '../output.js';
import { backupBlock, backupJson } from './format.js';

export function register(backup: Command): void {
  backup
    .command('show')
    .argument('<id>', 'backup id (or a unique start of it)')
    .description("show one backup's manifest")
    .option('--json', 'print JSON')
    .action(
      runAction(async (id: string, opts: { json?: boolean }, cmd: Command) => {
        const project = await openProjectFromCli(cmd);
        const found = await findProjectBackup(project, id);
        if (opts.json) writeJson({ ok: true, backup: backupJson(found) });
        else for (const line of backupBlock(found)) writeLine(line);
        return EXIT.OK;
      }),
    );
}
