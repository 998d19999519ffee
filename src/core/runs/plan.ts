// Makes a run's plan: what will run, in order, with each file's SQL, on which database, and
// what stays as it is. Nothing is changed. The same selection is made again under the run
// lock (recheck.ts) so that what runs is exactly what was shown.

import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { databaseIdentity } from '../database/identity.js';
import { listMigrationFiles, type ListedMigration } from '../migrations/file.js';
import { DbtkError } from '../shared/errors.js';
import { readApplied, type AppliedSnapshot } from './applied.js';
import { preflight, readStepFiles, type ReadStep } from './preflight.js';
import { checkDownRequest, MISSING_FILE_REASON, pendingMigrations, selectRollbackTargets } from './targets.js';
import type { DownRequest, RunContext, RunNote, RunPlan, RunPlanStep, StaysApplied, UpRequest } from './types.js';

export interface UpSelection {
  files: ListedMigration[];
  applied: AppliedSnapshot;
  pending: ListedMigration[];
}

export interface DownSelection {
  files: ListedMigration[];
  applied: AppliedSnapshot;
  targets: ListedMigration[];
  staysApplied: StaysApplied[];
}

export function requireUrl(ctx: RunContext, command: string): string {
  if (ctx.config.url) return ctx.config.url;
  throw new DbtkError('no_database_url', `No database URL is set, so \`${command}\` has nothing to connect to.`, {
    hint: 'Set DATABASE_URL (environment or .env), pass --url URL, or choose a connection with -c NAME.',
  });
}

/** The pending migrations `request` covers, in dbmate's order. */
export async function selectUp(ctx: RunContext, request: UpRequest): Promise<UpSelection> {
  const files = await listMigrationFiles(ctx.config.migrationsDirs);
  // Said once, before anything is created or connected: an up with nothing to run is a mistake.
  if (files.length === 0) throw noMigrationsError(ctx);
  const applied = await readApplied(ctx);
  let pending = pendingMigrations(files, applied.versions);
  if (request.only) {
    const only = new Set(request.only);
    pending = pending.filter((file) => only.has(file.version));
  }
  return { files, applied, pending };
}

function noMigrationsError(ctx: RunContext): DbtkError {
  const dirs = ctx.config.migrationsDirs.map((dir) => path.relative(ctx.config.cwd, dir) || dir);
  const detail = `looked in ${dirs.join(', ')}`;
  if (!ctx.config.migrationsDirs.some((dir) => existsSync(dir)))
    return new DbtkError('no_migrations', 'The migrations folder does not exist.', {
      hint: 'Create it and a first migration with `dbtk new NAME`, or point --migrations-dir (DBMATE_MIGRATIONS_DIR) at the right folder.',
      detail,
    });
  return new DbtkError('no_migrations', 'The migrations folder has no migration files.', {
    hint: 'Create one with `dbtk new NAME` (files are named like 20240101120000_name.sql).',
    detail,
  });
}

/** The files `request` will really roll back, in order (throws `missing_file` when it would pass a missing one). */
export async function selectDown(ctx: RunContext, request: DownRequest): Promise<DownSelection> {
  const [files, applied] = await Promise.all([listMigrationFiles(ctx.config.migrationsDirs), readApplied(ctx)]);
  checkDownRequest(request, applied.versions);
  if (applied.versions.size === 0 && applied.unnamed === 0)
    throw new DbtkError('nothing_to_rollback', 'There is nothing to roll back: no migration is applied.', {
      hint: 'Run `dbtk status` to see what is applied.',
    });
  // Without the migrations table dbtk cannot tell whether the newest applied version is one of
  // those whose file is missing: only a request that accepts leaving them applied can go on.
  if (applied.unnamed > 0 && !request.skipMissing && request.toVersion === undefined) throw unnamedMissingError(applied.unnamed);
  const selection = selectRollbackTargets(files, applied.versions, request);
  if (selection.refused) throw missingFileError(ctx, selection.refused);
  const staysApplied = [...selection.staysApplied];
  if (applied.unnamed > 0)
    staysApplied.push({
      version: `(${applied.unnamed} unknown)`,
      reason: `${MISSING_FILE_REASON} (dbtk cannot read the migrations table to name them)`,
    });
  if (selection.targets.length === 0 && request.toVersion === undefined) {
    throw new DbtkError(
      'nothing_to_rollback',
      `Nothing can be rolled back: no applied migration has a file (${staysApplied.map((s) => s.version).join(', ')}).`,
      { hint: 'Get the files back (they are in your git history) to roll them back.' },
    );
  }
  return { files, applied, targets: selection.targets, staysApplied };
}

export async function planUp(ctx: RunContext, request: UpRequest): Promise<RunPlan> {
  const url = requireUrl(ctx, request.command);
  const selection = await selectUp(ctx, request);
  const read = await readStepFiles(selection.pending);
  preflight(read, selection.files, ctx.config.cwd, 'to apply');
  const notes: RunNote[] = [];
  if (selection.applied.databaseMissing && request.command === 'up')
    notes.push({ code: 'creates_database', message: 'The database does not exist yet: dbmate creates it, then applies every migration.' });
  return makePlan(ctx, url, request, read, [], notes);
}

export async function planDown(ctx: RunContext, request: DownRequest): Promise<RunPlan> {
  const url = requireUrl(ctx, 'down');
  const selection = await selectDown(ctx, request);
  const read = await readStepFiles(selection.targets);
  preflight(read, selection.files, ctx.config.cwd, 'to roll back');
  const notes: RunNote[] = selection.staysApplied.map((s) => ({
    code: 'stays_applied',
    version: s.version,
    message: `${s.version} stays applied: ${s.reason}.`,
  }));
  for (const step of read) {
    const down = step.migration.down?.sql ?? '';
    if (down.split('\n').every((line) => line.trim() === '' || line.trim().startsWith('--')))
      notes.push({
        code: 'empty_down',
        version: step.listed.version,
        message: `${step.listed.file} has an empty down section: rolling it back only removes its version from the migrations table.`,
      });
  }
  if (!selection.applied.fromTable)
    notes.push({
      code: 'unverified',
      message:
        'dbtk could not read the migrations table itself (for SQLite it needs the sqlite3 command), so each step is checked against dbmate status instead.',
    });
  return makePlan(ctx, url, request, read, selection.staysApplied, notes);
}

function makePlan(
  ctx: RunContext,
  url: string,
  request: UpRequest | DownRequest,
  read: readonly ReadStep[],
  staysApplied: StaysApplied[],
  notes: RunNote[],
): RunPlan {
  const steps: RunPlanStep[] = read.map((step) => ({
    version: step.listed.version,
    name: step.listed.name,
    file: step.listed.file,
    path: step.path,
    sql: (request.direction === 'up' ? step.migration.up?.sql : step.migration.down?.sql) ?? null,
    migration: step.migration,
    mtimeMs: step.mtimeMs,
  }));
  return {
    id: randomUUID(),
    direction: request.direction,
    request,
    createdAt: new Date().toISOString(),
    database: databaseIdentity(url, ctx.config.cwd, ctx.config.driver),
    steps,
    staysApplied,
    notes,
  };
}

function unnamedMissingError(count: number): DbtkError {
  return new DbtkError(
    'missing_file',
    `${count} applied migration${count === 1 ? ' has' : 's have'} no file, and dbtk cannot read the migrations table to tell whether the newest applied one is among them. Nothing was rolled back.`,
    {
      hint: 'Install the sqlite3 command (or use a PostgreSQL/MySQL URL dbtk can read), get the files back from git, or pass --skip-missing to roll back only migrations that have a file.',
    },
  );
}

/** The refusal of a rollback that would pass over a missing file, with how to get it back. */
function missingFileError(ctx: RunContext, refused: { missing: string; instead?: ListedMigration; atStep: number }): DbtkError {
  const { missing, instead, atStep } = refused;
  const where =
    atStep === 0 ? 'The newest applied migration' : `After ${atStep} step${atStep === 1 ? '' : 's'}, the newest applied migration`;
  const consequence = instead
    ? `dbmate would roll back ${instead.file} in its place`
    : 'no applied migration below it has a file either, so dbmate would roll back nothing';
  return new DbtkError(
    'missing_file',
    `${where}, version ${missing}, has no file in ${ctx.config.migrationsDirs.map((d) => shownDir(ctx, d)).join(', ')}: ${consequence}. Nothing was rolled back.`,
    {
      hint: `Get the file back from git: ${restoreCommand(ctx, missing)} (or switch to the branch that has it). ${
        instead ? `Or pass --skip-missing to roll back ${instead.file} and leave ${missing} applied.` : ''
      }`.trim(),
    },
  );
}

function shownDir(ctx: RunContext, dir: string): string {
  const relative = path.relative(ctx.config.cwd, dir);
  return relative === '' ? '.' : relative.startsWith('..') || path.isAbsolute(relative) ? dir : relative;
}

/**
 * How to restore the newest committed copy of `version`'s file, from any branch: one command
 * for one migrations folder (git pathspecs are globs); with several, finding it comes first.
 */
function restoreCommand(ctx: RunContext, version: string): string {
  const specs = ctx.config.migrationsDirs.map((dir) => `'${[...shownDir(ctx, dir).split(path.sep), `${version}_*.sql`].join('/')}'`);
  if (specs.length === 1) return `git checkout "$(git log --all -1 --format=%H --diff-filter=AMR -- ${specs[0]})" -- ${specs[0]}`;
  return `git log --all --oneline --name-only --diff-filter=AMR -- ${specs.join(' ')}, then git checkout <commit> -- <path>`;
}
