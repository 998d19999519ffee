// The summary index's cache beside the history (`history-summary.json`): per version and
// database, the byte offsets of its newest entries, in a compact text form that is decoded
// only for the versions wanted; per database, where its last reset (drop, load) was; and the
// file's size and tail hash, so that a rewritten history is noticed and the cache rebuilt.

import { createHash } from 'node:crypto';
import { open, readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../shared/atomic-write.js';

export const CACHE_FILE = 'history-summary.json';
const TAIL_BYTES = 256;

/** Byte offsets of a version's newest up/down line and newest successful one (-1: none). */
export type Offsets = [last: number, lastSuccess: number];

/**
 * Offsets by `version` (entries that name no database) or `version@database` (entries of one
 * database). Databases are encoded so that neither `@`, spaces nor newlines appear in them.
 */
export type IndexedOffsets = Map<string, Offsets>;

/** Per database, the offset of its newest successful drop or load: older lines do not count for it. */
export type Resets = Map<string, number>;

export const scopeOf = (database: string | undefined): string => (database ? encodeURIComponent(database) : '');
export const indexKey = (version: string, scope: string): string => (scope ? `${version}@${scope}` : version);

interface IndexCache {
  format: 4;
  /** Bytes of history.jsonl the cache describes (always the end of a complete line). */
  size: number;
  /** sha256 of the last bytes before `size`: a rewritten file is noticed and rebuilt. */
  tail: string;
  /**
   * `version last lastSuccess` lines. One string rather than an object: with 100,000
   * versions an object costs ~100 ms to parse, this a few, and only wanted ones are decoded.
   */
  versions: string;
  /** Scope → offset of its newest successful drop or load. */
  resets: Record<string, number>;
  warnings: string[];
}

export function encodeOffsets(versions: IndexedOffsets): string {
  let out = '';
  for (const [version, [last, success]] of versions) out += `${version} ${last} ${success}\n`;
  return out;
}

export function decodeOffsets(encoded: string, wanted?: ReadonlySet<string>): IndexedOffsets {
  const versions: IndexedOffsets = new Map();
  let start = 0;
  while (start < encoded.length) {
    let end = encoded.indexOf('\n', start);
    if (end < 0) end = encoded.length;
    const space = encoded.indexOf(' ', start);
    if (space > start && space < end) {
      const version = encoded.slice(start, space);
      if (!wanted || wanted.has(versionOfKey(version))) {
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

function versionOfKey(key: string): string {
  const at = key.indexOf('@');
  return at < 0 ? key : key.slice(0, at);
}

export async function tailHash(file: string, size: number): Promise<string> {
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

export async function loadCache(cacheFile: string): Promise<IndexCache | undefined> {
  try {
    const cache = JSON.parse(await readFile(cacheFile, 'utf8')) as IndexCache;
    return cache?.format === 4 &&
      typeof cache.size === 'number' &&
      typeof cache.versions === 'string' &&
      typeof cache.tail === 'string' &&
      typeof cache.resets === 'object' &&
      cache.resets !== null
      ? cache
      : undefined;
  } catch {
    return undefined;
  }
}

export async function saveCache(cacheFile: string, cache: IndexCache): Promise<void> {
  // Only a cache: if it cannot be written, the next read rebuilds it.
  await writeFileAtomic(cacheFile, JSON.stringify(cache)).catch(() => undefined);
}
