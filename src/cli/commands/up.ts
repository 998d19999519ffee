// `dbtk up` / `dbtk migrate`: apply all pending migrations with live progress.

import type { Command } from 'commander';
import { openProjectFromCli } from '../context.js';
import { EXIT, runAction, writeJson } from '../output.js';
import { interruptSignal, printRunEvent, printRunSummary, runResultJson } from '../run-printer.js';

interface UpFlags { strict?: boolean; json?: boolean; verbose?: boolean }

function action(command: 'up' | 'migrate') {
  return runAction(async (opts: UpFlags, cmd: Command) => {
    const project = await openProjectFromCli(cmd);
    const interrupt = interruptSignal();
    try {
      const result = await project.up({
        command, strict: opts.strict, verbose: opts.verbose, signal: interrupt.signal,
        onEvent: opts.json ? undefined : printRunEvent,
      });
      if (opts.json) writeJson(runResultJson(result));
      else printRunSummary(result);
      return result.ok ? EXIT.OK : EXIT.FAILED;
    } finally {
      interrupt.dispose();
    }
  });
}

export function register(program: Command): void {
  for (const [name, description] of [
    ['up', 'create the database if needed and apply all pending migrations'],
    ['migrate', 'apply all pending migrations (the database must exist)'],
  ] as const) {
    program
      .command(name)
      .description(description)
      .option('--strict', 'fail if a pending migration is older than the newest applied one')
      .option('--verbose', 'show rows affected per statement')
      .option('--json', 'print JSON')
      .action(action(name));
  }
}
