// What a scratch copy is, for every kind of database.

import { DbtkError } from '../shared/errors.js';

type ScratchKind = 'sqlite_file' | 'scratch_database' | 'shadow_database';

export interface ScratchCopy {
  kind: ScratchKind;
  /** The copy's URL, password included: give it to dbmate through the environment only. */
  url: string;
  /** The copy without credentials, to show (a file path or `postgres://host:port/name`). */
  label: string;
  /** True when the copy holds the real data (always for SQLite), false for the schema only. */
  withData: boolean;
  /** The size of what was copied, in bytes, when known (the data's size with `withData`). */
  sizeBytes?: number;
  /** Removes the copy (drops the scratch database, empties the shadow one, deletes the file). Never throws. */
  dispose(): Promise<ScratchRemoval>;
}

export interface ScratchRemoval {
  removed: boolean;
  /** Why it could not be removed, and how to remove it by hand. */
  error?: string;
}

export interface ScratchOptions {
  /** Copy the data too (PostgreSQL, MySQL); SQLite copies are always whole files. */
  withData?: boolean;
  /** Make an empty scratch database instead of a copy (`<db>_dbtk_test_<random>`, or an empty SQLite file): nothing of the real one is read. */
  empty?: boolean;
  signal?: AbortSignal;
}

export function interrupted(): DbtkError {
  return new DbtkError('interrupted', 'Stopped while the copy was being made; the copy was removed and the database was not changed.');
}
