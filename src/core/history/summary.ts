// What status needs from history, per version: the latest up/down entry and the latest
// successful one. An index (version → byte offsets of those two lines) is built once by
// reading the file from the end (lines of versions already known are skipped without
// JSON.parse, and a successful drop or load ends the scan: what came before it no longer
// describes this database), kept in a small cache beside the history, and brought up to date
// by reading only the lines appended since. Status then reads just the lines of the versions
// it shows. So `dbtk status` costs about the same with 100 or 100,000 history entries.

import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { open, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { MAX_LINE_BYTES, MAX_WRITE_BYTES, readLineBatchesFromEnd, readLinesForward, type RawLine } from './file.js';
import { parseHistoryLine, WarningCollector } from './parse.js';
import type { HistoryEntry } from './types.js';
import { writeFileAtomic } from '../shared/atomic-write.js';

export interface VersionHistory {
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

/** Byte offsets of a version's newest up/down line and newest successful one (-1: none). */
type Offsets = [last: number, lastSuccess: number];

interface IndexCache {
  format: 3;
  /** Bytes of history.jsonl the cache describes (always the end of a complete line). */
  size: number;
  /** sha256 of the last bytes before `size`: a rewritten file is noticed and rebuilt. */
  tail: string;
  /**
   * `version last lastSuccess` lines. One string rather than an object: with 100,000
   * versions an object costs ~100 ms to parse, this a few, and only wanted ones are decoded.
   */
  versions: string;
  warnings: string[];
}

function encodeOffsets(versions: Map<string, Offsets>): string {
  let out = '';
  for (const [version, [last, success]] of versions) out += `${version} ${last} ${success}\n`;
  return out;
}

function decodeOffsets(encoded: string, wanted?: ReadonlySet<string>): Map<string, Offsets> {
  const versions = new Map<string, Offsets>();
  let start = 0;
  while (start < encoded.length) {
    let end = encoded.indexOf('\n', start);
    if (end < 0) end = encoded.length;
    const space = encoded.indexOf(' ', start);
    if (space > start && space < end) {
      const version = encoded.slice(start, space);
      if (!wanted || wanted.has(version)) {
        const [last, success] = encoded
          .slice(space + 1, end)
          .split(' ')
          .map(Number);
        if (Number.isInteger(last) && Number.isInteger(success)) versions.set(version, [last, success]);
      }
    }
    start = end + 1;
  }
  return versions;
}

const CACHE_FILE = 'history-summary.json';
const TAIL_BYTES = 256;
const MAX_WARNINGS = 10;
const VERSION_FIELD = /"version"\s*:\s*"(\d+)"/;
const RESET_WORDS = /"(drop|load)"/;

function isReset(entry: HistoryEntry): boolean {
  return (entry.action === 'drop' || entry.action === 'load') && entry.status === 'success';
}

const versionOf = (entry: HistoryEntry) =>
  (entry.action === 'up' || entry.action === 'down') && entry.version ? entry.version : undefined;

/** Folds one entry, oldest to newest. A successful drop or load forgets everything before it. */
function foldForward(versions: Map<string, Offsets>, entry: HistoryEntry, offset: number): void {
  if (isReset(entry)) return versions.clear();
  const version = versionOf(entry);
  if (!version) return;
  const previous = versions.get(version);
  versions.set(version, [offset, entry.status === 'success' ? offset : (previous?.[1] ?? -1)]);
}

async function tailHash(file: string, size: number): Promise<string> {
  const handle = await open(file, 'r');
  try {
    const length = Math.min(TAIL_BYTES, size);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, size - length);
    return createHash('sha256').update(buffer).digest('hex');
  } finally {
    await handle.close();
  }
}

/** Reads from the newest line back, parsing only lines that can still change the index. */
async function buildFromEnd(file: string, warnings: WarningCollector): Promise<{ versions: Map<string, Offsets>; size: number }> {
  const versions = new Map<string, Offsets>();
  let size: number | undefined;
  scan: for await (const batch of readLineBatchesFromEnd(file)) {
    for (const line of batch) {
      size ??= line.complete ? line.end + 1 : line.offset;
      if (!line.complete) continue;
      if (line.text !== null && !RESET_WORDS.test(line.text)) {
        const peeked = VERSION_FIELD.exec(line.text)?.[1];
        if (peeked && (versions.get(peeked)?.[1] ?? -1) >= 0) continue;
      }
      const parsed = parseHistoryLine(line);
      if (!parsed.entry) {
        warnings.add(parsed, line.offset);
        continue;
      }
      if (isReset(parsed.entry)) break scan;
      const version = versionOf(parsed.entry);
      if (!version) continue;
      const offsets = versions.get(version) ?? [-1, -1];
      if (offsets[0] < 0) offsets[0] = line.offset;
      if (offsets[1] < 0 && parsed.entry.status === 'success') offsets[1] = line.offset;
      versions.set(version, offsets);
    }
  }
  return { versions, size: size ?? 0 };
}

async function loadCache(cacheFile: string): Promise<IndexCache | undefined> {
  try {
    const cache = JSON.parse(await readFile(cacheFile, 'utf8')) as IndexCache;
    return cache?.format === 3 && typeof cache.size === 'number' && typeof cache.versions === 'string' && typeof cache.tail === 'string'
      ? cache
      : undefined;
  } catch {
    return undefined;
  }
}

async function saveCache(cacheFile: string, cache: IndexCache): Promise<void> {
  // Only a cache: if it cannot be written, the next read rebuilds it.
  await writeFileAtomic(cacheFile, JSON.stringify(cache)).catch(() => undefined);
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
    private readonly offsets: Map<string, Offsets> | string,
    readonly warnings: string[],
  ) {}

  private offsetsFor(versions?: Iterable<string>): Map<string, Offsets> {
    if (typeof this.offsets !== 'string') return this.offsets;
    return decodeOffsets(this.offsets, versions ? new Set(versions) : undefined);
  }

  /** The newest entries of these versions (all indexed versions when none are given). */
  // eslint-disable-next-line @typescript-eslint/require-await -- a failed open must reject; sync reads are faster here
  async lookup(versions?: Iterable<string>): Promise<HistorySummary> {
    const summary: HistorySummary = { versions: new Map(), warnings: this.warnings };
    const offsets = this.offsetsFor(versions);
    const wanted = new Set([...(versions ?? offsets.keys())].filter((v) => offsets.has(v)));
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

/** The index of `<stateDir>/history.jsonl`, using and refreshing the cache. */
export async function loadHistoryIndex(stateDir: string, historyFile: string): Promise<HistoryIndex> {
  const info = await stat(historyFile).catch(() => undefined);
  if (!info) return new HistoryIndex(historyFile, new Map(), []);
  const cacheFile = path.join(stateDir, CACHE_FILE);
  const cache = await loadCache(cacheFile);
  const collector = new WarningCollector(historyFile);
  let versions: Map<string, Offsets>;
  let size: number;
  let warnings: string[];
  if (cache && cache.size <= info.size && cache.size > 0 && cache.tail === (await tailHash(historyFile, cache.size))) {
    if (cache.size === info.size) return new HistoryIndex(historyFile, cache.versions, cache.warnings);
    versions = decodeOffsets(cache.versions);
    const read = await readLinesForward(historyFile, cache.size, (line) => {
      const parsed = parseHistoryLine(line);
      if (parsed.entry) foldForward(versions, parsed.entry, line.offset);
      else collector.add(parsed, line.offset);
    });
    size = read.end;
    warnings = [...cache.warnings, ...collector.list()].slice(-MAX_WARNINGS);
  } else {
    ({ versions, size } = await buildFromEnd(historyFile, collector));
    warnings = collector.list();
  }
  if (size > 0 && cache?.size !== size) {
    await saveCache(cacheFile, { format: 3, size, tail: await tailHash(historyFile, size), versions: encodeOffsets(versions), warnings });
  }
  return new HistoryIndex(historyFile, versions, warnings);
}

/** Per version, the newest entries (of `versions`, or of every version in the history). */
export async function readHistorySummary(stateDir: string, historyFile: string, versions?: Iterable<string>): Promise<HistorySummary> {
  return (await loadHistoryIndex(stateDir, historyFile)).lookup(versions);
}
