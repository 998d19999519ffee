// What status needs from history, per version: the latest up/down entry and the latest
// successful one, for one database. An index (version and database → byte offsets of those
// two lines) is built once by reading the file from the end (lines already known are skipped
// without JSON.parse, and a successful drop or load ends what is known of its database: what
// came before it no longer describes that database), kept in a small cache beside the
// history, and brought up to date by reading only the lines appended since. Status then reads
// just the lines of the versions it shows. So `dbtk status` costs about the same with 100 or
// 100,000 history entries.
//
// History is per database: an entry names its database's identity key, and a lookup for one
// database sees its entries and those that name none (written before history was per
// database; they belong to every database). One index serves every database of the file.

import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { MAX_LINE_BYTES, MAX_WRITE_BYTES, readLineBatchesFromEnd, readLinesForward, type RawLine } from './file.js';
import { parseHistoryLine, WarningCollector } from './parse.js';
import type { HistoryEntry } from './types.js';
import {
  CACHE_FILE,
  decodeOffsets,
  encodeOffsets,
  indexKey,
  loadCache,
  saveCache,
  scopeOf,
  tailHash,
  type IndexedOffsets,
  type Offsets,
  type Resets,
} from './summary-cache.js';

interface VersionHistory {
  /** The newest up or down entry for this version. */
  last?: HistoryEntry;
  /** The newest successful up or down entry. */
  lastSuccess?: HistoryEntry;
}

export interface HistorySummary {
  versions: Map<string, VersionHistory>;
  /** Lines skipped while reading (for people; status shows them dimmed). */
  warnings: string[];
}

const MAX_WARNINGS = 10;
const VERSION_FIELD = /"version"\s*:\s*"(\d+)"/;
const DATABASE_FIELD = /"database"\s*:\s*"([^"\\]*)"/;
const RESET_WORDS = /"(drop|load|restore)"/;

function isReset(entry: HistoryEntry): boolean {
  return (entry.action === 'drop' || entry.action === 'load' || entry.action === 'restore') && entry.status === 'success';
}

/** Runs, and a squash's own version (its entry carries the squashed file's checksum): what a version's state comes from. */
const versionOf = (entry: HistoryEntry) =>
  (entry.action === 'up' || entry.action === 'down' || (entry.action === 'squash' && entry.checksum)) && entry.version
    ? entry.version
    : undefined;

/**
 * Folds one entry, oldest to newest. A successful drop or load forgets everything before it
 * for its database (for every database when it names none).
 */
function foldForward(versions: IndexedOffsets, resets: Resets, entry: HistoryEntry, offset: number): void {
  const scope = scopeOf(entry.database);
  if (isReset(entry)) {
    if (!scope) {
      versions.clear();
      resets.clear();
      return;
    }
    resets.set(scope, offset);
    for (const key of versions.keys()) if (key.endsWith(`@${scope}`)) versions.delete(key);
    return;
  }
  const version = versionOf(entry);
  if (!version) return;
  const key = indexKey(version, scope);
  const previous = versions.get(key);
  versions.set(key, [offset, entry.status === 'success' ? offset : (previous?.[1] ?? -1)]);
}

/** Reads from the newest line back, parsing only lines that can still change the index. */
async function buildFromEnd(file: string, warnings: WarningCollector): Promise<{ versions: IndexedOffsets; resets: Resets; size: number }> {
  const versions: IndexedOffsets = new Map();
  const resets: Resets = new Map();
  let size: number | undefined;
  scan: for await (const batch of readLineBatchesFromEnd(file)) {
    for (const line of batch) {
      size ??= line.complete ? line.end + 1 : line.offset;
      if (!line.complete) continue;
      if (line.text !== null && !RESET_WORDS.test(line.text) && isKnownLine(line.text, versions, resets)) continue;
      const parsed = parseHistoryLine(line);
      if (!parsed.entry) {
        warnings.add(parsed, line.offset);
        continue;
      }
      const scope = scopeOf(parsed.entry.database);
      if (isReset(parsed.entry)) {
        // A reset that names no database ends what is known of every database.
        if (!scope) break scan;
        if (!resets.has(scope)) resets.set(scope, line.offset);
        continue;
      }
      const version = versionOf(parsed.entry);
      if (!version || (scope && resets.has(scope))) continue;
      const key = indexKey(version, scope);
      const offsets = versions.get(key) ?? [-1, -1];
      if (offsets[0] < 0) offsets[0] = line.offset;
      if (offsets[1] < 0 && parsed.entry.status === 'success') offsets[1] = line.offset;
      versions.set(key, offsets);
    }
  }
  return { versions, resets, size: size ?? 0 };
}

/**
 * True when a line, read from the end, cannot change the index, decided without JSON.parse:
 * its version and database already have a newer success, or its database a newer reset.
 */
function isKnownLine(text: string, versions: IndexedOffsets, resets: Resets): boolean {
  const version = VERSION_FIELD.exec(text)?.[1];
  if (!version) return false;
  const database = DATABASE_FIELD.exec(text)?.[1];
  // A database field the pattern cannot read (escapes, odd spacing) is left to the parser.
  if (database === undefined && text.includes('"database"')) return false;
  const scope = scopeOf(database);
  if (scope && resets.has(scope)) return true;
  return (versions.get(indexKey(version, scope))?.[1] ?? -1) >= 0;
}

/**
 * Lines of the history by offset, read synchronously: status looks up thousands of lines,
 * and a thread-pool round trip for each cost more than the reads themselves. When most of
 * the file is wanted it is read once; otherwise each line is read where it starts (in one
 * go for entries dbtk wrote, one write each).
 */
class LineReader {
  private readonly scratch = Buffer.alloc(MAX_WRITE_BYTES);
  private readonly whole: Buffer | undefined;

  constructor(
    private readonly fd: number,
    wantedLines: number,
  ) {
    const size = fstatSync(fd).size;
    if (wantedLines * MAX_WRITE_BYTES >= size) this.whole = this.read(Buffer.allocUnsafe(size), 0);
  }

  lineAt(offset: number): RawLine | undefined {
    if (this.whole) return lineIn(this.whole, offset, 0, this.whole.length);
    for (let length = MAX_WRITE_BYTES; length <= MAX_LINE_BYTES * 2; length *= 4) {
      const buffer = this.read(length <= this.scratch.length ? this.scratch : Buffer.alloc(length), offset);
      const line = lineIn(buffer, offset, offset, buffer.length);
      if (line || buffer.length < length) return line;
    }
    return undefined;
  }

  /** Fills `buffer` from `position` (up to the end of the file); the part that was read. */
  private read(buffer: Buffer, position: number): Buffer {
    let filled = 0;
    while (filled < buffer.length) {
      const count = readSync(this.fd, buffer, filled, buffer.length - filled, position + filled);
      if (count === 0) break;
      filled += count;
    }
    return buffer.subarray(0, filled);
  }
}

/** The complete line at file offset `offset`, in `buffer` that holds the file from `base`. */
function lineIn(buffer: Buffer, offset: number, base: number, length: number): RawLine | undefined {
  const start = offset - base;
  const newline = buffer.subarray(0, length).indexOf(0x0a, start);
  if (newline < 0) return undefined;
  return { offset, end: base + newline, text: buffer.toString('utf8', start, newline), complete: true };
}

/** An index over one history file, ready to answer for the versions a status shows. */
export class HistoryIndex {
  constructor(
    private readonly file: string,
    /** Decoded offsets, or the cache's encoded form (decoded per lookup, wanted versions only). */
    private readonly offsets: IndexedOffsets | string,
    private readonly resets: Resets,
    readonly warnings: string[],
    /** The database lookups answer for by default (every database when undefined). */
    readonly database?: string,
  ) {}

  private offsetsFor(versions?: Iterable<string>): IndexedOffsets {
    if (typeof this.offsets !== 'string') return this.offsets;
    return decodeOffsets(this.offsets, versions ? new Set(versions) : undefined);
  }

  /**
   * Per version, the newest offsets that count for `database`: its own entries and those that
   * name no database, from after its last reset. Every database's when `database` is undefined.
   */
  private combined(offsets: IndexedOffsets, database: string | undefined): Map<string, Offsets> {
    const wantedScope = database === undefined ? undefined : scopeOf(database);
    const combined = new Map<string, Offsets>();
    for (const [key, [last, success]] of offsets) {
      const at = key.indexOf('@');
      const version = at < 0 ? key : key.slice(0, at);
      const scope = at < 0 ? '' : key.slice(at + 1);
      if (wantedScope !== undefined && scope !== '' && scope !== wantedScope) continue;
      // Lines before a database's reset do not describe it; for every database, each its own.
      const floor = this.resets.get(wantedScope ?? scope) ?? -1;
      const kept: Offsets = [last > floor ? last : -1, success > floor ? success : -1];
      if (kept[0] < 0 && kept[1] < 0) continue;
      const previous = combined.get(version);
      combined.set(version, previous ? [Math.max(previous[0], kept[0]), Math.max(previous[1], kept[1])] : kept);
    }
    return combined;
  }

  /** The newest entries of these versions (all indexed versions when none are given), for one database. */
  // eslint-disable-next-line @typescript-eslint/require-await -- a failed open must reject; sync reads are faster here
  async lookup(versions?: Iterable<string>, database: string | undefined = this.database): Promise<HistorySummary> {
    const summary: HistorySummary = { versions: new Map(), warnings: this.warnings };
    const wantedList = versions ? [...versions] : undefined;
    const offsets = this.combined(this.offsetsFor(wantedList), database);
    const wanted = new Set((wantedList ?? [...offsets.keys()]).filter((v) => offsets.has(v)));
    if (wanted.size === 0) return summary;
    const fd = openSync(this.file, 'r');
    try {
      const reader = new LineReader(fd, wanted.size * 2);
      for (const version of wanted) {
        const [last, lastSuccess] = offsets.get(version)!;
        const read = (offset: number) => {
          const line = offset >= 0 ? reader.lineAt(offset) : undefined;
          return line ? parseHistoryLine(line).entry : undefined;
        };
        const lastEntry = read(last);
        const successEntry = lastSuccess === last ? lastEntry : read(lastSuccess);
        if (lastEntry || successEntry) summary.versions.set(version, { last: lastEntry, lastSuccess: successEntry });
      }
    } finally {
      closeSync(fd);
    }
    return summary;
  }
}

/** The index of `<stateDir>/history.jsonl`, using and refreshing the cache; lookups default to `database`. */
export async function loadHistoryIndex(stateDir: string, historyFile: string, database?: string): Promise<HistoryIndex> {
  const info = await stat(historyFile).catch(() => undefined);
  if (!info) return new HistoryIndex(historyFile, new Map(), new Map(), [], database);
  const cacheFile = path.join(stateDir, CACHE_FILE);
  const cache = await loadCache(cacheFile);
  const collector = new WarningCollector(historyFile);
  let versions: IndexedOffsets;
  let resets: Resets;
  let size: number;
  let warnings: string[];
  if (cache && cache.size <= info.size && cache.size > 0 && cache.tail === (await tailHash(historyFile, cache.size))) {
    resets = new Map(Object.entries(cache.resets).filter((entry): entry is [string, number] => Number.isInteger(entry[1])));
    if (cache.size === info.size) return new HistoryIndex(historyFile, cache.versions, resets, cache.warnings, database);
    versions = decodeOffsets(cache.versions);
    const read = await readLinesForward(historyFile, cache.size, (line) => {
      const parsed = parseHistoryLine(line);
      if (parsed.entry) foldForward(versions, resets, parsed.entry, line.offset);
      else collector.add(parsed, line.offset);
    });
    size = read.end;
    warnings = [...cache.warnings, ...collector.list()].slice(-MAX_WARNINGS);
  } else {
    ({ versions, resets, size } = await buildFromEnd(historyFile, collector));
    warnings = collector.list();
  }
  if (size > 0 && cache?.size !== size) {
    await saveCache(cacheFile, {
      format: 4,
      size,
      tail: await tailHash(historyFile, size),
      versions: encodeOffsets(versions),
      resets: Object.fromEntries(resets),
      warnings,
    });
  }
  return new HistoryIndex(historyFile, versions, resets, warnings, database);
}
