// Reading dbmate migration files: version, name, up/down sections, options and checksum.
// A malformed file becomes a MigrationFile with problems, never an exception: one bad file
// must not hide the others.

import { createHash } from 'node:crypto';
import { closeSync, createReadStream, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MIGRATION_FILE_PATTERN, splitMigrationFileName } from '../dbmate/file-name.js';
import { sha256 } from '../shared/hash.js';
import type { ScanCache } from './scan-cache.js';
import type { MigrationFile, MigrationSection } from './types.js';

export type { MigrationFile, MigrationProblem, MigrationSection } from './types.js';

/** Files larger than this are checksummed but not parsed (a 50 MB seed is not analysed). */
export const MAX_PARSED_BYTES = 10 * 1024 * 1024;

const SECTION_MARKER = /^--\s*migrate:(up|down)\b(.*)$/;

/** True when the bytes look like text a person wrote (no NULs, valid UTF-8). */
function looksLikeText(bytes: Buffer): boolean {
  if (bytes.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** Parses the content of one migration file. `file` is its base name. */
export function parseMigrationContent(file: string, filePath: string, bytes: Buffer): MigrationFile {
  const split = splitMigrationFileName(file);
  const result: MigrationFile = {
    version: split?.version ?? '',
    name: split?.name ?? file.replace(/\.sql$/, ''),
    file,
    path: filePath,
    up: null,
    down: null,
    transaction: true,
    checksum: sha256(bytes),
    sizeBytes: bytes.length,
    problems: [],
  };
  if (!split) {
    result.problems.push({
      code: 'bad_name',
      severity: 'error',
      message: `"${file}" does not start with a version number, so dbmate ignores it (expected e.g. 20240101120000_name.sql)`,
    });
  }
  if (!looksLikeText(bytes)) {
    result.problems.push({ code: 'not_text', severity: 'error', message: 'not a text file (binary content or invalid UTF-8)' });
    return result;
  }
  parseSections(bytes.toString('utf8'), result);
  return result;
}

function parseSections(text: string, result: MigrationFile): void {
  const lines = text.split(/\r?\n/);
  const markers: { direction: 'up' | 'down'; line: number; options: Record<string, string> }[] = [];
  lines.forEach((line, index) => {
    const match = SECTION_MARKER.exec(line);
    if (match) markers.push({ direction: match[1] as 'up' | 'down', line: index + 1, options: parseOptions(match[2], index + 1, result) });
  });
  const ups = markers.filter((m) => m.direction === 'up');
  const downs = markers.filter((m) => m.direction === 'down');
  if (ups.length > 1 || downs.length > 1) {
    result.problems.push({
      code: 'multiple_sections',
      severity: 'warning',
      message: 'more than one migrate:up or migrate:down section; dbmate handles this badly (dbmate issue 820): use one pair per file',
      line: (ups[1] ?? downs[1]).line,
    });
  }
  markers.forEach((marker, i) => {
    const end = i + 1 < markers.length ? markers[i + 1].line - 1 : lines.length;
    const body = lines.slice(marker.line, end);
    const leadingBlank = body.findIndex((line) => line.trim() !== '');
    const sql = body.join('\n').trim();
    // startLine is where the trimmed SQL begins, so statement line numbers match the file.
    const startLine = marker.line + 1 + (leadingBlank === -1 ? 0 : leadingBlank);
    const indent = leadingBlank === -1 ? 0 : body[leadingBlank].length - body[leadingBlank].trimStart().length;
    const section: MigrationSection = { sql, options: marker.options, markerLine: marker.line, startLine };
    if (indent) section.startColumn = indent + 1;
    if (marker.direction === 'up' && !result.up) result.up = section;
    if (marker.direction === 'down' && !result.down) result.down = section;
  });
  if (!result.up) {
    result.problems.push({ code: 'no_up', severity: 'error', message: 'no "-- migrate:up" line: dbmate cannot run this file' });
  } else if (result.up.sql === '' || onlyComments(result.up.sql)) {
    result.problems.push({ code: 'empty_up', severity: 'error', message: 'the up section is empty', line: result.up.markerLine });
  }
  if (!result.down) {
    result.problems.push({
      code: 'no_down_marker',
      severity: 'error',
      message: 'no "-- migrate:down" line: dbmate requires one, even if empty',
    });
  } else if (result.up && (result.down.sql === '' || onlyComments(result.down.sql))) {
    // dbmate runs it, but rolling it back changes nothing: a warning, unlike a missing marker.
    result.problems.push({
      code: 'empty_down',
      severity: 'warning',
      message: 'the down section is empty: rolling this migration back changes nothing',
      line: result.down.markerLine,
    });
  }
  result.transaction = result.up?.options.transaction !== 'false';
}

function parseOptions(raw: string, line: number, result: MigrationFile): Record<string, string> {
  const options: Record<string, string> = {};
  for (const token of raw.trim().split(/\s+/).filter(Boolean)) {
    const [key, value = ''] = token.split(':', 2);
    options[key] = value;
    if (key !== 'transaction' || (value !== 'true' && value !== 'false')) {
      result.problems.push({
        code: 'unknown_option',
        severity: 'warning',
        message: `unknown section option "${token}" (dbmate knows only transaction:false)`,
        line,
      });
    }
  }
  return options;
}

function onlyComments(sql: string): boolean {
  return sql.split('\n').every((l) => l.trim() === '' || l.trim().startsWith('--'));
}

/** Reads and parses one file; too-large or unreadable files come back with a problem. */
export async function readMigrationFile(filePath: string): Promise<MigrationFile> {
  const file = path.basename(filePath);
  try {
    const info = await stat(filePath);
    if (info.size > MAX_PARSED_BYTES) return tooLarge(file, filePath, info.size, await hashFile(filePath));
    return parseMigrationContent(file, filePath, await readFile(filePath));
  } catch (error) {
    return unreadable(file, filePath, error);
  }
}

/**
 * The same for a file small enough to parse, read synchronously; undefined for a large one.
 * Scanning thousands of small files this way is several times faster and lighter than
 * thousands of concurrent promise reads.
 */
function readSmallMigrationFileSync(filePath: string): MigrationFile | undefined {
  const file = path.basename(filePath);
  let fd: number | undefined;
  try {
    // One open, fstat and read per file: stat-then-readFile would cost a second stat each.
    fd = openSync(filePath, 'r');
    const { size } = fstatSync(fd);
    if (size > MAX_PARSED_BYTES) return undefined;
    const content = Buffer.allocUnsafe(size);
    let filled = 0;
    while (filled < size) {
      const read = readSync(fd, content, filled, size - filled, filled);
      if (read === 0) break;
      filled += read;
    }
    return parseMigrationContent(file, filePath, content.subarray(0, filled));
  } catch (error) {
    return unreadable(file, filePath, error);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function unreadable(file: string, filePath: string, error: unknown): MigrationFile {
  return unparsedFile(
    file,
    filePath,
    { checksum: '', sizeBytes: 0 },
    {
      code: 'read_error',
      severity: 'error',
      message: `cannot read the file: ${(error as Error).message}`,
    },
  );
}

function tooLarge(file: string, filePath: string, size: number, checksum: string): MigrationFile {
  const mb = (size / 1024 / 1024).toFixed(1);
  return unparsedFile(
    file,
    filePath,
    { checksum, sizeBytes: size },
    {
      code: 'too_large',
      severity: 'warning',
      message: `${mb} MB is too large to analyse (limit ${MAX_PARSED_BYTES / 1024 / 1024} MB); dbmate will still run it`,
    },
  );
}

/** A file whose SQL was not parsed: what its name says, and the one problem that explains why. */
function unparsedFile(
  file: string,
  filePath: string,
  content: Pick<MigrationFile, 'checksum' | 'sizeBytes'>,
  problem: MigrationFile['problems'][number],
): MigrationFile {
  const split = splitMigrationFileName(file);
  return {
    version: split?.version ?? '',
    name: split?.name ?? file,
    file,
    path: filePath,
    up: null,
    down: null,
    transaction: true,
    ...content,
    problems: [problem],
  };
}

function hashFile(filePath: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(filePath)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolve(hash.digest('hex')))
      .on('error', reject);
  });
}

export interface MigrationDirectoryScan {
  /** Files dbmate will consider (name matches), sorted by file name like dbmate. */
  migrations: MigrationFile[];
  /** `.sql` files dbmate ignores because of their name. */
  ignored: MigrationFile[];
  /** Directories that do not exist. */
  missingDirs: string[];
}

export interface ListedMigration {
  dir: string;
  file: string;
  version: string;
  name: string;
}

/**
 * The migration files by name alone, in dbmate's order (no file is opened): enough to plan a
 * batch, where a full scan would read and parse every file first.
 */
export async function listMigrationFiles(dirs: readonly string[]): Promise<ListedMigration[]> {
  const listed: ListedMigration[] = [];
  for (const dir of dirs) {
    const entries = await readdir(dir).catch(() => [] as string[]);
    for (const file of entries) {
      const split = MIGRATION_FILE_PATTERN.test(file) ? splitMigrationFileName(file) : null;
      if (split) listed.push({ dir, file, ...split });
    }
  }
  return listed.sort(byFileName);
}

/** dbmate's order: by file name. */
function byFileName(a: { file: string }, b: { file: string }): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : 0;
}

export interface ScanOptions {
  /** Parsed files from an earlier scan, reused while their files are unchanged. */
  cache?: ScanCache;
}

/** Scans dbmate's migrations directories (several are allowed). */
export async function scanMigrationDirs(dirs: readonly string[], options: ScanOptions = {}): Promise<MigrationDirectoryScan> {
  const scan: MigrationDirectoryScan = { migrations: [], ignored: [], missingDirs: [] };
  for (const dir of dirs) {
    let entries: string[];
    try {
      entries = await readdir(dir);
    } catch {
      scan.missingDirs.push(dir);
      continue;
    }
    const sqlFiles = entries.filter((name) => name.endsWith('.sql'));
    // eslint-disable-next-line @typescript-eslint/await-thenable -- mixed on purpose: cached and small files skip a promise
    const parsed = await Promise.all(sqlFiles.map((name) => readForScan(path.join(dir, name), options.cache)));
    for (const migration of parsed) {
      (MIGRATION_FILE_PATTERN.test(migration.file) ? scan.migrations : scan.ignored).push(migration);
    }
  }
  scan.migrations.sort(byFileName);
  // Not awaited: the cache is written after the caller has its scan, and saving never rejects.
  void options.cache?.saveSoon();
  return scan;
}

function readForScan(filePath: string, cache: ScanCache | undefined): MigrationFile | Promise<MigrationFile> {
  if (!cache) return readSmallMigrationFileSync(filePath) ?? readMigrationFile(filePath);
  let info: Stats;
  try {
    info = statSync(filePath);
  } catch (error) {
    return unreadable(path.basename(filePath), filePath, error);
  }
  const cached = cache.get(filePath, info);
  if (cached) return cached;
  const read = readSmallMigrationFileSync(filePath);
  if (!read) return readMigrationFile(filePath);
  cache.set(filePath, info, read);
  return read;
}

/** What the scan cache is keyed on besides each file: this parser (dbtk's version and build). */
export function parserStamp(dbtkVersion: string): string {
  try {
    return `${dbtkVersion}:${statSync(fileURLToPath(import.meta.url)).mtimeMs}`;
  } catch {
    return dbtkVersion;
  }
}
