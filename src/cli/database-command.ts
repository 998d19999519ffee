// Shared shape of the one-shot database commands (create, drop, wait, dump, load): run one
// dbmate command, print what it said, or JSON.

import type { Command } from 'commander';
import type { DbmateExecResult } from '../core/dbmate/client.js';
import type { DatabaseCommandResult, Project } from '../core/project/project.js';
import { confirmDestructive } from './confirm.js';
import { globalOptions, openProjectFromCli } from './context.js';
import { runAction, style, writeError, writeJson, writeLine } from './output.js';

export interface DatabaseCommandSpec {
  name: string;
  description: string;
  /** Destructive commands ask first (production: type the name). */
  confirm?: (project: Project) => string | undefined;
  run: (project: Project, args: string[]) => Promise<DbmateExecResult>;
  done: (project: Project) => string;
  acceptsExtraArgs?: boolean;
}

/**
 * Commands that change the database go through Project so that history records them
 * (the TUI calls the same methods); `spec.run` serves the others (wait, dump).
 */
const RECORDED: Partial<Record<string, (project: Project) => Promise<DatabaseCommandResult>>> = {
  create: (project) => project.create(),
  drop: (project) => project.drop(),
};

export function registerDatabaseCommand(program: Command, spec: DatabaseCommandSpec): void {
  const command = program.command(spec.name).description(spec.description).option('--json', 'print JSON');
  if (spec.confirm) command.option('-y, --yes', 'do not ask for confirmation (for scripts)');
  if (spec.acceptsExtraArgs) command.argument('[args...]', 'extra arguments passed to the dump tool (after --)');
  command.action(
    runAction(async (...input: unknown[]) => {
      const cmd = input[input.length - 1] as Command;
      const opts = cmd.opts<{ json?: boolean; yes?: boolean }>();
      const extra = spec.acceptsExtraArgs ? ((input[0] as string[]) ?? []) : [];
      const project = await openProjectFromCli(cmd);
      const question = spec.confirm?.(project);
      if (question) {
        await confirmDestructive({
          config: project.config,
          action: question,
          yes: opts.yes ?? globalOptions(cmd).yes,
          connectionFlag: globalOptions(cmd).connection,
        });
      }
      const recorded = RECORDED[spec.name];
      const result: DatabaseCommandResult = recorded ? await recorded(project) : await spec.run(project, extra);
      const lines = result.raw.split('\n').filter(Boolean);
      const warnings = result.historyWarning ? [result.historyWarning] : [];
      if (opts.json)
        writeJson({
          ok: true,
          command: spec.name,
          message: spec.done(project),
          output: lines,
          ...(recorded ? { historyWritten: !result.historyWarning, warnings } : {}),
        });
      else {
        for (const line of lines) writeLine(style.dim(line));
        writeLine(style.green(spec.done(project)));
        for (const warning of warnings) writeError(`${style.yellow('Warning:')} ${warning}`);
      }
    }),
  );
}
