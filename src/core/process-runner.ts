// The one place dbtk starts child processes (dbmate, sqlite3). Callers get lines as they
// stream and a result at the end. An injected runner lets unit tests feed recorded output.

import { execa } from 'execa';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

export interface ProcessRequest {
  command: string;
  args: readonly string[];
  /** The complete environment of the child (not merged with process.env). */
  env: Record<string, string | undefined>;
  cwd: string;
  signal?: AbortSignal;
  input?: string;
}

export interface ProcessLine {
  stream: 'stdout' | 'stderr';
  text: string;
}

export interface ProcessResult {
  exitCode: number;
  /** Set when the child ended because of a signal (for example after Ctrl-C). */
  signal?: string;
  /** True when the request's AbortSignal stopped the child. */
  aborted: boolean;
  /** True when the command could not be started at all (ENOENT, EACCES). */
  spawnFailed: boolean;
  spawnError?: string;
  stdout: string;
  stderr: string;
  lines: ProcessLine[];
}

export type LineListener = (line: ProcessLine) => void;

export interface ProcessRunner {
  run(request: ProcessRequest, onLine?: LineListener): Promise<ProcessResult>;
}

/** Runs real processes with execa. Abort sends SIGINT first so dbmate can stop cleanly. */
export class ExecaProcessRunner implements ProcessRunner {
  async run(request: ProcessRequest, onLine?: LineListener): Promise<ProcessResult> {
    const lines: ProcessLine[] = [];
    const child = execa(request.command, [...request.args], {
      env: request.env,
      extendEnv: false,
      cwd: request.cwd,
      reject: false,
      input: request.input,
      stdin: request.input === undefined ? 'ignore' : undefined,
      cancelSignal: request.signal,
      killSignal: 'SIGINT',
      forceKillAfterDelay: 5000,
      buffer: false,
      windowsHide: true,
    });
    const collect = (stream: Readable | null, name: ProcessLine['stream']) =>
      new Promise<void>((resolve) => {
        if (!stream) return resolve();
        const reader = createInterface({ input: stream, crlfDelay: Infinity });
        reader.on('line', (text) => {
          const line = { stream: name, text };
          lines.push(line);
          onLine?.(line);
        });
        reader.on('close', resolve);
      });
    const [result] = await Promise.all([child, collect(child.stdout, 'stdout'), collect(child.stderr, 'stderr')]);
    const spawnFailed = result.failed && result.exitCode === undefined && !result.signal && !result.isCanceled;
    return {
      exitCode: result.exitCode ?? (spawnFailed ? 127 : 130),
      signal: result.signal,
      aborted: Boolean(result.isCanceled) || Boolean(request.signal?.aborted),
      spawnFailed,
      spawnError: spawnFailed ? result.shortMessage : undefined,
      stdout: lines.filter((l) => l.stream === 'stdout').map((l) => l.text).join('\n'),
      stderr: lines.filter((l) => l.stream === 'stderr').map((l) => l.text).join('\n'),
      lines,
    };
  }
}

export const defaultProcessRunner: ProcessRunner = new ExecaProcessRunner();

/**
 * Runs a program that owns the terminal (an editor) and waits for it. Used while the TUI is
 * suspended or from `dbtk new --edit`.
 */
export async function runInteractive(command: string, args: readonly string[], cwd: string): Promise<number> {
  const result = await execa(command, [...args], { stdio: 'inherit', reject: false, cwd, shell: false });
  return result.exitCode ?? 1;
}
