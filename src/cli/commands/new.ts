// `dbtk new NAME`: creates a dbmate migration file (through dbmate), optionally opening it.

import type { Command } from 'commander';
import { openInEditor } from '../../core/editor.js';
import { validateMigrationName } from '../../core/migration-name.js';
import { openProjectFromCli } from '../context.js';
import { runAction, style, writeJson, writeLine } from '../output.js';

export function register(program: Command): void {
  program
    .command('new')
    .alias('n')
    .description('create a new migration file')
    .argument('<name>', 'migration name in snake_case, e.g. create_users')
    .option('--edit', 'open the new file in $VISUAL / $EDITOR')
    .option('--json', 'print JSON')
    .action(runAction(async (name: string, opts: { edit?: boolean; json?: boolean }, command: Command) => {
      validateMigrationName(name);
      const project = await openProjectFromCli(command);
      const created = await (await project.dbmate()).newMigration(name);
      if (opts.edit) await openInEditor(created.path, project.config.cwd);
      if (opts.json) writeJson({ ok: true, path: created.path, file: created.file });
      else writeLine(`${style.green('Created')} ${created.path}`);
    }));
}
