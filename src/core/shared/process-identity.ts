// Whether a process noted earlier (by pid, in a file) is still running. A pid alone can lie: the
// system hands it to a new process once the old one is gone, so on Linux the process's start
// time is noted with it and compared. A process on another host cannot be checked at all.

import { readFileSync } from 'node:fs';
import os from 'node:os';

export interface ProcessRef {
  pid: number;
  host: string;
  /** When the process started (Linux: clock ticks since boot), if the system tells. */
  startTicks?: string;
}

/** A reference to the running process `pid` on this host. */
export function processRef(pid: number): ProcessRef {
  const startTicks = startTicksOf(pid);
  return { pid, host: os.hostname(), ...(startTicks ? { startTicks } : {}) };
}

/** True while the process still runs, false once it is gone, undefined when it is on another host. */
export function isProcessRunning(ref: ProcessRef): boolean | undefined {
  if (ref.host !== os.hostname()) return undefined;
  try {
    process.kill(ref.pid, 0);
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const fields = statFields(ref.pid);
  if (fields?.[0] === 'Z') return false; // exited, not yet reaped by its parent
  const now = fields?.[19];
  return !(ref.startTicks && now && now !== ref.startTicks);
}

function startTicksOf(pid: number): string | undefined {
  return statFields(pid)?.[19];
}

/** /proc/<pid>/stat from the state field on (state, ppid, … starttime at index 19). */
function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // `pid (comm) state ppid …`: comm may hold spaces and parentheses, so count from its end.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}
