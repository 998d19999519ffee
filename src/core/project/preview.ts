// Preview of what migrating (or rolling back) would do, for a project: which migrations,
// their statements, affected objects, risk and estimated time. Works on the files alone
// when the database cannot be reached (statuses are then "unknown").

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Dialect } from '../shared/dialect.js';
import { DbtkError, serializeError } from '../shared/errors.js';
import { HistoryStore } from '../history/store.js';
import type { MigrationFile } from '../migrations/file.js';
import type { Project } from './project.js';
import type { Direction } from '../sql/analyze.js';
import { assessMigrations, type MigrationStatusLabel, type PreviewResult } from '../sql/assess.js';
import { classifyByPatterns } from '../sql/classify.js';
import type { PastRun } from '../sql/estimate.js';
import { readLintConfig } from '../sql/lint-config.js';
import { splitStatements } from '../sql/splitter.js';

export type { PreviewResult, MigrationAssessment } from '../sql/assess.js';

export interface PreviewOptions {
  /** A version, a file name, `pending`, or nothing (pending for up, the last applied for down). */
  target?: string;
  down?: boolean;
  /** Past runs for time estimates; read from dbtk's history when not given. */
  pastRuns?: readonly PastRun[];
}

/** How many recent history entries feed the time estimates. */
const HISTORY_SAMPLE = 500;

export interface PreviewSelection {
  files: MigrationFile[];
  /** Said to the user when the choice had to be guessed (status unknown). */
  note?: string;
}

/** Reads the project, asks the database for statuses (if it can), and assesses the chosen migrations. */
export async function previewProject(project: Project, options: PreviewOptions = {}): Promise<PreviewResult & { note?: string }> {
  const [scan, statusOutcome] = await Promise.all([project.scanMigrations(), readStatuses(project)]);
  const selection = selectMigrations(scan.migrations, statusOutcome.statuses, options);
  const result = await previewMigrationFiles(project, selection.files, {
    down: options.down,
    pastRuns: options.pastRuns,
    allMigrations: scan.migrations,
    statuses: statusOutcome.statuses,
    statusError: statusOutcome.error,
  });
  return selection.note ? { ...result, note: selection.note } : result;
}

export interface PreviewFilesOptions {
  down?: boolean;
  pastRuns?: readonly PastRun[];
  /** Every migration of the project (scanned when not given). */
  allMigrations?: readonly MigrationFile[];
  /** Statuses the caller already has (the TUI does); unknown when not given. */
  statuses?: ReadonlyMap<string, MigrationStatusLabel> | null;
  statusError?: string;
}

/**
 * Assesses migrations the caller already chose (the TUI's `u`/`d` confirmations), with the
 * project's schema file, lint config and history. Does not ask the database anything.
 */
export async function previewMigrationFiles(
  project: Project,
  files: readonly MigrationFile[],
  options: PreviewFilesOptions = {},
): Promise<PreviewResult> {
  const direction: Direction = options.down ? 'down' : 'up';
  const [allMigrations, lintConfig, schemaSql] = await Promise.all([
    options.allMigrations ?? project.scanMigrations().then((scan) => scan.migrations),
    readLintConfig(project.config.cwd),
    readFile(project.config.schemaFile, 'utf8').catch(() => null),
  ]);
  const pastRuns = options.pastRuns ?? (await readPastRuns(project.config.stateDir, allMigrations, direction, project.dialect));
  return assessMigrations(files, {
    dialect: project.dialect,
    direction,
    allMigrations,
    schemaSql,
    ignore: lintConfig.ignore,
    statuses: options.statuses ?? null,
    statusError: options.statusError,
    pastRuns,
  });
}

async function readStatuses(project: Project): Promise<{ statuses: Map<string, MigrationStatusLabel> | null; error?: string }> {
  try {
    const status = await project.status();
    return { statuses: new Map(status.migrations.map((m) => [m.version, m.status])) };
  } catch (error) {
    return { statuses: null, error: serializeError(error).message };
  }
}

/**
 * Successful runs in this direction from dbtk's history, each with the kinds of statements
 * its file holds (so a new migration can be estimated from similar ones). Never fails: no
 * history just means no estimate.
 */
async function readPastRuns(
  stateDir: string,
  migrations: readonly MigrationFile[],
  direction: Direction,
  dialect: Dialect,
): Promise<PastRun[]> {
  try {
    const { entries } = await new HistoryStore(stateDir).read({ status: 'success', action: direction, limit: HISTORY_SAMPLE });
    const files = new Map(migrations.map((m) => [m.version, m]));
    const kindsCache = new Map<string, PastRun['kinds']>();
    return entries
      .filter((e) => e.version && e.durationMs !== null)
      .map((e) => {
        if (!kindsCache.has(e.version!)) kindsCache.set(e.version!, kindsOf(files.get(e.version!), direction, dialect));
        const kinds = kindsCache.get(e.version!);
        return { version: e.version!, durationMs: e.durationMs!, ...(kinds ? { kinds } : {}) };
      });
  } catch {
    return [];
  }
}

function kindsOf(migration: MigrationFile | undefined, direction: Direction, dialect: Dialect): PastRun['kinds'] {
  const section = migration?.[direction];
  if (!section) return undefined;
  const split = splitStatements(section.sql, dialect);
  return split.statements.map((s) => classifyByPatterns(s.tokens, split.dialect).kind);
}

/** Which migrations a preview covers; pure, so the TUI and tests can use it directly. */
export function selectMigrations(
  migrations: readonly MigrationFile[],
  statuses: ReadonlyMap<string, MigrationStatusLabel> | null,
  options: Pick<PreviewOptions, 'target' | 'down'>,
): PreviewSelection {
  const target = options.target;
  if (target && target !== 'pending') return { files: findMigration(migrations, target) };
  if (!statuses) {
    if (options.down && !target) {
      const newest = migrations.at(-1);
      if (!newest) throw noMigrations();
      return {
        files: [newest],
        note: 'The database could not be reached, so it is unknown which migration is applied; showing the newest file.',
      };
    }
    return {
      files: [...migrations],
      note: 'The database could not be reached, so it is unknown which migrations are pending; showing every migration file.',
    };
  }
  if (options.down && !target) {
    // dbmate rolls back the applied migration with the highest version.
    const applied = migrations.filter((m) => statuses.get(m.version) === 'applied');
    const last = applied.at(-1);
    if (!last)
      throw new DbtkError('nothing_to_rollback', 'No applied migration has a file to preview, so there is nothing to roll back.', {
        hint: 'Run `dbtk status` to see what is applied.',
      });
    return { files: [last] };
  }
  return { files: migrations.filter((m) => statuses.get(m.version) !== 'applied') };
}

function findMigration(migrations: readonly MigrationFile[], target: string): MigrationFile[] {
  const base = path.basename(target);
  const found = migrations.filter((m) => m.version === target || m.file === base || m.file === `${base}.sql`);
  if (found.length) return found;
  throw new DbtkError('not_found', `No migration file has version or name "${target}".`, {
    hint: migrations.length
      ? `Run \`dbtk status\` to list versions (for example ${migrations.at(-1)!.version}).`
      : 'The migrations directory has no migration files.',
  });
}

function noMigrations(): DbtkError {
  return new DbtkError('no_migrations', 'There are no migration files to preview.', { hint: 'Create one with `dbtk new NAME`.' });
}
