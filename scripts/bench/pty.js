// The full-screen app in a real pseudo-terminal (util-linux `script`), timed from its output:
// Ink wraps each frame in synchronized-output marks (ESC[?2026h … ESC[?2026l), so the end
// mark is the moment a frame is complete on the terminal.

import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';

const FRAME_END = '\x1b[?2026l';

/** A program started in a pty of `rows`×`columns`, with its frames collected as they end. */
export class PtySession {
  constructor(command, { cwd, env, rows = 40, columns = 120 }) {
    const inner = `stty rows ${rows} cols ${columns}; exec ${command.map(shellQuote).join(' ')}`;
    this.startedAt = performance.now();
    this.child = spawn('script', ['-qfec', inner, '/dev/null'], {
      cwd,
      env: { ...env, TERM: 'xterm-256color' },
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    this.frames = [];
    this.lastOutputAt = this.startedAt;
    this.waiters = [];
    let pending = '';
    this.child.stdout.setEncoding('utf8');
    this.child.stdout.on('data', (text) => {
      const now = performance.now();
      this.lastOutputAt = now;
      pending += text;
      let end;
      while ((end = pending.indexOf(FRAME_END)) !== -1) {
        this.frames.push({ at: now, text: pending.slice(0, end) });
        pending = pending.slice(end + FRAME_END.length);
      }
      this.wake();
    });
    this.exited = new Promise((resolve) =>
      this.child.on('close', (code) => {
        this.exitedAt = performance.now();
        this.wake();
        resolve(code);
      }),
    );
  }

  wake() {
    for (const waiter of this.waiters.splice(0)) waiter();
  }

  /** The first frame after index `from` that satisfies `test`, or an error after `timeoutMs`. */
  async frameMatching(test, { from = 0, timeoutMs = 30_000 } = {}) {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const index = this.frames.findIndex((frame, i) => i >= from && test(frame.text));
      if (index !== -1) return { ...this.frames[index], index };
      if (this.exitedAt !== undefined)
        throw new Error(`the app exited before the expected frame; last output:\n${this.frames.at(-1)?.text.slice(-1500) ?? '(none)'}`);
      if (performance.now() > deadline)
        throw new Error(`no expected frame within ${timeoutMs} ms; last frame:\n${this.frames.at(-1)?.text.slice(-1500) ?? '(none)'}`);
      await new Promise((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }

  /** Waits until the app has written nothing for `quietMs`. */
  async settle(quietMs = 300) {
    while (performance.now() - this.lastOutputAt < quietMs) await new Promise((resolve) => setTimeout(resolve, quietMs / 4));
  }

  /** Sends keys; returns the time they were written. */
  press(keys) {
    this.child.stdin.write(keys);
    return performance.now();
  }

  async quit(keys = 'q') {
    this.press(keys);
    const code = await this.exited;
    return code;
  }
}

function shellQuote(word) {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, "'\\''")}'`;
}

/** Time (ms) for `command` to start and exit in the same kind of pty: the baseline for start-up. */
export async function ptyRunTime(command, options) {
  const session = new PtySession(command, options);
  await session.exited;
  return session.exitedAt - session.startedAt;
}
