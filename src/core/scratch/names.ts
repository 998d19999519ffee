// Names of scratch databases: `<db>_dbtk_dry_<random>`, short enough for PostgreSQL (63 bytes)
// and MySQL (64 characters), and recognisable, so leftovers can be found and dropped.

import { randomBytes } from 'node:crypto';

/** What every scratch database name contains (search for it to find leftovers). */
export const SCRATCH_MARKER = '_dbtk_dry_';
/** What the empty scratch databases of `dbtk test` contain. */
export const TEST_SCRATCH_MARKER = '_dbtk_test_';

const MAX_NAME = 63;

/** A fresh scratch database name for a copy of `database`. */
export function scratchDatabaseName(database: string, random: string = randomBytes(4).toString('hex'), marker = SCRATCH_MARKER): string {
  const suffix = `${marker}${random}`;
  const base = database.replace(/[^A-Za-z0-9_]/g, '_') || 'db';
  return `${base.slice(0, MAX_NAME - suffix.length)}${suffix}`;
}

/** The URL `url` with its database (path) replaced by `database`; user, host, port and query kept. */
export function urlWithDatabase(url: string, database: string): string {
  const match = /^([a-z][a-z0-9+.-]*:\/\/[^/?#]*)(\/[^?#]*)?(.*)$/is.exec(url);
  if (!match) return url;
  return `${match[1]}/${encodeURIComponent(database)}${match[3]}`;
}

/** The database a server URL names (its decoded path). */
export function databaseOfUrl(url: string): string {
  const match = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*\/([^?#]*)/is.exec(url);
  if (!match) return '';
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return match[1];
  }
}
