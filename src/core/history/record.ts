// Records what a run did, as it happens: each migration that finished or failed becomes a
// history entry the moment the runner says so (a crash later loses nothing already done).
// Used by Project for up, rollback, create, drop and load, so the CLI and the TUI both get
// history without knowing about it.

import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ProjectConfig } from '../config/config.js';
import { PACKAGE_ROOT } from '../shared/package-root.js';
import { errorText, type SerializedError } from '../shared/errors.js';
import { sha256 } from '../shared/hash.js';
import { currentUserAtHost } from '../shared/user.js';
import type { HistoryAppender, HistoryStore } from './store.js';
import type { HistoryAction, HistoryEntry } from './types.js';
import type { PlannedStep, RunEvent } from '../migrations/run.js';
import { redactText } from '../shared/redact.js';
import { databaseIdentity } from '../database/identity.js';

let dbtkVersion: string | undefined;

/** dbtk's version from its package.json (read once). */
export function currentDbtkVersion(): string {
  if (dbtkVersion === undefined) {
    try {
      dbtkVersion =
        (JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version?: string }).version ?? 'unknown';
    } catch {
      dbtkVersion = 'unknown';
    }
  }
  return dbtkVersion;
}

export interface HistoryContext {
  connection: string;
  url: string;
  appliedBy: string;
  dbmateVersion: string | null;
  /** The database's identity key and credential-free label (history is kept per database). */
  database?: string;
  databaseLabel?: string;
  /** The run whose entries these are (a killed run is reconciled by it). */
  runId?: string;
  /** The backup written before the run, or the one restored. */
  backupId?: string;
}

/** The identity key of the database a project's URL names, or undefined without a URL. */
export function historyDatabaseKey(config: Pick<ProjectConfig, 'url' | 'cwd' | 'driver'>): string | undefined {
  return config.url ? databaseIdentity(config.url, config.cwd, config.driver).key : undefined;
}

export function historyContext(config: ProjectConfig, dbmateVersion: string | null, options: { runId?: string } = {}): HistoryContext {
  const identity = config.url ? databaseIdentity(config.url, config.cwd, config.driver) : undefined;
  return {
    connection: config.connectionName,
    url: redactText(config.redactedUrl),
    appliedBy: currentUserAtHost(),
    dbmateVersion,
    ...(identity ? { database: identity.key, databaseLabel: identity.label } : {}),
    ...(options.runId ? { runId: options.runId } : {}),
  };
}

export interface EntryFacts {
  action: HistoryAction;
  step?: PlannedStep;
  file?: string | null;
  startedAt: string;
  durationMs?: number | null;
  error?: SerializedError;
  checksum?: string | null;
  detail?: string;
}

export function makeHistoryEntry(context: HistoryContext, facts: EntryFacts): HistoryEntry {
  return {
    schema: 1,
    id: randomUUID(),
    action: facts.action,
    version: facts.step?.version ?? null,
    name: facts.step?.name ?? null,
    file: facts.step?.file ?? facts.file ?? null,
    appliedBy: context.appliedBy,
    connection: context.connection,
    url: context.url,
    startedAt: facts.startedAt,
    durationMs: facts.durationMs ?? null,
    status: facts.error ? 'failed' : 'success',
    errorKind: facts.error?.kind ?? null,
    errorMessage: facts.error ? redactText(errorText(facts.error)) : null,
    checksum: facts.checksum ?? null,
    dbtkVersion: currentDbtkVersion(),
    dbmateVersion: context.dbmateVersion,
    ...(context.database ? { database: context.database } : {}),
    ...(context.databaseLabel ? { databaseLabel: redactText(context.databaseLabel) } : {}),
    ...(context.runId ? { runId: context.runId } : {}),
    ...(context.backupId ? { backupId: context.backupId } : {}),
    ...(facts.detail ? { detail: facts.detail } : {}),
  };
}

/**
 * sha256 of a migration file found in one of `dirs`, or null when it is not there. Read
 * synchronously: a batch reads a thousand small files, one per finished step.
 */
export function checksumInDirs(dirs: readonly string[], file: string): string | null {
  for (const dir of dirs) {
    try {
      return sha256(readFileSync(path.join(dir, file)));
    } catch {
      // not in this directory
    }
  }
  return null;
}

/**
 * Listens to a run's events and appends one entry per finished or failed step, in order.
 * Each entry is written as soon as the write before it is done; entries that arrive
 * meanwhile go out together in the next write, so a fast batch does not cost a file
 * open per migration. `flush()` waits for the writes and returns the warning to show when
 * history could not be written (the run itself is never stopped by that).
 */
export class RunRecorder {
  private readonly waiting: HistoryEntry[] = [];
  private appender: HistoryAppender | undefined;
  private opening: Promise<void> | undefined;
  private readonly started = new Map<string, string>();
  private readonly warnings = new Set<string>();
  private readonly runStartedAt = new Date().toISOString();

  constructor(
    private readonly store: HistoryStore,
    private context: HistoryContext,
    private readonly migrationDirs: readonly string[],
  ) {}

  readonly onEvent = (event: RunEvent): void => {
    const action: HistoryAction | undefined = 'direction' in event ? event.direction : undefined;
    if (event.type === 'started') this.started.set(event.step.file, event.startedAt);
    else if (event.type === 'finished') this.recordStep(action!, event.step, event.durationMs);
    else if (event.type === 'failed') this.recordStep(action!, event.step, event.durationMs, event.error);
    else if (event.type === 'output' && event.text.startsWith('Creating: ')) {
      this.record(makeHistoryEntry(this.context, { action: 'create', startedAt: this.runStartedAt }));
    }
  };

  private recordStep(action: HistoryAction, step: PlannedStep | undefined, durationMs?: number, error?: SerializedError): void {
    const startedAt = (step && this.started.get(step.file)) ?? (step ? new Date().toISOString() : this.runStartedAt);
    this.record(
      makeHistoryEntry(this.context, {
        action,
        step,
        startedAt,
        durationMs,
        error,
        checksum: step ? checksumInDirs(this.migrationDirs, step.file) : null,
      }),
    );
  }

  /** Links the entries recorded from now on to the backup written before the run. */
  linkBackup(backupId: string): void {
    this.context = { ...this.context, backupId };
  }

  /** Writes the entry now, or as soon as the history is open (the first entry opens it). */
  record(entry: HistoryEntry): void {
    this.waiting.push(entry);
    if (this.appender) return this.writeWaiting(this.appender);
    this.opening ??= this.store.openAppender().then((appender) => {
      this.appender = appender;
      this.writeWaiting(appender);
    });
  }

  private writeWaiting(appender: HistoryAppender): void {
    const result = appender.append(this.waiting.splice(0));
    if (!result.written && result.warning) this.warnings.add(result.warning);
  }

  /** Waits for the entries to be written and closes the history; the warning, if any. */
  async flush(): Promise<string | undefined> {
    await this.opening;
    await this.appender?.close();
    return this.warnings.size ? [...this.warnings].join(' ') : undefined;
  }
}
