// How subcommands print: text for people, JSON for scripts, errors with a fix, exit codes.

import type { ChalkInstance } from 'chalk';
import { DbtkError, serializeError } from '../core/shared/errors.js';
import { redactText } from '../core/shared/redact.js';

export const EXIT = { OK: 0, FAILED: 1, USAGE: 2 } as const;

const USAGE_KINDS = new Set(['usage', 'refused', 'no_database_url', 'invalid_url', 'env_file', 'not_found', 'config']);

function colourLevel(): 0 | 1 | 2 | 3 {
  const env = process.env;
  if ('NO_COLOR' in env && env.NO_COLOR !== undefined) return 0;
  if (env.TERM === 'dumb' || process.argv.includes('--json')) return 0;
  if (env.FORCE_COLOR) return 1;
  return process.stdout.isTTY ? 1 : 0;
}

/** Without colour every style is the identity, chains included (`style.red.bold`). */
const plain: ChalkInstance = new Proxy(((...texts: unknown[]) => texts.join(' ')) as ChalkInstance, {
  get: (_target, key) => (key === 'level' ? 0 : plain),
});

/**
 * Chalk honouring NO_COLOR, TERM=dumb, --json and pipes. It starts plain and chalk itself is
 * loaded (by `prepareStyle`) only when colour will be shown: scripts and pipes, which want
 * speed, never pay for it.
 */
export let style: ChalkInstance = plain;

export async function prepareStyle(): Promise<void> {
  const level = colourLevel();
  if (level === 0 || style !== plain) return;
  const { Chalk } = await import('chalk');
  style = new Chalk({ level });
}

export function writeLine(text = ''): void {
  process.stdout.write(`${redactText(text)}\n`);
}

export function writeError(text: string): void {
  process.stderr.write(`${redactText(text)}\n`);
}

export function writeJson(value: unknown): void {
  process.stdout.write(`${redactText(JSON.stringify(value, null, 2))}\n`);
}

/** Exit code for an error: 2 for usage/refusals, 1 for failures. */
export function exitCodeFor(error: unknown): number {
  return error instanceof DbtkError && USAGE_KINDS.has(error.kind) ? EXIT.USAGE : EXIT.FAILED;
}

export function printError(error: unknown, json: boolean): void {
  const serialized = serializeError(error);
  if (json) {
    writeJson({ ok: false, error: serialized });
    return;
  }
  writeError(`${style.red('Error:')} ${serialized.message}`);
  if (serialized.hint) writeError(`${style.dim('Fix:')} ${serialized.hint}`);
  if (serialized.detail && process.env.DBTK_DEBUG) writeError(style.dim(serialized.detail));
  if (!(error instanceof DbtkError) && error instanceof Error && process.env.DBTK_DEBUG) writeError(error.stack ?? '');
}

/** Wraps a subcommand action: typed errors become messages and exit codes, never stacks. */
export function runAction<A extends unknown[]>(fn: (...args: A) => Promise<number | void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    const json = process.argv.includes('--json');
    try {
      const code = await fn(...args);
      process.exitCode = code ?? EXIT.OK;
    } catch (error) {
      printError(error, json);
      process.exitCode = exitCodeFor(error);
    }
  };
}
