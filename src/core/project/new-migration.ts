// Creating a migration file: dbmate names it (`dbmate new`), dbtk makes sure no other file has
// the same version (two people, or two quick `dbtk new` runs, in the same second) and writes
// the content atomically, so a half-written migration never exists on disk.

import { link, mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DbtkError, isDbtkError } from '../shared/errors.js';
import { writeFileAtomic } from '../shared/atomic-write.js';
import { listMigrationFiles } from '../migrations/file.js';
import { MIGRATION_FILE_PATTERN } from '../dbmate/file-name.js';
import { validateMigrationName } from '../migrations/name.js';
import type { Project } from './project.js';

export interface CreatedMigration {
  path: string;
  file: string;
  version: string;
  /** The version dbmate chose, when dbtk had to move the file to a free one. */
  bumpedFrom?: string;
}

async function versionsIn(dirs: readonly string[]): Promise<Map<string, string[]>> {
  const versions = new Map<string, string[]>();
  for (const { dir, file, version } of await listMigrationFiles(dirs)) {
    versions.set(version, [...(versions.get(version) ?? []), path.join(dir, file)]);
  }
  return versions;
}

/** The version one second later: dbmate versions are UTC timestamps `YYYYMMDDHHMMSS`. */
export function nextVersion(version: string): string {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(version);
  if (!m) return (BigInt(version) + 1n).toString().padStart(version.length, '0');
  const date = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) + 1000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getUTCFullYear()}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}`;
}

/** Moves a just-created file to the first free version when another file already has its version. */
export async function avoidVersionCollision(created: { path: string; file: string }, dirs: readonly string[]): Promise<CreatedMigration> {
  const match = MIGRATION_FILE_PATTERN.exec(created.file);
  if (!match) return { ...created, version: '' };
  const original = match[1];
  const rest = created.file.slice(original.length);
  const dir = path.dirname(created.path);
  const taken = async (version: string) =>
    ((await versionsIn([...dirs, dir])).get(version) ?? []).some((file) => path.resolve(file) !== path.resolve(created.path));
  if (!(await taken(original))) return { ...created, version: original };
  let version = original;
  for (let attempt = 0; attempt < 100; attempt++) {
    version = nextVersion(version);
    if (await taken(version)) continue;
    const target = path.join(dir, `${version}${rest}`);
    try {
      // link + unlink: unlike rename, never replaces a file that appeared meanwhile.
      await link(created.path, target);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw new DbtkError('io', `Could not move ${created.file} to a free version: ${(error as Error).message}`, { cause: error });
    }
    await unlink(created.path);
    return { path: target, file: path.basename(target), version, bumpedFrom: original };
  }
  throw new DbtkError('io', `No free migration version found after ${original}.`);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Creates a migration through `dbmate new` (so dbmate's naming and directory rules apply),
 * moves it to a free version if needed, and writes `content` into it when given.
 */
export async function createMigration(project: Project, name: string, content?: string): Promise<CreatedMigration> {
  validateMigrationName(name);
  const dbmate = await project.dbmate();
  let created: { path: string; file: string } | undefined;
  for (let attempt = 0; !created; attempt++) {
    try {
      created = await dbmate.newMigration(name);
    } catch (error) {
      // Same name in the same second: dbmate refuses; its clock moves on within a second.
      if (attempt >= 2 || !isDbtkError(error) || !/already exists/i.test(`${error.message} ${error.detail ?? ''}`)) throw error;
      await sleep(1000 - (Date.now() % 1000) + 20);
    }
  }
  const final = await avoidVersionCollision(created, project.config.migrationsDirs);
  if (content !== undefined) {
    try {
      await writeFileAtomic(final.path, content);
    } catch (error) {
      // The file holds only dbmate's empty template: remove it rather than leave it half-done.
      await rm(final.path, { force: true });
      throw error;
    }
  }
  return final;
}

/**
 * A draft of a migration, outside the project, for editing before it is saved: cancelling
 * leaves no file behind in the migrations directory.
 */
export async function writeDraft(name: string, content: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'dbtk-draft-'));
  const file = path.join(dir, `${name || 'migration'}.sql`);
  await writeFile(file, content, 'utf8');
  return file;
}

export function readDraft(file: string): Promise<string> {
  return readFile(file, 'utf8');
}

export async function removeDraft(file: string): Promise<void> {
  if (path.basename(path.dirname(file)).startsWith('dbtk-draft-')) await rm(path.dirname(file), { recursive: true, force: true });
}
