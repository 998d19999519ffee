// Low-level reading and writing of a JSON Lines history file. Appends are whole lines, each
// write() call at most one pipe buffer, on a file opened O_APPEND, so concurrent dbtk
// processes never interleave inside a line and a crash loses at most the line being written.
// Reading streams lines in byte chunks (newest first from the end, or forward from an
// offset), so a 100,000-line file is never loaded at once and never parsed twice.

import { writeSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';

/** One write() call is atomic for at most this many bytes on every POSIX file system we meet. */
export const MAX_WRITE_BYTES = 4096;
/** A line longer than this is not a dbtk entry (ours stay under MAX_WRITE_BYTES): skipped. */
export const MAX_LINE_BYTES = 1024 * 1024;
const CHUNK_BYTES = 256 * 1024;
const NEWLINE = 0x0a;

export interface RawLine {
  /** Byte offset of the line's first byte in the file. */
  offset: number;
  /** Byte offset just after the line's last byte (where its newline is, if it has one). */
  end: number;
  /** The line without its newline; null when it was longer than MAX_LINE_BYTES. */
  text: string | null;
  /** False for a last line with no newline (a write that was cut short). */
  complete: boolean;
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException)?.code === 'ENOENT';
}

async function openForRead(file: string): Promise<FileHandle | undefined> {
  try {
    return await open(file, 'r');
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.allocUnsafe(length);
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await handle.read(buffer, filled, length - filled, position + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return filled === length ? buffer : buffer.subarray(0, filled);
}

function decode(bytes: Buffer): string | null {
  return bytes.length > MAX_LINE_BYTES ? null : bytes.toString('utf8');
}

/**
 * The file's lines from the last to the first, in batches (one per chunk read: an await per
 * line would cost more than the parsing). Empty lines are skipped; a missing file has none.
 */
export async function* readLineBatchesFromEnd(file: string): AsyncGenerator<RawLine[]> {
  const handle = await openForRead(file);
  if (!handle) return;
  try {
    const { size } = await handle.stat();
    let position = size;
    // Bytes after `position` whose line starts in an earlier chunk.
    let carry: Buffer[] = [];
    let carryBytes = 0;
    let first = true;
    while (position > 0) {
      const start = Math.max(0, position - CHUNK_BYTES);
      const chunk = await readAt(handle, start, position - start);
      const batch: RawLine[] = [];
      let end = chunk.length;
      let newline = end > 0 ? chunk.lastIndexOf(NEWLINE, end - 1) : -1;
      while (newline >= 0) {
        const head = chunk.subarray(newline + 1, end);
        const oversized = carryBytes + head.length > MAX_LINE_BYTES;
        const bytes = carry.length ? Buffer.concat([head, ...carry]) : head;
        if (bytes.length > 0 || oversized) {
          const offset = start + newline + 1;
          batch.push({ offset, end: offset + head.length + carryBytes, text: oversized ? null : decode(bytes), complete: !first });
        }
        first = false;
        carry = [];
        carryBytes = 0;
        end = newline;
        newline = end > 0 ? chunk.lastIndexOf(NEWLINE, end - 1) : -1;
      }
      const rest = chunk.subarray(0, end);
      // An endless line is kept only as a byte count: it is reported, never decoded.
      carryBytes += rest.length;
      carry = carryBytes > MAX_LINE_BYTES ? [Buffer.alloc(0)] : [rest, ...carry];
      position = start;
      if (position === 0 && carryBytes > 0) {
        batch.push({
          offset: 0,
          end: carryBytes,
          text: carryBytes > MAX_LINE_BYTES ? null : decode(Buffer.concat(carry)),
          complete: !first,
        });
      }
      if (batch.length) yield batch;
    }
  } finally {
    await handle.close();
  }
}

/** The file's lines from the last to the first, one at a time. */
export async function* readLinesFromEnd(file: string): AsyncGenerator<RawLine> {
  for await (const batch of readLineBatchesFromEnd(file)) yield* batch;
}

/**
 * Complete lines from `offset` to the end, oldest first. `end` is the offset just after the
 * last complete line: a cut-short last line is left for a later read.
 */
export async function readLinesForward(
  file: string,
  offset: number,
  onLine: (line: RawLine) => void,
): Promise<{ end: number; size: number }> {
  const handle = await openForRead(file);
  if (!handle) return { end: 0, size: 0 };
  try {
    const { size } = await handle.stat();
    let position = offset;
    let lineStart = offset;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    while (position < size) {
      const chunk = await readAt(handle, position, Math.min(CHUNK_BYTES, size - position));
      if (chunk.length === 0) break;
      let from = 0;
      let newline = chunk.indexOf(NEWLINE, from);
      while (newline >= 0) {
        const tail = chunk.subarray(from, newline);
        const oversized = pendingBytes + tail.length > MAX_LINE_BYTES;
        const bytes = pending.length ? Buffer.concat([...pending, tail]) : tail;
        if (bytes.length > 0 || oversized)
          onLine({ offset: lineStart, end: position + newline, text: oversized ? null : decode(bytes), complete: true });
        pending = [];
        pendingBytes = 0;
        from = newline + 1;
        lineStart = position + from;
        newline = chunk.indexOf(NEWLINE, from);
      }
      const rest = chunk.subarray(from);
      pendingBytes += rest.length;
      pending = pendingBytes > MAX_LINE_BYTES ? [] : [...pending, Buffer.from(rest)];
      position += chunk.length;
    }
    return { end: lineStart, size };
  } finally {
    await handle.close();
  }
}

/** Groups whole lines into write()-sized chunks; a line is never split across chunks. */
function chunkLines(lines: string[], prefix = ''): Buffer[] {
  const chunks: Buffer[] = [];
  let current = prefix;
  for (const line of lines) {
    const next = `${line}\n`;
    if (current && Buffer.byteLength(current + next) > MAX_WRITE_BYTES) {
      chunks.push(Buffer.from(current));
      current = '';
    }
    current += next;
  }
  if (current) chunks.push(Buffer.from(current));
  return chunks;
}

async function lastByteIsNewline(handle: FileHandle): Promise<{ size: number; newline: boolean }> {
  const { size } = await handle.stat();
  if (size === 0) return { size, newline: true };
  return { size, newline: (await readAt(handle, size - 1, 1))[0] === NEWLINE };
}

/**
 * True when the file ends inside a line that a crashed writer left. Another process may be
 * in the middle of its own write (the size grows page by page while it copies), so a
 * missing newline counts only once the file has stopped growing.
 */
async function endsMidLine(handle: FileHandle): Promise<boolean> {
  let seen = await lastByteIsNewline(handle);
  for (let attempt = 0; attempt < 3 && !seen.newline; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    const again = await lastByteIsNewline(handle);
    if (again.size === seen.size) return !again.newline;
    seen = again;
  }
  return !seen.newline;
}

/**
 * An open history file for appending whole lines. If an earlier writer was cut short
 * mid-line, a newline goes first so that the broken line stays alone (and is skipped)
 * instead of swallowing ours. Writes are synchronous: a batch appends a line per migration,
 * and one write() each costs far less than a thread-pool round trip.
 */
export class LineAppender {
  private prefix: string;

  private constructor(
    private readonly handle: FileHandle,
    brokenLineBefore: boolean,
  ) {
    this.prefix = brokenLineBefore ? '\n' : '';
  }

  static async open(file: string): Promise<LineAppender> {
    const handle = await open(file, 'a+');
    try {
      return new LineAppender(handle, await endsMidLine(handle));
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  write(lines: string[]): void {
    if (lines.length === 0) return;
    for (const chunk of chunkLines(lines, this.prefix)) {
      const bytesWritten = writeSync(this.handle.fd, chunk);
      if (bytesWritten !== chunk.length) throw new Error(`only ${bytesWritten} of ${chunk.length} bytes were written (disk full?)`);
    }
    this.prefix = '';
  }

  close(): Promise<void> {
    return this.handle.close();
  }
}
