// `dbtk dump [-- ARGS]`: write the schema file (ARGS go to pg_dump/mysqldump).

import type { Command } from 'commander';
import { registerDatabaseCommand } from '../database-command.js';

export function register(program: Command): void {
  registerDatabaseCommand(program, {
    name: 'dump',
    description: 'write the database schema to the schema file',
    acceptsExtraArgs: true,
    run: async (project, extraArgs) => (await project.dbmate()).dump({ extraArgs }),
    done: (project) => `Schema written to ${project.config.schemaFile}`,
  });
}
