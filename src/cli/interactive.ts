// `dbtk` with no subcommand: the full-screen app in a terminal; otherwise (piped, CI) the
// status table and a hint, exit 0.

import { buildProgram } from './program.js';
import { openProjectFromCli } from './context.js';
import { printError, exitCodeFor, writeLine, style } from './output.js';
import { printStatusTable } from './commands/status.js';

export async function runInteractiveOrStatus(args: string[]): Promise<number> {
  const program = buildProgram();
  // Only global options are present; parse them without dispatching to a subcommand.
  program.parseOptions(args);
  try {
    const project = await openProjectFromCli(program);
    if (process.stdout.isTTY && process.stdin.isTTY) {
      // Ink draws nothing live when CI variables are set; a terminal on both ends means a
      // person is watching, so they must not blank the app.
      delete process.env.CI;
      delete process.env.CONTINUOUS_INTEGRATION;
      // React's development build (the default without NODE_ENV) starts ~2x slower and
      // holds far more memory: the app is a product, not a React debugging session.
      process.env.NODE_ENV ??= 'production';
      // Imported here, not at the top: subcommands never load Ink or React.
      const { runTui } = await import('../tui/run.js');
      return await runTui(project);
    }
    printStatusTable(await project.status());
    writeLine(
      style.dim('\n(stdout is not a terminal: showing status. Run `dbtk` in a terminal for the full-screen app, or `dbtk --help`.)'),
    );
    return 0;
  } catch (error) {
    printError(error, false);
    return exitCodeFor(error);
  }
}
