// Turns the global command-line options into an opened core Project.

import type { Command } from 'commander';
import { openProject, type Project } from '../core/project/project.js';

export interface GlobalOptions {
  url?: string;
  env?: string;
  envFile?: string[];
  migrationsDir?: string[];
  schemaFile?: string;
  migrationsTable?: string;
  dumpSchema?: boolean;
  wait?: boolean;
  waitTimeout?: string;
  waitInterval?: string;
  connection?: string;
  dbmate?: string;
  json?: boolean;
  yes?: boolean;
}

export function globalOptions(command: Command): GlobalOptions {
  return command.optsWithGlobals<GlobalOptions>();
}

export async function openProjectFromCli(command: Command): Promise<Project> {
  const o = globalOptions(command);
  return openProject({
    url: o.url,
    envName: o.env,
    envFiles: o.envFile,
    migrationsDirs: o.migrationsDir,
    schemaFile: o.schemaFile,
    migrationsTable: o.migrationsTable,
    noDumpSchema: o.dumpSchema === false ? true : undefined,
    wait: o.wait,
    waitTimeout: o.waitTimeout,
    waitInterval: o.waitInterval,
    connection: o.connection,
    dbmatePath: o.dbmate,
  });
}
