// How a run stops when the user asks (Ctrl-C, SIGTERM, SIGHUP; leaving or aborting in the
// app). dbmate never gets the user's signal itself: killing dbmate does not stop what it sent
// (PostgreSQL keeps a statement waiting for a lock queued, MariaDB runs it once the lock is
// free). So the run's statements are cancelled on the server first, then dbmate is stopped,
// then dbtk waits until the server shows nothing of the run (database/session.ts), and only
// then are the applied versions read back: the database is then the final truth of the run.

import { cancelServerWork, describeServerWork, type ServerWorkReport, type ServerWorkTarget } from '../database/session.js';
import type { ServerWorkOutcome } from '../migrations/run.js';

export class RunStopper {
  private readonly dbmateAbort = new AbortController();
  private dbmatePid?: number;
  private spawned = false;
  private stopping?: Promise<ServerWorkReport | undefined>;

  constructor(
    private readonly target: ServerWorkTarget,
    /** The tag the run's dbmate sessions carry (runTag). */
    readonly tag: string,
    private readonly userSignal: AbortSignal | undefined,
    /** Told each dbmate pid of the run as it starts (the run journal records it). */
    private readonly onDbmate?: (pid: number) => void,
  ) {
    if (userSignal?.aborted) this.stop();
    else userSignal?.addEventListener('abort', this.stop, { once: true });
  }

  /** The signal to give dbmate: aborted only once the server's work was cancelled. */
  get signal(): AbortSignal {
    return this.dbmateAbort.signal;
  }

  /** The user asked the run to stop. */
  get asked(): boolean {
    return Boolean(this.userSignal?.aborted);
  }

  /** For dbmate.exec's onSpawn. */
  readonly onSpawn = (pid: number): void => {
    this.spawned = true;
    this.dbmatePid = pid;
    this.onDbmate?.(pid);
  };

  private readonly stop = (): void => {
    // Before any dbmate started, nothing of the run can be on the server.
    this.stopping ??= this.spawned
      ? cancelServerWork(this.target, this.tag, { dbmatePid: this.dbmatePid, stopClient: () => this.dbmateAbort.abort() })
      : Promise.resolve().then(() => {
          this.dbmateAbort.abort();
          return undefined;
        });
  };

  /** Waits until a stop the user asked for is over on the server too; its report (undefined when no stop was asked). */
  settled(): Promise<ServerWorkReport | undefined> {
    return this.stopping ?? Promise.resolve(undefined);
  }

  /** What the stop did on the server, in words, when there is something to say. */
  async outcome(): Promise<ServerWorkOutcome | undefined> {
    const report = await this.settled();
    const message = report && describeServerWork(report);
    return message ? { message, clear: !report.error && report.remaining.length === 0 } : undefined;
  }

  /**
   * Stops another process of the run the same way (the schema dump given up after the stop):
   * its statement cancelled on the server, then `stop`, then a wait until the server is clear.
   */
  stopOther(pid: number | undefined, stop: () => void): Promise<ServerWorkReport> {
    return cancelServerWork(this.target, this.tag, { dbmatePid: pid, stopClient: stop });
  }

  dispose(): void {
    this.userSignal?.removeEventListener('abort', this.stop);
  }
}
