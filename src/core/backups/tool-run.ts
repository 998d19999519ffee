// Running a backup tool (sqlite3, pg_dump, pg_restore, psql, mysqldump, mysql) through the
// one process runner: located on PATH, its failure turned into a DbtkError of the given kind
// with the tool's own words (redacted), its version read once per call site.

import { DbtkError, type ErrorKind } from '../shared/errors.js';
import { redactText } from '../shared/redact.js';
import { findOnPath } from '../shared/which.js';
import type { BackupContext } from './types.js';

export interface ToolRun {
  command: string;
  args: string[];
  /** Added to the project's environment (PGPASSWORD…): never argv. */
  env?: Record<string, string | undefined>;
  input?: string;
  signal?: AbortSignal;
}

const INSTALL: Record<string, string> = {
  sqlite3: 'sqlite3',
  pg_dump: 'postgresql-client',
  pg_restore: 'postgresql-client',
  psql: 'postgresql-client',
  mysqldump: 'mariadb-client (or mysql-client)',
  'mariadb-dump': 'mariadb-client',
  mysql: 'mariadb-client (or mysql-client)',
  mariadb: 'mariadb-client',
};

/** Runs the tool; its stdout, or a DbtkError of `kind` saying what it said. */
export async function runTool(ctx: BackupContext, run: ToolRun, kind: ErrorKind, what: string): Promise<string> {
  const command = (await findOnPath(run.command, ctx.config.env)) ?? run.command;
  const result = await ctx.runner.run({
    command,
    args: run.args,
    env: { ...ctx.config.env, ...run.env },
    cwd: ctx.config.cwd,
    input: run.input,
    signal: run.signal,
  });
  if (result.spawnFailed)
    throw new DbtkError('dump_tool_missing', `${what}: ${run.command} is not installed.`, {
      hint: `Install it (Debian/Ubuntu: apt-get install ${INSTALL[run.command] ?? run.command}); \`dbtk doctor\` checks the tools.`,
    });
  if (result.aborted) throw new DbtkError('interrupted', `${what}: stopped.`);
  if (result.exitCode !== 0) {
    const words = redactText(result.stderr.trim() || result.stdout.trim() || `exit status ${result.exitCode}`);
    throw new DbtkError(kind, `${what}: ${run.command} failed: ${firstLines(words)}`, { detail: words });
  }
  return result.stdout;
}

function firstLines(text: string): string {
  const lines = text.split('\n').filter(Boolean);
  return lines.slice(0, 3).join(' ') + (lines.length > 3 ? ' …' : '');
}

/** The first line `tool --version` prints, or `unknown`. */
export async function toolVersion(ctx: BackupContext, command: string, env?: ToolRun['env']): Promise<string> {
  try {
    const out = await runTool(ctx, { command, args: ['--version'], env }, 'backup_failed', 'version');
    return out.split('\n')[0]?.trim() || 'unknown';
  } catch {
    return 'unknown';
  }
}

/** The first of `tools` found on PATH, else the first. */
export async function firstInstalled(ctx: BackupContext, tools: readonly string[]): Promise<string> {
  for (const tool of tools) if (await findOnPath(tool, ctx.config.env)) return tool;
  return tools[0];
}
