// Reading another tool's migrations folder: its entries, each file's text, and the errors a
// bad folder gives. Shared by the per-tool parsers.

import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { DbtkError } from '../shared/errors.js';
import type { ConvertedSection } from './types.js';

export interface FolderEntry {
  name: string;
  isDirectory: boolean;
}

/** The folder's entries, sorted by name; a clear error when it is not there. */
export async function listSourceFolder(dir: string): Promise<FolderEntry[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries
      .map((entry) => ({ name: entry.name, isDirectory: entry.isDirectory() }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new DbtkError(
      code === 'ENOENT' || code === 'ENOTDIR' ? 'not_found' : 'io',
      `The migrations folder ${dir} cannot be read (${code}).`,
      {
        hint: 'Give the folder that holds the other tool’s migration files.',
        cause: error,
      },
    );
  }
}

export async function readSourceFile(dir: string, file: string): Promise<string> {
  try {
    return (await readFile(path.join(dir, file), 'utf8')).replace(/^\uFEFF/, '').replace(/\r\n/g, '\n');
  } catch (error) {
    throw new DbtkError('io', `${path.join(dir, file)} cannot be read.`, { cause: error, file: path.join(dir, file) });
  }
}

/** A parse error in a source file: what, where, and that nothing was written. */
export function sourceFileError(dir: string, file: string, line: number | undefined, message: string, hint?: string): DbtkError {
  const where = line ? `${file}:${line}` : file;
  return new DbtkError('migration_file', `${where}: ${message}. Nothing was converted.`, {
    hint: hint ?? 'Fix the file (or move it out of the folder) and convert again.',
    file: path.join(dir, file),
  });
}

/** A section's SQL, blank lines at both ends removed. */
/**
 * The version a numbered file stands for (its number without leading zeros), recorded in
 * `seen`; refuses a number another file of the folder already has.
 */
export function claimVersion(seen: Map<string, string>, digits: string, dir: string, file: string, hint: string): string {
  const version = BigInt(digits).toString();
  const other = seen.get(version);
  if (other !== undefined) throw sourceFileError(dir, file, undefined, `version ${version} is used twice (also by ${other})`, hint);
  seen.set(version, file);
  return version;
}

export function section(lines: readonly string[], transaction = true, note?: string): ConvertedSection {
  const sql = lines.join('\n').trim();
  return { sql, transaction, ...(sql === '' && note ? { note } : {}) };
}

/** The numeric parts of a version text (`1.2_3` → [1n, 2n, 3n]), or undefined when it is not one. */
export function versionParts(text: string): bigint[] | undefined {
  if (!/^\d+([._]\d+)*$/.test(text)) return undefined;
  return text.split(/[._]/).map((part) => BigInt(part));
}
