// Drives the real `bin/dbtk.js` in a real pseudo-terminal (tmux), like a person would:
// press keys, wait for text, resize, read the screen. Each screen has its own tmux server
// (`-L dbtk-e2e-<random>`), so tests never share state; always `kill()` it afterwards.

import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { DBTK_BIN } from '../helpers/project.js';

/** Key names (as in the app's keymap) to tmux key names. */
const TMUX_KEYS: Record<string, string> = {
  enter: 'Enter',
  esc: 'Escape',
  tab: 'Tab',
  'shift+tab': 'BTab',
  up: 'Up',
  down: 'Down',
  left: 'Left',
  right: 'Right',
  pageup: 'PPage',
  pagedown: 'NPage',
  home: 'Home',
  end: 'End',
  backspace: 'BSpace',
  'ctrl+c': 'C-c',
  space: 'Space',
};

export interface ScreenOptions {
  cwd: string;
  /** Extra environment for dbtk (EDITOR, NO_COLOR…); PATH, HOME and a UTF-8 locale are given. */
  env?: Record<string, string>;
  args?: string[];
  columns?: number;
  rows?: number;
}

export class Screen {
  private constructor(private readonly socket: string) {}

  /** Starts dbtk in a new tmux server; the shell prints `[dbtk exited N]` when it ends. */
  static async start(options: ScreenOptions): Promise<Screen> {
    const screen = new Screen(`dbtk-e2e-${randomBytes(6).toString('hex')}`);
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      TERM: 'xterm-256color',
      LANG: 'C.UTF-8',
      LC_ALL: 'C.UTF-8',
      DBTK_HOME: path.join(options.cwd, '.dbtk-home'),
      // Backups (written before every roll back) stay inside the test's folder.
      XDG_DATA_HOME: path.join(options.cwd, '.xdg-data'),
      ...options.env,
    };
    const exports = Object.entries(env)
      .map(([k, v]) => `${k}=${shellQuote(v)}`)
      .join(' ');
    const command = `env -i ${exports} node ${shellQuote(DBTK_BIN)} ${(options.args ?? []).map(shellQuote).join(' ')}; echo "[dbtk exited $?]"; exec sleep 3600`;
    await screen.tmux([
      '-f',
      '/dev/null',
      'new-session',
      '-d',
      '-x',
      String(options.columns ?? 100),
      '-y',
      String(options.rows ?? 30),
      '-c',
      options.cwd,
      command,
    ]);
    return screen;
  }

  private tmux(args: string[]) {
    return execa('tmux', ['-u', '-L', this.socket, ...args], { env: { PATH: process.env.PATH, LANG: 'C.UTF-8' }, extendEnv: false });
  }

  /** Presses keys one at a time, as typed (key names like `enter`, `esc`, `ctrl+c`, or one character). */
  async press(...keys: string[]): Promise<void> {
    for (const key of keys) {
      const name = TMUX_KEYS[key];
      await this.tmux(name ? ['send-keys', name] : ['send-keys', '-l', key]);
    }
  }

  /** Types text character by character. */
  async type(text: string): Promise<void> {
    for (const char of text) await this.press(char);
  }

  /** The screen's text; with `escapes`, the colour and style codes too. */
  async capture(options: { escapes?: boolean } = {}): Promise<string> {
    const { stdout } = await this.tmux(['capture-pane', '-p', ...(options.escapes ? ['-e'] : [])]);
    return stdout;
  }

  /** The screen's text with the lines the terminal wrapped joined back (what a program printed as one line). */
  async captureJoined(): Promise<string> {
    const { stdout } = await this.tmux(['capture-pane', '-p', '-J']);
    return stdout;
  }

  /** Waits until the screen shows `expected` (or the predicate holds); returns that screen. */
  async waitFor(expected: string | RegExp | ((screen: string) => boolean), timeoutMs = 15_000): Promise<string> {
    const matches =
      typeof expected === 'function'
        ? expected
        : typeof expected === 'string'
          ? (s: string) => s.includes(expected)
          : (s: string) => expected.test(s);
    const deadline = Date.now() + timeoutMs;
    let last = '';
    while (Date.now() < deadline) {
      last = await this.capture();
      if (matches(last)) return last;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`Timed out waiting for ${String(expected)}. The screen was:\n${last}`);
  }

  /** The pid of the shell in the pane: dbtk is its child. */
  async panePid(): Promise<number> {
    const { stdout } = await this.tmux(['display-message', '-p', '#{pane_pid}']);
    return Number(stdout.trim());
  }

  async resize(columns: number, rows: number): Promise<void> {
    await this.tmux(['resize-window', '-x', String(columns), '-y', String(rows)]);
  }

  /** Stops the tmux server and removes its socket file (tmux leaves it behind). */
  async kill(): Promise<void> {
    const socketPath = await this.tmux(['display-message', '-p', '#{socket_path}']).then(
      (r) => r.stdout.trim(),
      () => '',
    );
    await this.tmux(['kill-server']).catch(() => undefined);
    if (socketPath) await rm(socketPath, { force: true });
  }
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
