// `dbtk create`: create the database named in the URL.

import type { Command } from 'commander';
import { registerDatabaseCommand } from '../database-command.js';

export function register(program: Command): void {
  registerDatabaseCommand(program, {
    name: 'create',
    description: 'create the database',
    run: async (project) => (await project.dbmate()).create(),
    done: (project) => `Database ready: ${project.config.redactedUrl}`,
  });
}
