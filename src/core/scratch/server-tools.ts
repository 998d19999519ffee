// What the PostgreSQL and MySQL copies share: running a client tool (pg_dump, psql,
// mysqldump, mysql) with the password kept out of its argv, and turning a driver's or a
// tool's failure into a classified, redacted DbtkError.

import type { ProjectConfig } from '../config/config.js';
import { classifyDbmateError } from '../dbmate/error-classifier.js';
import { DbtkError, isDbtkError } from '../shared/errors.js';
import type { ProcessRunner } from '../shared/process-runner.js';
import { redactSecrets, urlSecrets } from '../shared/redact.js';
import { findOnPath } from '../shared/which.js';
import { interrupted } from './types.js';

export interface ToolRun {
  tool: string;
  args: string[];
  /** Added to the project's environment (PGPASSWORD…). */
  env?: Record<string, string | undefined>;
  /** Shown in the error: "dumping the schema", "loading the copy". */
  doing: string;
  /** Debian package that has the tool. */
  debianPackage: string;
}

/** Runs a client tool; throws a DbtkError (redacted) when it is missing, fails or is stopped. */
export async function runTool(config: ProjectConfig, runner: ProcessRunner, run: ToolRun, signal?: AbortSignal): Promise<void> {
  const command = await findOnPath(run.tool, config.env);
  if (!command)
    throw new DbtkError('dump_tool_missing', `${run.tool} is not installed, so the database cannot be copied for a dry run.`, {
      hint: `Install it (Debian/Ubuntu: apt-get install ${run.debianPackage}).`,
    });
  const result = await runner.run({ command, args: run.args, env: { ...config.env, ...run.env }, cwd: config.cwd, signal });
  if (result.aborted) throw interrupted();
  if (result.exitCode !== 0) {
    const said = redactSecrets(result.stderr.trim() || `exit status ${result.exitCode}`, secretsOf(config));
    throw classifyDbmateError(`Error: ${said}`).with(`${run.tool} failed while ${run.doing}, so no copy could be made.`, { detail: said });
  }
}

function secretsOf(config: ProjectConfig): string[] {
  return [...urlSecrets(config.url), ...urlSecrets(config.shadowUrl)];
}

/**
 * A driver's error (node-postgres, mysql2) as a classified DbtkError: worded as dbmate's
 * drivers word theirs, code included, so the classifier reads it the same.
 */
export function driverError(error: unknown, config: ProjectConfig, doing: string): DbtkError {
  if (isDbtkError(error)) return error;
  const message = redactSecrets(error instanceof Error ? error.message : String(error), secretsOf(config));
  const { code, errno, sqlState } = (error ?? {}) as { code?: unknown; errno?: unknown; sqlState?: unknown };
  const text =
    typeof sqlState === 'string' && typeof errno === 'number'
      ? `Error ${errno} (${sqlState}): ${message}`
      : typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)
        ? `pq: ${message} (${code})`
        : message;
  const classified = classifyDbmateError(`Error: ${text}`);
  return classified.with(`${classified.message} (while ${doing})`, { detail: classified.detail ?? message });
}

/** Quotes a possibly schema-qualified table name with `quote` (`"` or a backtick). */
export function quoteTable(table: string, quote: string): string {
  return table
    .split('.')
    .map((part) => `${quote}${part.split(quote).join(quote + quote)}${quote}`)
    .join('.');
}
