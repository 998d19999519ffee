// Who is running dbtk, as history entries and lock holders name them.

import os from 'node:os';

/** `user@host`; containers without a passwd entry fall back to $USER or the uid. */
export function currentUserAtHost(): string {
  let user: string | undefined;
  try {
    user = os.userInfo().username;
  } catch {
    user = process.env.USER || process.env.LOGNAME || (process.getuid ? `uid${process.getuid()}` : undefined);
  }
  return `${user || 'unknown'}@${os.hostname()}`;
}
