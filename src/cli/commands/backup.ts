// `dbtk backup create|list|show|restore|prune`: backups of the project's database. Each
// subcommand is a file of its own in src/cli/backup/ (commands/ holds one file per top-level command).

import type { Command } from 'commander';
import * as create from '../backup/create.js';
import * as list from '../backup/list.js';
import * as prune from '../backup/prune.js';
import * as restore from '../backup/restore.js';
import * as show from '../backup/show.js';

export function register(program: Command): void {
  const backup = program.command('backup').alias('backups').description('write, list, show, restore and prune backups of the database');
  for (const sub of [create, list, show, restore, prune]) sub.register(backup);
}
