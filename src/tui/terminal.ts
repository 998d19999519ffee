// The terminal around the app: the alternate screen and bracketed paste on start, handing the
// terminal to the editor and taking it back, and a restore (main screen, visible cursor,
// cooked mode, no bracketed paste) that runs on every way out — quit, error, signal, exit.

import { EventEmitter } from 'node:events';
import type { PendingWork } from './pending-work.js';

/** How long a signal waits for runs to stop (the server cancel itself waits up to 10 s). */
const STOP_WORK_TIMEOUT_MS = 20_000;

const ENTER_ALT_SCREEN = '\x1b[?1049h\x1b[2J\x1b[H';
const LEAVE_ALT_SCREEN = '\x1b[?1049l';
const SHOW_CURSOR = '\x1b[?25h';
const HIDE_CURSOR = '\x1b[?25l';
// The terminal marks pasted text, so the keyboard can tell a paste from typed keys: a paste is
// text for a field, never a run of commands (see keys/input-queue.ts).
const BRACKETED_PASTE_ON = '\x1b[?2004h';
const BRACKETED_PASTE_OFF = '\x1b[?2004l';

/** NO_COLOR (any value, per no-color.org) and TERM=dumb turn colours off. */
export function colourEnabled(env: NodeJS.ProcessEnv): boolean {
  return env.NO_COLOR === undefined && env.TERM !== 'dumb';
}

/**
 * What Ink renders into: the real stdout, except while another program owns the terminal.
 * Then frames (a file-watch reload, a resize) are dropped instead of drawn over the editor,
 * and a resize on return makes Ink draw the whole screen again.
 */
export class HoldableOutput extends EventEmitter {
  private held = false;

  constructor(private readonly target: NodeJS.WriteStream) {
    super();
    target.on('resize', () => {
      if (!this.held) this.emit('resize');
    });
  }

  get columns(): number {
    return this.target.columns;
  }
  get rows(): number {
    return this.target.rows;
  }
  get isTTY(): boolean {
    return this.target.isTTY;
  }
  get writable(): boolean {
    return this.target.writable;
  }

  write(chunk: string | Uint8Array, ...rest: unknown[]): boolean {
    if (this.held) return true;
    return (this.target.write as (c: string | Uint8Array, ...r: unknown[]) => boolean)(chunk, ...rest);
  }

  hold(): void {
    this.held = true;
  }

  release(): void {
    this.held = false;
    this.emit('resize');
  }
}

type In = NodeJS.ReadStream & { setRawMode?: (mode: boolean) => unknown };

export class TerminalSession {
  private inAltScreen = false;
  private suspended = false;
  private readonly onExit = () => this.restore();
  private stopping = false;
  private readonly onSignal = (signal: NodeJS.Signals) => {
    // While the editor owns the terminal, its keys (Ctrl-C included) are its business.
    if (this.suspended) return;
    try {
      this.restore();
    } catch {
      // The terminal is gone (SIGHUP after it closed): nothing to restore.
    }
    const code = 128 + ({ SIGINT: 2, SIGTERM: 15, SIGHUP: 1 } as Record<string, number>)[signal];
    // A second signal while the work is being stopped means: now.
    if (this.stopping || !this.pendingWork?.busy) process.exit(code);
    this.stopping = true;
    process.stderr.on('error', () => undefined);
    process.stderr.write(`dbtk: ${signal}: stopping the run (its work on the server too) before exiting…\n`);
    void this.pendingWork.stopAll(STOP_WORK_TIMEOUT_MS).finally(() => process.exit(code));
  };
  private readonly onCrash = (error: unknown) => {
    // While a signal's stop is under way (a closed terminal makes every write fail), the stop
    // finishes first: it ends with its own exit.
    if (this.stopping) return;
    this.restore();
    process.stderr.write(`dbtk crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  };

  constructor(
    private readonly stdout: NodeJS.WriteStream,
    private readonly stdin: In,
    readonly output = new HoldableOutput(stdout),
    /** Runs in progress: a signal stops them properly (server work cancelled, history written) before the exit. */
    private readonly pendingWork?: PendingWork,
  ) {}

  /** Enters the alternate screen and makes sure every exit path restores the terminal. */
  start(): void {
    process.on('exit', this.onExit);
    process.on('uncaughtException', this.onCrash);
    process.on('unhandledRejection', this.onCrash);
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, this.onSignal);
    this.enterAltScreen();
  }

  /**
   * Gives the terminal to another program (the editor) while `run` runs: main screen, cooked
   * mode, and no reading from stdin, or node would steal the editor's keystrokes. The app
   * stays mounted (a half-filled wizard is kept) and is drawn again afterwards.
   */
  async handOver<T>(run: () => Promise<T>): Promise<T> {
    const readers = this.stdin.listeners('readable') as ((...args: unknown[]) => void)[];
    for (const reader of readers) this.stdin.off('readable', reader);
    this.output.hold();
    this.suspended = true;
    this.restore();
    this.stdin.pause();
    try {
      return await run();
    } finally {
      this.suspended = false;
      this.enterAltScreen();
      this.stdout.write(HIDE_CURSOR);
      if (this.stdin.isTTY) this.stdin.setRawMode?.(true);
      for (const reader of readers) this.stdin.on('readable', reader);
      this.output.release();
    }
  }

  /** A sequence that draws nothing (OSC 52, the clipboard): straight to the terminal, beside Ink's frames. */
  writeControl(sequence: string): void {
    if (!this.suspended) this.stdout.write(sequence);
  }

  /** Restores the terminal; safe to call any number of times. */
  restore(): void {
    if (this.stdin.isTTY) {
      try {
        this.stdin.setRawMode?.(false);
      } catch {
        // stdin already closed: nothing to restore.
      }
    }
    this.stdout.write(BRACKETED_PASTE_OFF + (this.inAltScreen ? SHOW_CURSOR + LEAVE_ALT_SCREEN : SHOW_CURSOR));
    this.inAltScreen = false;
  }

  stop(): void {
    this.restore();
    process.off('exit', this.onExit);
    process.off('uncaughtException', this.onCrash);
    process.off('unhandledRejection', this.onCrash);
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.off(signal, this.onSignal);
  }

  private enterAltScreen(): void {
    this.stdout.write(ENTER_ALT_SCREEN + BRACKETED_PASTE_ON);
    this.inAltScreen = true;
  }
}
