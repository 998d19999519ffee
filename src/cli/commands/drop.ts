// `dbtk drop`: drop the database (asks first; production asks for its name).

import type { Command } from 'commander';
import { registerDatabaseCommand } from '../database-command.js';

export function register(program: Command): void {
  registerDatabaseCommand(program, {
    name: 'drop',
    description: 'drop the database (asks for confirmation)',
    confirm: (project) => `Drop the database ${project.config.redactedUrl} (${project.config.connectionName}) and all its data`,
    run: async (project) => (await project.dbmate()).drop(),
    done: (project) => `Dropped ${project.config.redactedUrl}`,
  });
}
