// The journal of a run in flight: `<stateDir>/runs/<runId>.json`, written before the first
// step and removed when the run ends, however it ends, as long as dbtk lives to see it. A
// journal whose dbtk is gone is a run that ended without its outcome recorded (dbtk was
// killed): the next command on that database reconciles it against the database
// (run-reconcile.ts), and says so when the run's dbmate outlived dbtk and may still change
// the database. The journal names no password; it is readable by its owner only.
//
// HOW THE RUN ENGINE CALLS IT (core/runs/execute.ts, run-stop.ts, interrupted.ts)
// - Before the first step of every run that changes the database (up, migrate, retry, down):
//     const journal = await startRunJournal(config.stateDir, { runId, command, direction, steps: plan,
//       database: identity, serverTag: tag, history: historyContext(config, dbmate.binary.version, { runId }),
//       migrationDirs: config.migrationsDirs });
//   It never throws: `journal.warning` says when it could not be written (show it; run anyway).
//   Use the same `runId` for runTag (database/session.ts) and for the RunRecorder's context, so
//   entries recorded live and entries reconciled later belong to one run.
// - Each dbmate process of the run: `dbmate.exec(…, { onSpawn: (pid) => void journal.setDbmatePid(pid) })`.
// - When the run ends (success, failure, Ctrl-C, SIGTERM: in a `finally`, after the history
//   entries are flushed): `await journal.finish()`. Only a dbtk that dies leaves it behind.
// - When a project is opened for any command that touches the database (status, up, down,
//   load, the app's start), before it reads status or plans:
//     const outcomes = await reconcileInterruptedRuns({ stateDir: config.stateDir,
//       store: project.history(), database: identity.key,
//       readAppliedVersions: () => readAppliedVersions(config, runner) });
//   and print `describeReconciliation(outcome)` for each (a warning, on stderr; in the app a
//   notice). While an orphaned dbmate still runs (`outcome.orphanedDbmate`), nothing is
//   recorded and the journal stays: the words say which pid, and that its outcome is recorded
//   by the first command after it ends. `up`/`down` should refuse to start while it runs
//   (the lock does not see it: its dbtk, which held the lock, is gone).

import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Direction, PlannedStep } from '../migrations/run.js';
import { writeFileAtomic } from '../shared/atomic-write.js';
import { isProcessRunning, processRef, type ProcessRef } from '../shared/process-identity.js';
import { redactText } from '../shared/redact.js';
import type { HistoryContext } from './record.js';

const RUN_JOURNAL_DIR = 'runs';

export interface RunJournal {
  format: 1;
  runId: string;
  /** What the user ran: `up`, `migrate`, `down`, `up --retry-failed`… */
  command: string;
  direction: Direction;
  /** The steps in the order they were to run. */
  steps: PlannedStep[];
  /** The database's identity key and credential-free label. */
  database: { key: string; label: string };
  /** The tag dbmate's server sessions carry (database/session.ts), to find them later. */
  serverTag?: string;
  dbtk: ProcessRef;
  /** ISO 8601. */
  startedAt: string;
  /** Who, where and with which versions: the facts of the history entries recorded later. */
  history: HistoryContext;
  /** Where the migration files are, for the checksums of entries recorded later. */
  migrationDirs: string[];
}

/** The run's current dbmate process (kept apart: a rollback batch starts one per step). */
interface JournalDbmate extends ProcessRef {
  since: string;
}

export interface RunJournalStart {
  runId: string;
  command: string;
  direction: Direction;
  steps: readonly PlannedStep[];
  database: { key: string; label: string };
  serverTag?: string;
  history: HistoryContext;
  migrationDirs: readonly string[];
}

/** A journal whose dbtk is gone: the run ended without its outcome recorded. */
export interface InterruptedRun {
  journal: RunJournal;
  /** The run's last dbmate, if one had started. */
  dbmate?: JournalDbmate;
  /** The journal file. */
  file: string;
}

const journalFile = (stateDir: string, runId: string) => path.join(stateDir, RUN_JOURNAL_DIR, `${runId}.json`);
const dbmateFile = (journal: string) => journal.replace(/\.json$/, '.dbmate');

async function writePrivate(file: string, value: unknown): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  await writeFileAtomic(file, `${redactText(JSON.stringify(value, null, 1))}\n`, { mode: 0o600 });
}

/** An in-flight run's journal. Its methods never throw: a journal must not stop a run. */
export class ActiveRunJournal {
  private writing: Promise<void> = Promise.resolve();
  private finished = false;

  constructor(
    readonly file: string,
    readonly journal: RunJournal,
    /** Set when the journal could not be written (the run goes ahead without it). */
    public warning?: string,
  ) {}

  /** Records the pid of the dbmate process the run just started. */
  setDbmatePid(pid: number): Promise<void> {
    const dbmate: JournalDbmate = { ...processRef(pid), since: new Date().toISOString() };
    this.writing = this.writing.then(() => (this.finished ? undefined : writePrivate(dbmateFile(this.file), dbmate).catch(this.noted)));
    return this.writing;
  }

  /** The run ended and dbtk lived to record it: the journal goes. */
  async finish(): Promise<void> {
    this.finished = true;
    await this.writing;
    await Promise.all([rm(this.file, { force: true }), rm(dbmateFile(this.file), { force: true })]).catch(this.noted);
  }

  private readonly noted = (error: unknown): void => {
    this.warning ??= `The run journal ${this.file} could not be written: ${(error as Error).message}.`;
  };
}

/** Writes the journal of a run about to start. */
export async function startRunJournal(stateDir: string, start: RunJournalStart): Promise<ActiveRunJournal> {
  const journal: RunJournal = {
    format: 1,
    runId: start.runId,
    command: start.command,
    direction: start.direction,
    steps: start.steps.map(({ version, name, file }) => ({ version, name, file })),
    database: { key: start.database.key, label: redactText(start.database.label) },
    ...(start.serverTag ? { serverTag: start.serverTag } : {}),
    dbtk: processRef(process.pid),
    startedAt: new Date().toISOString(),
    history: start.history,
    migrationDirs: [...start.migrationDirs],
  };
  const file = journalFile(stateDir, start.runId);
  try {
    await writePrivate(file, journal);
    return new ActiveRunJournal(file, journal);
  } catch (error) {
    return new ActiveRunJournal(file, journal, `The run journal ${file} could not be written: ${(error as Error).message}.`);
  }
}

/**
 * Runs whose dbtk is gone without removing its journal (of one database, when `database`
 * is given), oldest first. Journals written on another host are left alone: their dbtk
 * cannot be checked from here.
 */
export async function findInterruptedRuns(stateDir: string, options: { database?: string } = {}): Promise<InterruptedRun[]> {
  const dir = path.join(stateDir, RUN_JOURNAL_DIR);
  const names = await readdir(dir).catch(() => [] as string[]);
  const runs: InterruptedRun[] = [];
  for (const name of names.filter((n) => n.endsWith('.json')).sort()) {
    const file = path.join(dir, name);
    const journal = parseJournal(await readFile(file, 'utf8').catch(() => ''));
    if (!journal || (options.database !== undefined && journal.database.key !== options.database)) continue;
    if (isProcessRunning(journal.dbtk) !== false) continue;
    const dbmate = parseDbmate(await readFile(dbmateFile(file), 'utf8').catch(() => ''));
    runs.push({ journal, file, ...(dbmate ? { dbmate } : {}) });
  }
  return runs;
}

/** The run's journal is done with (its outcome is recorded). */
export async function removeRunJournal(run: Pick<InterruptedRun, 'file'>): Promise<void> {
  await Promise.all([rm(run.file, { force: true }), rm(dbmateFile(run.file), { force: true })]);
}

function parseJournal(text: string): RunJournal | undefined {
  try {
    const value = JSON.parse(text) as RunJournal;
    const valid =
      value?.format === 1 &&
      typeof value.runId === 'string' &&
      (value.direction === 'up' || value.direction === 'down') &&
      Array.isArray(value.steps) &&
      value.steps.every((step) => typeof step?.version === 'string' && typeof step.file === 'string') &&
      typeof value.database?.key === 'string' &&
      typeof value.dbtk?.pid === 'number' &&
      typeof value.dbtk.host === 'string' &&
      typeof value.history === 'object' &&
      value.history !== null;
    return valid ? value : undefined;
  } catch {
    return undefined;
  }
}

function parseDbmate(text: string): JournalDbmate | undefined {
  try {
    const value = JSON.parse(text) as JournalDbmate;
    return typeof value?.pid === 'number' && typeof value.host === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}
