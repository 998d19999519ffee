// Parsed migration files, cached beside the history (`<stateDir>/scan-cache.json`), so that a
// status of 10,000 migrations stats each file instead of opening, reading, hashing and
// parsing it. An entry is used only while its file's size, mtime, ctime and inode are all
// unchanged: ctime cannot be set back by editors or tools (touch -d, git checkout, rsync
// --times), so any change to a file is seen. Like git's index, an entry is not saved while
// the file's ctime is too recent to be told apart from a change in the same clock tick.

import { readFileSync, type Stats } from 'node:fs';
import { writeFileAtomic } from '../shared/atomic-write.js';
import type { MigrationFile } from './types.js';

export const SCAN_CACHE_FILE = 'scan-cache.json';
const FORMAT = 1;
/** A file changed less than this before the cache is written is read again next time. */
const RACY_MS = 2000;

interface CacheData {
  format: typeof FORMAT;
  /** dbtk's version: a newer parser may read the same bytes differently. */
  parser: string;
  files: Record<string, [stamp: string, file: MigrationFile]>;
}

const stampOf = (info: Stats) => `${info.size}:${info.mtimeMs}:${info.ctimeMs}:${info.ino}`;

export class ScanCache {
  private readonly fresh: CacheData['files'] = {};
  private changed = false;
  private saved: Promise<void> | undefined;

  private constructor(
    private readonly cacheFile: string,
    private readonly writable: boolean,
    private readonly parser: string,
    private readonly known: CacheData['files'],
  ) {}

  /**
   * The cache, or an empty one when it is missing, damaged or from another dbtk. It is saved
   * only when `writable`: where dbtk already keeps history (and so has its .gitignore rule),
   * never in a project that a plain status would otherwise leave untouched.
   */
  static load(cacheFile: string, parser: string, writable: boolean): ScanCache {
    let known: CacheData['files'] = {};
    try {
      const data = JSON.parse(readFileSync(cacheFile, 'utf8')) as CacheData;
      if (data?.format === FORMAT && data.parser === parser && data.files && typeof data.files === 'object') known = data.files;
    } catch {
      // no cache yet, or an unreadable one: every file is read
    }
    return new ScanCache(cacheFile, writable, parser, known);
  }

  /** The parsed file, if the one on disk is still the one that was parsed. */
  get(filePath: string, info: Stats): MigrationFile | undefined {
    const entry = this.known[filePath];
    if (entry?.[0] !== stampOf(info)) return undefined;
    this.fresh[filePath] = entry;
    return entry[1];
  }

  set(filePath: string, info: Stats, file: MigrationFile): void {
    // A read error may pass; only a clean parse is worth keeping.
    if (file.problems.some((p) => p.code === 'read_error')) return;
    if (Date.now() - info.ctimeMs < RACY_MS) {
      this.changed = true;
      return;
    }
    this.fresh[filePath] = [stampOf(info), file];
    this.changed = true;
  }

  /**
   * Writes the entries of this scan (files gone since are dropped) once the caller has what
   * it asked for: serialising thousands of entries must not delay a status or the app's
   * first frame (a pending write still finishes before the process exits). Only a cache:
   * if it cannot be written, the next scan reads the files again.
   */
  saveSoon(): Promise<void> {
    this.saved ??= new Promise((resolve) => setImmediate(resolve)).then(() => this.save());
    return this.saved;
  }

  private async save(): Promise<void> {
    if (!this.writable) return;
    const dropped = Object.keys(this.known).some((file) => !(file in this.fresh));
    if (!this.changed && !dropped) return;
    const data: CacheData = { format: FORMAT, parser: this.parser, files: this.fresh };
    await writeFileAtomic(this.cacheFile, JSON.stringify(data)).catch(() => undefined);
  }
}
