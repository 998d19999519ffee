// The history of one connection: every up, rollback, create, drop and load dbtk ran, as JSON
// Lines in `<stateDir>/history.jsonl`. The database stays the truth for applied/pending;
// history adds when, how long, who and what went wrong. A bad line is skipped with a
// warning, never a crash; entries from a newer history format are refused clearly.
// One folder may be used with several databases (URLs): each entry names its database, and
// a store bound to one database reads only that database's entries (and the older entries
// that name none).

import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { LineAppender, MAX_WRITE_BYTES, readLineBatchesFromEnd, readLinesForward } from './file.js';
import { ensureStateGitignore } from './gitignore.js';
import { parseHistoryLine, WarningCollector } from './parse.js';
import { matchesFilter, quickReject, type HistoryFilter } from './query.js';
import type { HistoryEntry } from './types.js';
import { loadHistoryIndex, type HistoryIndex, type HistorySummary } from './summary.js';

export type { HistoryFilter } from './query.js';

const HISTORY_FILE = 'history.jsonl';

export interface HistoryReadResult {
  /** Newest first (the order they were recorded). */
  entries: HistoryEntry[];
  /** Skipped lines and the like, for people. */
  warnings: string[];
}

export interface HistoryStoreOptions {
  /** The project root whose .gitignore gets the state folder the first time it is created. */
  gitignoreRoot?: string;
  /** The identity key of the database this store reads for (every database when not given). */
  database?: string;
}

/** Error messages are cut so that one entry always fits one atomic write. */
const MAX_ENTRY_BYTES = MAX_WRITE_BYTES - 96;

/** One JSON line for an entry, shortened (error message first) to fit one atomic write. */
export function serializeHistoryEntry(entry: HistoryEntry): string {
  let line = JSON.stringify(entry);
  let current = entry;
  for (const field of ['errorMessage', 'name', 'file', 'url', 'connection', 'appliedBy'] as const) {
    const value = entry[field];
    if (typeof value !== 'string') continue;
    let keep = value.length;
    // Characters are not bytes (and JSON escapes grow), so cut until it fits.
    while (Buffer.byteLength(line) > MAX_ENTRY_BYTES && keep > 16) {
      keep = Math.max(16, keep - Math.max(Buffer.byteLength(line) - MAX_ENTRY_BYTES + 3, 1));
      current = { ...current, [field]: `${value.slice(0, keep)}…` };
      line = JSON.stringify(current);
    }
  }
  return line;
}

export interface AppendResult {
  written: boolean;
  warning?: string;
}

/** Appends to an open history file; each append is written before it returns. */
export class HistoryAppender {
  constructor(
    private readonly stateDir: string,
    private readonly file: string,
    private readonly lines: LineAppender | undefined,
    private readonly openError?: unknown,
  ) {}

  append(entries: HistoryEntry[]): AppendResult {
    if (!this.lines) return { written: false, warning: this.warning(this.openError) };
    try {
      this.lines.write(entries.map(serializeHistoryEntry));
      return { written: true };
    } catch (error) {
      return { written: false, warning: this.warning(error) };
    }
  }

  async close(): Promise<void> {
    await this.lines?.close().catch(() => undefined);
  }

  private warning(error: unknown): string {
    const code = (error as NodeJS.ErrnoException)?.code;
    const reason =
      code === 'ENOTDIR' || code === 'EEXIST' ? `${this.stateDir} is not a folder` : ((error as Error)?.message ?? String(error));
    return `History was not written to ${this.file}: ${reason}.`;
  }
}

export class HistoryStore {
  readonly file: string;

  constructor(
    readonly stateDir: string,
    private readonly options: HistoryStoreOptions = {},
  ) {
    this.file = path.join(stateDir, HISTORY_FILE);
  }

  /**
   * Appends entries as whole lines. Never throws: a history that cannot be written must not
   * stop a migration, so the caller gets a warning to show instead.
   */
  async append(entries: HistoryEntry[]): Promise<AppendResult> {
    if (entries.length === 0) return { written: true };
    const appender = await this.openAppender();
    try {
      return appender.append(entries);
    } finally {
      await appender.close();
    }
  }

  /**
   * The history opened for a run's appends (created, with its .gitignore rule, the first
   * time). Never throws: if it cannot be opened, every append returns the warning.
   */
  async openAppender(): Promise<HistoryAppender> {
    try {
      await mkdir(this.stateDir, { recursive: true });
      const firstEntry = await stat(this.file).then(
        () => false,
        () => true,
      );
      const lines = await LineAppender.open(this.file);
      // Once, when the history starts: a .gitignore rule the user removes later stays removed.
      if (firstEntry && this.options.gitignoreRoot) {
        await ensureStateGitignore(this.options.gitignoreRoot, this.stateDir).catch(() => undefined);
      }
      return new HistoryAppender(this.stateDir, this.file, lines);
    } catch (error) {
      return new HistoryAppender(this.stateDir, this.file, undefined, error);
    }
  }

  /** The identity key of the database this store reads for, if it is bound to one. */
  get database(): string | undefined {
    return this.options.database;
  }

  /**
   * Entries matching `filter`, newest first: this store's database's unless the filter names
   * another or asks for all. Reads from the end of the file and stops as soon as `limit`
   * entries matched, so `--limit 50` costs the same at 100 or 100,000 entries.
   */
  async read(requested: HistoryFilter = {}): Promise<HistoryReadResult> {
    const filter = requested.database === undefined ? { ...requested, database: this.options.database } : requested;
    const entries: HistoryEntry[] = [];
    const warnings = new WarningCollector(this.file);
    const limit = filter.limit ?? Infinity;
    if (limit <= 0) return { entries, warnings: [] };
    try {
      scan: for await (const batch of readLineBatchesFromEnd(this.file)) {
        for (const line of batch) {
          if (line.text !== null && quickReject(line.text, filter)) continue;
          const parsed = parseHistoryLine(line);
          if (!parsed.entry) {
            warnings.add(parsed, line.offset);
            continue;
          }
          if (!matchesFilter(parsed.entry, filter)) continue;
          entries.push(parsed.entry);
          if (entries.length >= limit) break scan;
        }
      }
    } catch (error) {
      warnings.addText(`History could not be read from ${this.file}: ${(error as Error).message}.`);
    }
    return { entries, warnings: warnings.list() };
  }

  /**
   * Visits every entry matching `filter`, oldest first, without holding them all: what
   * analytics folds over (100,000 entries cost their parsing, not their memory). `limit` is
   * ignored. A history that cannot be read comes back as a warning.
   */
  async forEach(requested: HistoryFilter, visit: (entry: HistoryEntry) => void): Promise<{ warnings: string[] }> {
    const filter = requested.database === undefined ? { ...requested, database: this.options.database } : requested;
    const warnings = new WarningCollector(this.file);
    try {
      await readLinesForward(this.file, 0, (line) => {
        if (!line.complete || (line.text !== null && quickReject(line.text, filter))) return;
        const parsed = parseHistoryLine(line);
        if (!parsed.entry) warnings.add(parsed, line.offset);
        else if (matchesFilter(parsed.entry, filter)) visit(parsed.entry);
      });
    } catch (error) {
      warnings.addText(`History could not be read from ${this.file}: ${(error as Error).message}.`);
    }
    return { warnings: warnings.list() };
  }

  /** Per version, the latest up/down entries (what status needs), cheap at any history size; for this store's database. */
  index(): Promise<HistoryIndex> {
    return loadHistoryIndex(this.stateDir, this.file, this.options.database);
  }

  /** The latest up/down entries of these versions (or of all versions in the history), for this store's database. */
  async summary(versions?: Iterable<string>): Promise<HistorySummary> {
    return (await this.index()).lookup(versions);
  }
}
