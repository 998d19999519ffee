// How subcommands print: text for people, JSON for scripts, errors with a fix, exit codes.

import type { ChalkInstance } from 'chalk';
import { DbtkError, serializeError, type SerializedError } from '../core/shared/errors.js';
import { redactText } from '../core/shared/redact.js';
import { terminalName, terminalOutput, terminalText } from '../core/shared/terminal-text.js';

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

// Every line goes through terminalOutput: whatever data a caller forgot to escape cannot
// drive the terminal (only dbtk's own colour codes pass).
export function writeLine(text = ''): void {
  process.stdout.write(`${terminalOutput(redactText(text))}\n`);
}

export function writeError(text: string): void {
  process.stderr.write(`${terminalOutput(redactText(text))}\n`);
}

// JSON.stringify escapes C0 controls but leaves DEL, C1 controls and bidi overrides raw; their
// \u escapes mean the same to a JSON reader and nothing to a terminal.
const JSON_RAW_CONTROLS = /[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

export function writeJson(value: unknown): void {
  const json = JSON.stringify(value, null, 2).replace(JSON_RAW_CONTROLS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  process.stdout.write(`${redactText(json)}\n`);
}

/** Exit code for an error: 2 for usage/refusals, 1 for failures. */
export function exitCodeFor(error: unknown): number {
  return error instanceof DbtkError && USAGE_KINDS.has(error.kind) ? EXIT.USAGE : EXIT.FAILED;
}

/** Longer details (a whole interrupted run's output) are cut here; `--json` carries them whole. */
const DETAIL_LINES = 20;

/**
 * The lines of an error: dbtk's sentence, its fix, then the database's own words with their
 * code and where in the file they point (`Detail:`), so no message refers to a hidden detail.
 */
export function errorLines(error: SerializedError, label = 'Error:'): string[] {
  const lines = [`${style.red(label)} ${terminalText(error.message)}`];
  if (error.hint) lines.push(`${style.dim('Fix:')} ${terminalText(error.hint)}`);
  const detail = error.detail?.trim() ? terminalText(error.detail.trim()).split('\n') : [];
  if (detail.length > DETAIL_LINES)
    detail.splice(0, detail.length - DETAIL_LINES, `… (${detail.length - DETAIL_LINES} earlier lines; --json has them all)`);
  const facts: string[] = [];
  if (error.code) facts.push(`code ${terminalName(error.code)}`);
  if (error.line !== undefined)
    facts.push(
      `${error.file ? `${terminalName(error.file)} ` : ''}line ${error.line}${error.statement ? `: ${terminalName(error.statement)}` : ''}`,
    );
  if (detail.length || facts.length) {
    lines.push(style.dim('Detail:'));
    for (const line of [...detail, ...facts]) lines.push(`  ${line}`);
  }
  return lines;
}

export function printError(error: unknown, json: boolean): void {
  const serialized = serializeError(error);
  if (json) {
    writeJson({ ok: false, error: serialized });
    return;
  }
  for (const line of errorLines(serialized)) writeError(line);
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
