// `dbtk backup prune`: remove the backups the retention settings no longer keep.

import type { Command } from 'commander';
import { pruneProjectBackups } from '../../core/project/backups.js';
import { DbtkError } from '../../core/shared/errors.js';
import { openProjectFromCli } from '../context.js';
import { EXIT, runAction, style, writeJson, writeLine } from '../output.js';

export function register(backup: Command): void {
  backup
    .command('prune')
    .description('remove backups beyond backups.keep or older than backups.maxAgeDays')
    .option('--keep <n>', 'keep this many instead of backups.keep')
    .option('--json', 'print JSON')
    .action(
      runAction(async (opts: { keep?: string; json?: boolean }, cmd: Command) => {
        if (opts.keep !== undefined && !/^\d+$/.test(opts.keep))
          throw new DbtkError('usage', `--keep must be a whole number (got "${opts.keep}").`);
        const project = await openProjectFromCli(cmd);
        const pruned = await pruneProjectBackups(project, opts.keep === undefined ? undefined : Number(opts.keep));
        if (opts.json) writeJson({ ok: true, pruned: pruned.map((b) => b.id) });
        else writeLine(pruned.length ? `Removed ${pruned.length}: ${pruned.map((b) => b.id).join(', ')}` : style.dim('Nothing to prune.'));
        return EXIT.OK;
      }),
    );
}
