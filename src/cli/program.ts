// The commander program: global options shared by every subcommand (the same names as
// dbmate's), and the subcommands it is given (see commands/index.ts).

import { Command, CommanderError, Option } from './commander.js';
import type { CommandModule } from './commands/index.js';

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** The program with its global options and the given subcommands (none for a bare `dbtk`). */
export function buildProgram(commandModules: CommandModule[] = []): Command {
  const program = new Command('dbtk')
    .description(
      'dbtk — database migrations you can see: a terminal UI and safe CLI on top of dbmate.\nRun `dbtk` alone in a terminal for the full-screen app.',
    )
    // -V/--version is handled in main.ts before commander, so that a subcommand may own
    // `--version V` (`dbtk history --version V`); commander would take it everywhere.
    .addHelpText('after', "\nPrint dbtk's version with `dbtk --version` (or -V).")
    .option('-u, --url <url>', 'database URL (default: $DATABASE_URL or .env)')
    .option('-e, --env <name>', 'environment variable holding the URL', 'DATABASE_URL')
    .option('--env-file <file>', 'env file to read (repeatable; default .env)', collect)
    .option('-d, --migrations-dir <dir>', 'migrations directory (repeatable; default ./db/migrations)', collect)
    .option('-s, --schema-file <file>', 'schema file (default ./db/schema.sql)')
    .option('--migrations-table <name>', 'migrations table (default schema_migrations)')
    .option('--no-dump-schema', 'do not update the schema file after migrating')
    .option('--wait', 'wait for the database before running')
    .option('--wait-timeout <duration>', 'how long --wait waits (e.g. 60s)')
    .option('--wait-interval <duration>', 'pause between --wait attempts')
    .option('-c, --connection <name>', 'use a named connection (see `dbtk connections`)')
    .addOption(new Option('--dbmate <path>', 'dbmate binary to use (default: bundled)').env('DBTK_DBMATE'))
    .showHelpAfterError('(run `dbtk --help` for usage)')
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(text) });
  // --env has a default only for help text; dbmate's own default applies when unset.
  program.setOptionValueWithSource('env', undefined, 'default');
  for (const module of commandModules) module.register(program);
  for (const sub of program.commands) sub.exitOverride();
  return program;
}

/** Commander throws on --help/--version/usage errors because of exitOverride; map to codes. */
export function exitCodeForCommanderError(error: CommanderError): number {
  if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
  return 2;
}
