// Processes seen through /proc (Linux), for fault tests that kill dbtk or its dbmate.

import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/** Children of `parent` whose command line contains `pattern` (no process spawned while racing). */
export function childPids(parent: number, pattern: string): number[] {
  let children: string[];
  try {
    children = readFileSync(`/proc/${parent}/task/${parent}/children`, 'utf8').split(' ').filter(Boolean);
  } catch {
    return [];
  }
  return children.map(Number).filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(pattern);
    } catch {
      return false;
    }
  });
}

/** True while `pid` runs (a zombie counts as gone). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return false;
  }
}

/** Polls `probe` until it returns a value (not a timed test: the bound only ends a hang). */
export async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/**
 * The server's sessions of a database once they have emptied, or the last ones seen after
 * `timeoutMs`. A process that exits closes its connections, but the server drops them a moment
 * later (more so on a loaded machine): asserting on the first look would blame dbtk for that.
 */
export async function sessionsOnceGone<T>(probe: () => Promise<T[]>, timeoutMs = 5_000): Promise<T[]> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const rows = await probe();
    if (rows.length === 0 || Date.now() > until) return rows;
    await sleep(100);
  }
}
