// The figures of `dbtk stats`, the Analytics screen and the shared report: history read once,
// oldest first, folded by StatsAccumulator; the migration files classified for outliers of a
// kind and for suggestions; the database's status for what is pending. History is per
// database (the store's own); `allConnections` adds every database of this folder and the
// history of every named connection, which is what compares staging with production.

import { listConnections } from '../config/connections.js';
import type { HistoryFilter } from '../history/query.js';
import type { HistoryEntry } from '../history/types.js';
import type { MigrationFile } from '../migrations/types.js';
import type { ProjectStatus } from '../migrations/status.js';
import { openProject, type Project } from '../project/project.js';
import type { Dialect } from '../shared/dialect.js';
import { databaseIdentity } from '../database/identity.js';
import { redactText } from '../shared/redact.js';
import { StatsAccumulator, type VersionRuns } from './accumulate.js';
import { sortedMedian } from './figures.js';
import { findOutliers } from './outliers.js';
import { profileMigrations } from './profile.js';
import { suggestOptimisations } from './suggestions.js';
import type { ConnectionComparison, MigrationStats, StatusDistribution } from './types.js';

export interface StatsOptions {
  since?: Date;
  /** Every database of this folder and every named connection (default: this connection's database). */
  allConnections?: boolean;
  /** How many slowest migrations to list (default 10). */
  top?: number;
  /** The status when the caller has it already (the app); otherwise it is asked for. */
  status?: ProjectStatus;
  now?: Date;
}

export interface StatsInput {
  connection: string;
  database: string | null;
  since?: Date;
  files: readonly MigrationFile[] | null;
  dialect: Dialect;
  status: ProjectStatus | null;
  top?: number;
  now?: Date;
  warnings?: string[];
}

const MAX_COMPARED = 50;

function compareConnections(versions: Iterable<VersionRuns>): ConnectionComparison[] {
  const rows: ConnectionComparison[] = [];
  for (const runs of versions) {
    const byConnection = new Map<string, number[]>();
    for (const apply of runs.applies) {
      if (!byConnection.has(apply.connection)) byConnection.set(apply.connection, []);
      byConnection.get(apply.connection)!.push(apply.ms);
    }
    if (byConnection.size < 2) continue;
    const times = [...byConnection].map(([connection, ms]) => ({
      connection,
      runs: ms.length,
      medianMs: sortedMedian(ms.sort((a, b) => a - b)),
    }));
    times.sort((a, b) => b.medianMs - a.medianMs || a.connection.localeCompare(b.connection));
    const fastest = times[times.length - 1].medianMs;
    rows.push({
      version: runs.version,
      name: runs.name,
      times,
      spread: fastest > 0 ? times[0].medianMs / fastest : times[0].medianMs > 0 ? Infinity : 1,
    });
  }
  return rows.sort((a, b) => b.spread - a.spread || a.version.localeCompare(b.version)).slice(0, MAX_COMPARED);
}

function migrationStatuses(status: ProjectStatus | null, versions: ReadonlyMap<string, VersionRuns>): StatusDistribution['migrations'] {
  if (!status) return null;
  let failedLastRun = 0;
  for (const m of status.migrations) {
    const last = versions.get(m.version)?.last;
    if (m.status === 'pending' && last?.action === 'up' && last.status === 'failed') failedLastRun++;
  }
  return { applied: status.applied, pending: status.pending - failedLastRun, failedLastRun, missingFile: status.missing };
}

/** The figures from an accumulator that has seen the entries. Pure. */
function finishStats(acc: StatsAccumulator, input: StatsInput): MigrationStats {
  const top = input.top ?? 10;
  const profiles = input.files ? profileMigrations(input.files, input.dialect, new Set(acc.versions.keys())) : new Map();
  const versions = [...acc.versions.values()];
  return {
    generatedAt: (input.now ?? new Date()).toISOString(),
    connection: input.connection,
    database: input.database,
    since: input.since?.toISOString() ?? null,
    connections: [...acc.connections].sort(),
    totals: {
      entries: acc.entries,
      runs: acc.runs,
      applies: acc.actions.up,
      rollbacks: acc.actions.down,
      succeeded: acc.succeeded,
      failed: acc.failed,
      successRate: acc.runs ? acc.succeeded / acc.runs : null,
      migrations: acc.versions.size,
      files: input.files?.length ?? null,
      pending: input.status?.pending ?? null,
    },
    timing: acc.timing(),
    slowest: acc.slowest(top),
    recent: acc.recentRuns(),
    weeks: acc.weekFigures(),
    statuses: {
      runs: { success: acc.succeeded, failed: acc.failed },
      actions: { ...acc.actions },
      migrations: migrationStatuses(input.status, acc.versions),
    },
    rollbacks: acc.rollbackFigures(top),
    failures: acc.failureKinds(),
    outliers: findOutliers(versions, profiles),
    suggestions: suggestOptimisations(versions, profiles),
    comparison: compareConnections(versions),
    warnings: input.warnings ?? [],
  };
}

/** The figures of a list of entries (in any order). Pure; what the tests seed. */
export function computeStats(entries: Iterable<HistoryEntry>, input: StatsInput): MigrationStats {
  const acc = new StatsAccumulator();
  for (const entry of entries) if (!input.since || Date.parse(entry.startedAt) >= input.since.getTime()) acc.add(entry);
  return finishStats(acc, input);
}

async function settle<T>(promise: Promise<T>): Promise<{ value?: T; error?: string }> {
  try {
    return { value: await promise };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/** Named connections' histories (each its own folder), when every connection is wanted. */
async function namedConnectionProjects(current: Project, warnings: string[]): Promise<Project[]> {
  const named = await settle(listConnections());
  if (named.error) warnings.push(`Named connections could not be listed: ${named.error}`);
  const projects: Project[] = [];
  for (const connection of named.value ?? []) {
    if (connection.name === current.config.connectionName && current.config.isNamedConnection) continue;
    const opened = await settle(openProject({ connection: connection.name }));
    if (opened.value) projects.push(opened.value);
    else warnings.push(`Connection ${connection.name} skipped: ${opened.error}`);
  }
  return projects;
}

/** Reads the project's history (and, with `allConnections`, every connection's) and computes the figures. */
export async function collectStats(project: Project, options: StatsOptions = {}): Promise<MigrationStats> {
  const warnings: string[] = [];
  const { config } = project;
  // The files and the database's status are read while the history is folded.
  const filesAndStatus = Promise.all([
    settle(project.scanMigrations()),
    options.status ? Promise.resolve({ value: options.status, error: undefined }) : settle(project.status()),
  ]);
  const acc = new StatsAccumulator();
  const filter: HistoryFilter = { since: options.since, allDatabases: options.allConnections || undefined };
  const sources = [project, ...(options.allConnections ? await namedConnectionProjects(project, warnings) : [])];
  const seen = new Set<string>();
  const readWarnings: string[] = [];
  for (const source of sources) {
    const store = source.history();
    if (seen.has(store.file)) continue;
    seen.add(store.file);
    const read = await store.forEach(filter, (entry) => acc.add(entry));
    readWarnings.push(...read.warnings);
  }
  const [files, status] = await filesAndStatus;
  if (files.error) warnings.push(`Migration files could not be read (no outliers by kind, no suggestions): ${files.error}`);
  if (status.error) warnings.push(`Pending migrations unknown: ${status.error}`);
  warnings.push(...readWarnings);
  const database = config.url && !options.allConnections ? redactText(databaseIdentity(config.url, config.cwd, config.driver).label) : null;
  return finishStats(acc, {
    connection: config.connectionName,
    database,
    since: options.since,
    files: files.value?.migrations ?? null,
    dialect: project.dialect,
    status: status.value ?? null,
    top: options.top,
    now: options.now,
    warnings,
  });
}
