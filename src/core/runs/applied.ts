// Which versions are applied right now, as the database says. Read from the migrations table
// itself when dbtk can (SQLite through sqlite3, PostgreSQL, MySQL/MariaDB); otherwise from
// dbmate's status, which names only applied versions that have a file and counts the others.

import { existsSync } from 'node:fs';
import { sqliteFilePath } from '../database/identity.js';
import { readAppliedVersions } from '../dbmate/applied-versions.js';
import { dialectOf } from '../shared/dialect.js';
import { isDbtkError } from '../shared/errors.js';
import type { RunContext } from './types.js';

export interface AppliedSnapshot {
  /** The applied versions dbtk can name. */
  versions: Set<string>;
  /** True when read from the migrations table; false when only dbmate's status could tell. */
  fromTable: boolean;
  /** Applied versions dbmate counted but could not name (their file is missing); 0 when read from the table. */
  unnamed: number;
  /** The database does not exist (yet). */
  databaseMissing: boolean;
}

export async function readApplied(ctx: RunContext): Promise<AppliedSnapshot> {
  const { config } = ctx;
  if (sqliteFileMissing(ctx)) return { versions: new Set(), fromTable: true, unnamed: 0, databaseMissing: true };
  const versions = (await ctx.readAppliedVersions?.()) ?? (await readAppliedVersions(config, ctx.runner));
  if (versions) return { versions: new Set(versions), fromTable: true, unnamed: 0, databaseMissing: false };
  const dbmate = await ctx.dbmate();
  try {
    const status = await dbmate.status();
    const named = status.files.filter((f) => f.applied).map((f) => f.version);
    return { versions: new Set(named), fromTable: false, unnamed: Math.max(0, status.applied - named.length), databaseMissing: false };
  } catch (error) {
    if (isDbtkError(error, 'database_missing')) return { versions: new Set(), fromTable: false, unnamed: 0, databaseMissing: true };
    throw error;
  }
}

/** True for a SQLite database whose file does not exist yet (nothing to ask, and dbmate must not create it). */
function sqliteFileMissing(ctx: RunContext): boolean {
  const { url, driver, cwd } = ctx.config;
  return Boolean(url) && dialectOf(url, driver) === 'sqlite' && !existsSync(sqliteFilePath(url!, cwd));
}
