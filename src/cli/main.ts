// Entry point: runs a subcommand, or opens the full-screen app when started alone in a
// terminal. The TUI (Ink/React) is imported lazily so subcommands start fast.

import { CommanderError } from './commander.js';
import { loadCommandModules } from './commands/index.js';
import { prepareStyle } from './output.js';
import { buildProgram, exitCodeForCommanderError } from './program.js';

const GLOBAL_VALUE_OPTIONS = new Set([
  '-u',
  '--url',
  '-e',
  '--env',
  '--env-file',
  '-d',
  '--migrations-dir',
  '-s',
  '--schema-file',
  '--migrations-table',
  '--wait-timeout',
  '--wait-interval',
  '-c',
  '--connection',
  '--dbmate',
]);

/** The first word that is not a global option or its value: the subcommand's name. */
export function subcommandName(args: string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (GLOBAL_VALUE_OPTIONS.has(arg)) {
      i++;
      continue;
    }
    if (!arg.startsWith('-')) return arg;
  }
  return undefined;
}

/** True when argv names no subcommand (only global options), e.g. `dbtk -c prod`. */
export function isBareInvocation(args: string[]): boolean {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (GLOBAL_VALUE_OPTIONS.has(arg)) {
      i++;
      continue;
    }
    if (arg.startsWith('--') && arg.includes('=')) continue;
    if (arg === '--no-dump-schema' || arg === '--wait') continue;
    return false;
  }
  return true;
}

/** `dbtk --version` / `dbtk -V` (before any subcommand). */
export function asksForVersion(args: string[]): boolean {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--version' || arg === '-V') return true;
    if (GLOBAL_VALUE_OPTIONS.has(arg)) {
      i++;
      continue;
    }
    if (!arg.startsWith('-')) return false;
  }
  return false;
}

export async function main(argv: string[] = process.argv): Promise<void> {
  const args = argv.slice(2);
  // `dbtk status | head` closes the pipe early; that is not an error worth a stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  await prepareStyle();
  if (asksForVersion(args)) {
    const { DBTK_VERSION } = await import('./version.js');
    process.stdout.write(`${DBTK_VERSION}\n`);
    return;
  }
  if (isBareInvocation(args)) {
    const { runInteractiveOrStatus } = await import('./interactive.js');
    process.exitCode = await runInteractiveOrStatus(args);
    return;
  }
  const name = subcommandName(args);
  const program = buildProgram(await loadCommandModules(name === 'help' ? undefined : name));
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = exitCodeForCommanderError(error);
      return;
    }
    throw error;
  }
}
