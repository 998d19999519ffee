// The one place dbtk starts child processes (dbmate, sqlite3). Callers get lines as they
// stream and a result at the end. An injected runner lets unit tests feed recorded output.
//
// Built on node:child_process rather than execa: execa's import graph (~180 files) cost more
// start-up time than the rest of `dbtk status` put together (see docs/benchmarks.md).

import { spawn } from 'node:child_process';
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
  /** Called with the child's pid as soon as it started (a run journal records dbmate's). */
  onSpawn?: (pid: number) => void;
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

/** A child kept running to answer one command after another on its stdin (a sqlite3 shell). */
export interface ProcessSession {
  /**
   * Writes `input`, which must end by printing the line `marker`, and resolves with what the
   * child printed before that line and on stderr meanwhile. Rejects when the child ends.
   */
  exchange(input: string, marker: string): Promise<{ stdout: string; stderr: string }>;
  close(): void;
}

export interface ProcessRunner {
  run(request: ProcessRequest, onLine?: LineListener): Promise<ProcessResult>;
  /** A long-lived child (optional: recorded runners have none, and callers then start one process per question). */
  session?(request: Omit<ProcessRequest, 'input' | 'onSpawn'>): ProcessSession;
}

/** How long a child may take to stop after SIGINT before it is killed. */
const FORCE_KILL_AFTER_MS = 5000;

function definedEnv(env: ProcessRequest['env']): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

function readLines(stream: Readable | null, name: ProcessLine['stream'], onLine: (line: ProcessLine) => void): Promise<void> {
  return new Promise((resolve) => {
    if (!stream) return resolve();
    const reader = createInterface({ input: stream, crlfDelay: Infinity });
    reader.on('line', (text) => onLine({ stream: name, text }));
    reader.on('close', resolve);
  });
}

/** Runs real processes. Abort sends SIGINT first so dbmate can stop cleanly, then SIGKILL. */
export class ChildProcessRunner implements ProcessRunner {
  async run(request: ProcessRequest, onLine?: LineListener): Promise<ProcessResult> {
    const lines: ProcessLine[] = [];
    const result = (fields: Pick<ProcessResult, 'exitCode' | 'signal' | 'spawnFailed' | 'spawnError'>): ProcessResult => ({
      ...fields,
      aborted: Boolean(request.signal?.aborted),
      stdout: lines
        .filter((l) => l.stream === 'stdout')
        .map((l) => l.text)
        .join('\n'),
      stderr: lines
        .filter((l) => l.stream === 'stderr')
        .map((l) => l.text)
        .join('\n'),
      lines,
    });
    if (request.signal?.aborted) return result({ exitCode: 130, spawnFailed: false });
    const child = spawn(request.command, [...request.args], {
      env: definedEnv(request.env),
      cwd: request.cwd,
      stdio: [request.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      windowsHide: true,
    });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: Error }>((resolve) => {
      // Only a failed start resolves here; later errors (a failed kill) leave 'close' to report.
      child.on('error', (error) => {
        if (child.pid === undefined) resolve({ code: null, signal: null, error });
      });
      child.once('close', (code, signal) => resolve({ code, signal }));
    });
    let forceKill: NodeJS.Timeout | undefined;
    const abort = () => {
      child.kill('SIGINT');
      forceKill = setTimeout(() => child.kill('SIGKILL'), FORCE_KILL_AFTER_MS);
      forceKill.unref();
    };
    request.signal?.addEventListener('abort', abort, { once: true });
    if (child.pid !== undefined) request.onSpawn?.(child.pid);
    if (request.input !== undefined && child.stdin) {
      child.stdin.on('error', () => {
        // a child that exits without reading its input is not our failure
      });
      child.stdin.end(request.input);
    }
    const collect = (line: ProcessLine) => {
      lines.push(line);
      onLine?.(line);
    };
    const [outcome] = await Promise.all([exited, readLines(child.stdout, 'stdout', collect), readLines(child.stderr, 'stderr', collect)]);
    request.signal?.removeEventListener('abort', abort);
    clearTimeout(forceKill);
    if (outcome.error) {
      return result({ exitCode: 127, spawnFailed: true, spawnError: `${request.command} could not be started: ${outcome.error.message}` });
    }
    return result({ exitCode: outcome.code ?? 130, signal: outcome.signal ?? undefined, spawnFailed: false });
  }

  session(request: Omit<ProcessRequest, 'input' | 'onSpawn'>): ProcessSession {
    return new ChildSession(request);
  }
}

class ChildSession implements ProcessSession {
  private readonly child;
  private stdout = '';
  private stderr = '';
  private ended: Error | undefined;
  private waiting:
    { marker: string; resolve: (value: { stdout: string; stderr: string }) => void; reject: (error: Error) => void } | undefined;

  constructor(request: Omit<ProcessRequest, 'input' | 'onSpawn'>) {
    this.child = spawn(request.command, [...request.args], {
      env: definedEnv(request.env),
      cwd: request.cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
      windowsHide: true,
      signal: request.signal,
    });
    this.child.stdout.setEncoding('utf8');
    this.child.stderr.setEncoding('utf8');
    this.child.stdout.on('data', (chunk: string) => {
      this.stdout += chunk;
      this.check();
    });
    this.child.stderr.on('data', (chunk: string) => {
      this.stderr += chunk;
    });
    this.child.stdin.on('error', () => undefined);
    const end = (error: Error) => {
      this.ended ??= error;
      this.waiting?.reject(this.ended);
      this.waiting = undefined;
    };
    this.child.on('error', (error) => end(new Error(`${request.command} could not be started: ${error.message}`)));
    this.child.on('close', (code) => end(new Error(`${request.command} ended (exit ${code ?? 'by a signal'}): ${this.stderr.trim()}`)));
  }

  exchange(input: string, marker: string): Promise<{ stdout: string; stderr: string }> {
    if (this.ended) return Promise.reject(this.ended);
    if (this.waiting) return Promise.reject(new Error('One exchange at a time.'));
    return new Promise((resolve, reject) => {
      this.waiting = { marker, resolve, reject };
      this.child.stdin.write(input);
    });
  }

  private check() {
    if (!this.waiting) return;
    const line = `${this.waiting.marker}\n`;
    const found = this.stdout.startsWith(line) ? 0 : this.stdout.indexOf(`\n${line}`) + 1;
    if (found === 0 && !this.stdout.startsWith(line)) return;
    const at = found;
    const answer = { stdout: this.stdout.slice(0, at), stderr: this.stderr };
    this.stdout = this.stdout.slice(at + line.length);
    this.stderr = '';
    const { resolve } = this.waiting;
    this.waiting = undefined;
    resolve(answer);
  }

  close() {
    this.child.stdin.end();
    if (this.child.exitCode === null) this.child.kill();
  }
}

export const defaultProcessRunner: ProcessRunner = new ChildProcessRunner();

/**
 * Runs a program that owns the terminal (an editor) and waits for it. Used while the TUI is
 * suspended or from `dbtk new --edit`. execa (loaded only here) resolves commands such as
 * `code --wait` the way a shell would, Windows' PATHEXT included.
 */
export async function runInteractive(
  command: string,
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const { execa } = await import('execa');
  const result = await execa(command, [...args], { stdio: 'inherit', reject: false, cwd, shell: false, env, extendEnv: false });
  return result.exitCode ?? 1;
}
