// Every subcommand, in the order `dbtk --help` lists them, each loaded only when needed: a
// run of `dbtk status` imports the status command alone, so it starts fast. Add new ones here
// with every name commander knows them by (aliases too).

import type { Command } from 'commander';

export interface CommandModule {
  register(program: Command): void;
}

interface CommandEntry {
  names: string[];
  load: () => Promise<CommandModule>;
}

const COMMANDS: CommandEntry[] = [
  { names: ['status'], load: () => import('./status.js') },
  { names: ['new', 'n'], load: () => import('./new.js') },
  { names: ['templates'], load: () => import('./templates.js') },
  { names: ['fmt'], load: () => import('./fmt.js') },
  { names: ['up', 'migrate'], load: () => import('./up.js') },
  { names: ['down', 'rollback'], load: () => import('./down.js') },
  { names: ['history'], load: () => import('./history.js') },
  { names: ['stats'], load: () => import('./stats.js') },
  { names: ['preview'], load: () => import('./preview.js') },
  { names: ['lint'], load: () => import('./lint.js') },
  { names: ['validate'], load: () => import('./validate.js') },
  { names: ['test'], load: () => import('./test.js') },
  { names: ['create'], load: () => import('./create.js') },
  { names: ['drop'], load: () => import('./drop.js') },
  { names: ['wait'], load: () => import('./wait.js') },
  { names: ['dump'], load: () => import('./dump.js') },
  { names: ['diff'], load: () => import('./diff.js') },
  { names: ['load'], load: () => import('./load.js') },
  { names: ['backup', 'backups'], load: () => import('./backup.js') },
  { names: ['convert'], load: () => import('./convert.js') },
  { names: ['baseline'], load: () => import('./baseline.js') },
  { names: ['mark'], load: () => import('./mark.js') },
  { names: ['squash'], load: () => import('./squash.js') },
  { names: ['doctor'], load: () => import('./doctor.js') },
  { names: ['report'], load: () => import('./report.js') },
  { names: ['setup'], load: () => import('./setup.js') },
  { names: ['connections', 'conn'], load: () => import('./connections.js') },
];

/** The module for `name`, or every module (for help, or an unknown name commander should suggest for). */
export async function loadCommandModules(name?: string): Promise<CommandModule[]> {
  const entry = name === undefined ? undefined : COMMANDS.find((c) => c.names.includes(name));
  return Promise.all((entry ? [entry] : COMMANDS).map((c) => c.load()));
}
