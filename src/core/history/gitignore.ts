// Keeps dbtk's local state out of Git: the first time `.dbtk/` is created in a project that
// is a Git repository (or already has a .gitignore), a rule is added to its .gitignore.
// Project templates (`.dbtk/templates/`) stay shared. The file is replaced atomically.

import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../shared/atomic-write.js';

const RULES = ['# dbtk: local state (history, caches); project templates stay shared', '/.dbtk/*', '!/.dbtk/templates/'];

/** True when the .gitignore already ignores the state folder in any common spelling. */
export function ignoresStateDir(gitignore: string): boolean {
  return gitignore.split(/\r?\n/).some((line) => /^\/?\.dbtk(\/(\*{1,2})?)?\s*$/.test(line.trim()));
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

async function insideGitRepository(dir: string): Promise<boolean> {
  for (let current = dir; ; current = path.dirname(current)) {
    if (await exists(path.join(current, '.git'))) return true;
    if (path.dirname(current) === current) return false;
  }
}

/**
 * Adds the rules when `stateDir` is the project's own `.dbtk/` and the project uses Git.
 * Returns true when the .gitignore was changed.
 */
export async function ensureStateGitignore(projectRoot: string, stateDir: string): Promise<boolean> {
  if (path.resolve(stateDir) !== path.join(path.resolve(projectRoot), '.dbtk')) return false;
  const file = path.join(projectRoot, '.gitignore');
  let current: string | undefined;
  let mode: number | undefined;
  try {
    current = await readFile(file, 'utf8');
    mode = (await stat(file)).mode & 0o777;
  } catch {
    if (!(await insideGitRepository(projectRoot))) return false;
  }
  if (current !== undefined && ignoresStateDir(current)) return false;
  const separator = current === undefined || current === '' ? '' : current.endsWith('\n') ? '\n' : '\n\n';
  const next = `${current ?? ''}${separator}${RULES.join('\n')}\n`;
  await writeFileAtomic(file, next, { mode: mode ?? 0o644 });
  return true;
}
