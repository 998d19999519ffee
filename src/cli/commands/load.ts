// `dbtk load`: load the schema file into the database (production asks for its name).

import type { Command } from 'commander';
import { registerDatabaseCommand } from '../database-command.js';

export function register(program: Command): void {
  registerDatabaseCommand(program, {
    name: 'load',
    description: 'load the schema file into the database',
    confirm: (project) => (project.config.production ? `Load ${project.config.schemaFile} into ${project.config.redactedUrl}` : undefined),
    run: async (project) => (await project.dbmate()).load(),
    done: (project) => `Loaded ${project.config.schemaFile}`,
  });
}
