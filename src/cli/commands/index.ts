// Every subcommand, in the order `dbtk --help` lists them. Add new ones here.

import type { Command } from 'commander';
import * as connections from './connections.js';
import * as create from './create.js';
import * as diff from './diff.js';
import * as doctor from './doctor.js';
import * as down from './down.js';
import * as drop from './drop.js';
import * as fmt from './fmt.js';
import * as history from './history.js';
import * as dump from './dump.js';
import * as lint from './lint.js';
import * as load from './load.js';
import * as newMigration from './new.js';
import * as preview from './preview.js';
import * as setup from './setup.js';
import * as status from './status.js';
import * as templates from './templates.js';
import * as up from './up.js';
import * as validate from './validate.js';
import * as wait from './wait.js';

export interface CommandModule {
  register(program: Command): void;
}

export const commandModules: CommandModule[] = [
  status,
  newMigration,
  templates,
  fmt,
  up,
  down,
  history,
  preview,
  lint,
  validate,
  create,
  drop,
  wait,
  dump,
  diff,
  load,
  doctor,
  setup,
  connections,
];
