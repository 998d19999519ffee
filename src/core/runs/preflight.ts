// Reads the files a run involves and refuses the run, before anything touches the database,
// when dbmate could not run them as planned: two files with one version (dbmate applies one
// and counts the other as applied), a file that is not text, cannot be read, or lacks the
// `-- migrate:up` / `-- migrate:down` lines dbmate needs. Every problem is listed at once.

import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseMigrationContent, readMigrationFile, type ListedMigration, type MigrationFile } from '../migrations/file.js';
import type { MigrationProblemCode } from '../migrations/types.js';
import { DbtkError } from '../shared/errors.js';

/** Problems that make dbmate fail or do something else than planned. */
const BLOCKING: ReadonlySet<MigrationProblemCode> = new Set(['read_error', 'not_text', 'no_up', 'no_down_marker']);

export interface ReadStep {
  listed: ListedMigration;
  path: string;
  migration: MigrationFile;
  mtimeMs: number;
}

/**
 * Reads and parses each file, synchronously: a batch of a thousand small files is read
 * several times faster that way than with a thousand concurrent promises.
 */
export async function readStepFiles(listed: readonly ListedMigration[]): Promise<ReadStep[]> {
  const steps: ReadStep[] = [];
  for (const entry of listed) {
    const filePath = path.join(entry.dir, entry.file);
    try {
      const mtimeMs = statSync(filePath).mtimeMs;
      steps.push({
        listed: entry,
        path: filePath,
        migration: parseMigrationContent(entry.file, filePath, readFileSync(filePath)),
        mtimeMs,
      });
    } catch {
      // Unreadable (permissions, a directory, gone): the reader names the reason as a problem.
      steps.push({ listed: entry, path: filePath, migration: await readMigrationFile(filePath), mtimeMs: 0 });
    }
  }
  return steps;
}

/** Throws `invalid_migrations` listing every problem of the involved files; returns when there is none. */
export function preflight(steps: readonly ReadStep[], allFiles: readonly ListedMigration[], cwd: string, what: string): void {
  const problems: string[] = [];
  const shown = (file: string) => {
    const relative = path.relative(cwd, file);
    return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
  };
  const involved = new Set(steps.map((s) => s.listed.version));
  const byVersion = new Map<string, ListedMigration[]>();
  for (const file of allFiles) if (involved.has(file.version)) byVersion.set(file.version, [...(byVersion.get(file.version) ?? []), file]);
  for (const [version, files] of byVersion) {
    if (files.length < 2) continue;
    const paths = files.map((f) => shown(path.join(f.dir, f.file)));
    problems.push(`${paths[0]}: version ${version} is also used by ${paths.slice(1).join(', ')} (dbmate would run only one of them)`);
  }
  for (const step of steps) {
    for (const problem of step.migration.problems) {
      if (BLOCKING.has(problem.code)) problems.push(`${shown(step.path)}: ${problem.message}`);
    }
  }
  if (problems.length === 0) return;
  throw new DbtkError(
    'invalid_migrations',
    `${problems.length === 1 ? 'A migration' : `${problems.length} problems in the migrations`} ${what} cannot run as planned; nothing was run:\n${problems.map((p) => `  ${p}`).join('\n')}`,
    {
      hint: 'Fix the files (give each migration its own version, keep both -- migrate:up and -- migrate:down lines), then run again; `dbtk validate` checks every file.',
    },
  );
}
