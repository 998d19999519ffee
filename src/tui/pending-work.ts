// Work the app started that must end properly even when the process is told to stop
// (SIGTERM from a deploy tool, SIGHUP when the SSH session drops): a run cancels its
// statements on the server and records what the database now holds; a dry run removes its
// copy. The terminal's signal handler stops them all and waits (a while) before exiting.

import { setTimeout as sleep } from 'node:timers/promises';

interface Work {
  stop(): void;
  done: Promise<unknown>;
}

export class PendingWork {
  private readonly items = new Set<Work>();

  /** Keeps `done` (the work's promise) until it settles; `abort` is how it is stopped. */
  track(abort: AbortController, done: Promise<unknown>): void {
    const item: Work = { stop: () => abort.abort(), done };
    this.items.add(item);
    void done.then(
      () => this.items.delete(item),
      () => this.items.delete(item),
    );
  }

  get busy(): boolean {
    return this.items.size > 0;
  }

  /** Stops everything and waits until it has ended, or `timeoutMs` passed. */
  async stopAll(timeoutMs: number): Promise<void> {
    const items = [...this.items];
    for (const item of items) item.stop();
    await Promise.race([Promise.allSettled(items.map((item) => item.done)), sleep(timeoutMs)]);
  }
}
