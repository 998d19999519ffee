// Filtering history entries, and turning what a person typed (`--since 7d`,
// `--until 2024-06-01`, `--limit 50`) into a filter, with clear usage errors.

import { DbtkError } from '../shared/errors.js';
import { HISTORY_ACTIONS, type HistoryAction, type HistoryEntry } from './types.js';

export interface HistoryFilter {
  status?: 'success' | 'failed';
  /** Entries started at or after this time. */
  since?: Date;
  /** Entries started before this time. */
  until?: Date;
  /** Case-insensitive text in version, name, file, error, user, connection. */
  search?: string;
  version?: string;
  action?: HistoryAction;
  /** The newest N matching entries. */
  limit?: number;
  /**
   * Only entries about this database (its identity key), and entries written before history
   * was kept per database (they belong to every database). A store bound to a database
   * applies its own unless `allDatabases` is set.
   */
  database?: string;
  /** Entries of every database (ignores the store's database). */
  allDatabases?: boolean;
  /** Only the entries one run recorded. */
  runId?: string;
}

/** True when `entry` is about `database`: its own entries and those that name no database. */
function belongsToDatabase(entry: Pick<HistoryEntry, 'database'>, database: string | undefined): boolean {
  return database === undefined || entry.database === undefined || entry.database === database;
}

const SEARCHED_FIELDS = ['version', 'name', 'file', 'errorMessage', 'errorKind', 'appliedBy', 'connection', 'action', 'status'] as const;

export function matchesFilter(entry: HistoryEntry, filter: HistoryFilter): boolean {
  if (filter.status && entry.status !== filter.status) return false;
  if (filter.action && entry.action !== filter.action) return false;
  if (filter.version !== undefined && entry.version !== filter.version) return false;
  if (!filter.allDatabases && !belongsToDatabase(entry, filter.database)) return false;
  if (filter.runId !== undefined && entry.runId !== filter.runId) return false;
  if (filter.since || filter.until) {
    const at = Date.parse(entry.startedAt);
    if (filter.since && at < filter.since.getTime()) return false;
    if (filter.until && at >= filter.until.getTime()) return false;
  }
  if (filter.search) {
    const needle = filter.search.toLowerCase();
    if (!SEARCHED_FIELDS.some((field) => entry[field]?.toLowerCase().includes(needle))) return false;
  }
  return true;
}

/**
 * True when a raw line certainly cannot match, decided without JSON.parse: a matching entry
 * must contain the searched words somewhere in its text. Only a shortcut; matchesFilter decides.
 */
export function quickReject(line: string, filter: HistoryFilter): boolean {
  if (filter.status && !line.includes(filter.status)) return true;
  if (filter.action && !line.includes(filter.action)) return true;
  if (filter.version !== undefined && !line.includes(filter.version)) return true;
  if (filter.runId !== undefined && !line.includes(filter.runId)) return true;
  // Another database's entry names its key; an entry that names none belongs to every database.
  if (!filter.allDatabases && filter.database !== undefined && !line.includes(filter.database) && line.includes('"database":')) return true;
  // JSON escapes quotes, backslashes and control characters, so such words are not compared raw.
  // eslint-disable-next-line no-control-regex -- the control characters JSON escapes are the point
  if (filter.search && !/["\\\u0000-\u001f]/.test(filter.search) && !line.toLowerCase().includes(filter.search.toLowerCase())) return true;
  return false;
}

const RELATIVE = /^(\d+)\s*(m|min|h|d|w)$/i;
const UNIT_MS: Record<string, number> = { m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const NAMED_DAYS: Record<string, number> = { today: 0, yesterday: -1 };
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * `2024-06-01`, `today`, `yesterday` (local midnight; as an end bound, the end of that day),
 * an ISO date-time, or a span back from now: `30m`, `12h`, `7d`, `2w`.
 */
export function parseHistoryDate(value: string, flag: string, options: { endOfDay?: boolean; now?: Date } = {}): Date {
  const trimmed = value.trim();
  const named = NAMED_DAYS[trimmed.toLowerCase()];
  if (named !== undefined) {
    const now = options.now ?? new Date();
    return new Date(now.getFullYear(), now.getMonth(), now.getDate() + named + (options.endOfDay ? 1 : 0));
  }
  const relative = RELATIVE.exec(trimmed);
  if (relative) return new Date((options.now ?? new Date()).getTime() - Number(relative[1]) * UNIT_MS[relative[2].toLowerCase()]);
  const day = DATE_ONLY.exec(trimmed);
  if (day) {
    const [year, month, date] = [Number(day[1]), Number(day[2]) - 1, Number(day[3])];
    const midnight = new Date(year, month, date);
    // new Date() rolls 2024-02-30 over into March; a person meant no such day.
    if (midnight.getFullYear() === year && midnight.getMonth() === month && midnight.getDate() === date) {
      return options.endOfDay ? new Date(year, month, date + 1) : midnight;
    }
  } else if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(trimmed)) {
    const parsed = new Date(trimmed.replace(' ', 'T'));
    if (!Number.isNaN(parsed.getTime())) return parsed;
  }
  throw new DbtkError('usage', `${flag} "${value}" is not a date.`, {
    hint: `Use a date (2024-06-01, today, yesterday), a date and time (2024-06-01T14:30, 2024-06-01T14:30:00Z) or a span back from now (30m, 12h, 7d, 2w).`,
  });
}

export function parseHistoryLimit(value: string): number {
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1) {
    throw new DbtkError('usage', `--limit must be a whole number of at least 1 (got "${value}").`);
  }
  return Number(value);
}

export function parseHistoryStatus(value: string): 'success' | 'failed' {
  if (value === 'success' || value === 'failed') return value;
  throw new DbtkError('usage', `--status must be "success" or "failed" (got "${value}").`);
}

export function parseHistoryAction(value: string): HistoryAction {
  if ((HISTORY_ACTIONS as readonly string[]).includes(value)) return value as HistoryAction;
  throw new DbtkError('usage', `--action must be one of ${HISTORY_ACTIONS.join(', ')} (got "${value}").`);
}
