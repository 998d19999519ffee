// Every subcommand, in the order `dbtk --help` lists them. Add new ones here.

import type { Command } from 'commander';
import * as connections from './connections.js';
import * as create from './create.js';
import * as doctor from './doctor.js';
import * as down from './down.js';
import * as drop from './drop.js';
import * as dump from './dump.js';
import * as load from './load.js';
import * as newMigration from './new.js';
import * as setup from './setup.js';
import * as status from './status.js';
import * as up from './up.js';
import * as wait from './wait.js';

export interface CommandModule {
  register(program: Command): void;
}

export const commandModules: CommandModule[] = [
  status,
  newMigration,
  up,
  down,
  create,
  drop,
  wait,
  dump,
  load,
  doctor,
  setup,
  connections,
];
