// `dbtk wait`: wait until the database accepts connections (DBMATE_WAIT_TIMEOUT applies).

import type { Command } from 'commander';
import { registerDatabaseCommand } from '../database-command.js';

export function register(program: Command): void {
  registerDatabaseCommand(program, {
    name: 'wait',
    description: 'wait for the database to become available',
    run: async (project) => (await project.dbmate()).wait(),
    done: (project) => `Database is available: ${project.config.redactedUrl}`,
  });
}
