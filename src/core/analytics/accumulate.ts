// Folds history entries, one at a time and in any order, into what the figures need: counts,
// per-migration timings, per-week buckets, failures and the newest runs. It keeps numbers, not
// entries, so 100,000 entries cost their parsing rather than their memory.

import type { HistoryAction, HistoryEntry } from '../history/types.js';
import { sortedMedian, sortedPercentile, weekOf, weeksBetween } from './figures.js';
import type { FailureKind, Rollbacks, RunRef, SlowMigration, Timing, WeekFigures } from './types.js';

/** A successful, timed apply. */
interface TimedApply {
  ms: number;
  startedAt: string;
  connection: string;
}

export interface VersionRuns {
  version: string;
  name: string | null;
  /** Successful applies with dbmate's time, in the order read. */
  applies: TimedApply[];
  rollbacks: number;
  /** The newest up/down entry read. */
  last: { at: string; status: 'success' | 'failed'; action: HistoryAction };
}

interface WeekBucket {
  runs: number;
  succeeded: number;
  failed: number;
  rollbacks: number;
  versions: Set<string>;
  durations: number[];
}

const RECENT = 10;
/** The JSON and the charts keep at most this many weeks (the newest). */
const MAX_WEEKS = 520;

function runRef(entry: HistoryEntry): RunRef {
  return {
    version: entry.version ?? '',
    name: entry.name,
    action: entry.action,
    status: entry.status,
    startedAt: entry.startedAt,
    durationMs: entry.durationMs,
    connection: entry.connection,
    errorKind: entry.errorKind,
  };
}

export class StatsAccumulator {
  entries = 0;
  readonly actions: Record<HistoryAction, number> = {
    up: 0,
    down: 0,
    create: 0,
    drop: 0,
    load: 0,
    restore: 0,
    convert: 0,
    baseline: 0,
    mark: 0,
    squash: 0,
  };
  runs = 0;
  succeeded = 0;
  failed = 0;
  rollbacksFailed = 0;
  readonly versions = new Map<string, VersionRuns>();
  readonly connections = new Set<string>();
  private readonly weeks = new Map<string, WeekBucket>();
  private readonly failures = new Map<string, FailureKind>();
  /** With the order they were read in: of two runs started the same millisecond, the later read is newer. */
  private recent: { run: RunRef; seq: number }[] = [];
  /** The week of the last day seen: entries come mostly in order, and dates cost more than the rest of a fold. */
  private lastDay = '';
  private lastWeek: string | null = null;

  add(entry: HistoryEntry): void {
    this.entries++;
    this.actions[entry.action]++;
    this.connections.add(entry.connection);
    if (entry.status === 'failed') this.addFailure(entry);
    if ((entry.action !== 'up' && entry.action !== 'down') || !entry.version) return;
    this.runs++;
    const ok = entry.status === 'success';
    if (ok) this.succeeded++;
    else this.failed++;
    if (entry.action === 'down' && !ok) this.rollbacksFailed++;
    const runs = this.versionRuns(entry);
    if (entry.action === 'down' && ok) runs.rollbacks++;
    const timed = entry.action === 'up' && ok && typeof entry.durationMs === 'number' && Number.isFinite(entry.durationMs);
    if (timed) runs.applies.push({ ms: entry.durationMs!, startedAt: entry.startedAt, connection: entry.connection });
    if (entry.startedAt >= runs.last.at) runs.last = { at: entry.startedAt, status: entry.status, action: entry.action };
    const week = this.weekOfEntry(entry.startedAt);
    if (week) {
      let bucket = this.weeks.get(week);
      if (!bucket) this.weeks.set(week, (bucket = { runs: 0, succeeded: 0, failed: 0, rollbacks: 0, versions: new Set(), durations: [] }));
      bucket.runs++;
      if (ok) bucket.succeeded++;
      else bucket.failed++;
      if (entry.action === 'down' && ok) bucket.rollbacks++;
      if (entry.action === 'up' && ok) bucket.versions.add(entry.version);
      if (timed) bucket.durations.push(entry.durationMs!);
    }
    this.recent.push({ run: runRef(entry), seq: this.entries });
    if (this.recent.length > RECENT * 20) this.recent = this.newest(this.recent);
  }

  private weekOfEntry(startedAt: string): string | null {
    // dbtk writes UTC ISO times (`…Z`): the day is the first 10 characters.
    if (!startedAt.endsWith('Z')) return weekOf(startedAt);
    const day = startedAt.slice(0, 10);
    if (day !== this.lastDay) {
      this.lastDay = day;
      this.lastWeek = weekOf(startedAt);
    }
    return this.lastWeek;
  }

  private versionRuns(entry: HistoryEntry): VersionRuns {
    const version = entry.version!;
    let runs = this.versions.get(version);
    if (!runs) {
      runs = { version, name: entry.name, applies: [], rollbacks: 0, last: { at: '', status: entry.status, action: entry.action } };
      this.versions.set(version, runs);
    }
    if (entry.name) runs.name = entry.name;
    return runs;
  }

  private addFailure(entry: HistoryEntry): void {
    const kind = entry.errorKind ?? 'unknown';
    const known = this.failures.get(kind);
    if (!known) this.failures.set(kind, { kind, count: 1, lastVersion: entry.version, lastAt: entry.startedAt });
    else {
      known.count++;
      if (entry.startedAt >= known.lastAt) Object.assign(known, { lastVersion: entry.version, lastAt: entry.startedAt });
    }
  }

  private newest(runs: { run: RunRef; seq: number }[]): { run: RunRef; seq: number }[] {
    const at = (r: { run: RunRef }) => r.run.startedAt;
    return runs.sort((a, b) => (at(a) < at(b) ? 1 : at(a) > at(b) ? -1 : b.seq - a.seq)).slice(0, RECENT);
  }

  recentRuns(): RunRef[] {
    return this.newest([...this.recent]).map((r) => r.run);
  }

  failureKinds(): FailureKind[] {
    return [...this.failures.values()].sort((a, b) => b.count - a.count || a.kind.localeCompare(b.kind));
  }

  timing(): Timing | null {
    const all: number[] = [];
    for (const runs of this.versions.values()) for (const apply of runs.applies) all.push(apply.ms);
    if (all.length === 0) return null;
    all.sort((a, b) => a - b);
    const sum = all.reduce((total, ms) => total + ms, 0);
    return {
      timed: all.length,
      averageMs: sum / all.length,
      medianMs: sortedMedian(all),
      p95Ms: sortedPercentile(all, 0.95),
      maxMs: all[all.length - 1],
    };
  }

  slowest(count: number): SlowMigration[] {
    const rows: SlowMigration[] = [];
    for (const runs of this.versions.values()) {
      if (runs.applies.length === 0) continue;
      let slowest = runs.applies[0];
      for (const apply of runs.applies) if (apply.ms > slowest.ms) slowest = apply;
      const sorted = runs.applies.map((a) => a.ms).sort((a, b) => a - b);
      rows.push({
        version: runs.version,
        name: runs.name,
        maxMs: slowest.ms,
        medianMs: sortedMedian(sorted),
        runs: runs.applies.length,
        startedAt: slowest.startedAt,
        connection: slowest.connection,
      });
    }
    return rows.sort((a, b) => b.maxMs - a.maxMs || a.version.localeCompare(b.version)).slice(0, count);
  }

  weekFigures(): WeekFigures[] {
    const known = [...this.weeks.keys()].sort();
    if (known.length === 0) return [];
    return weeksBetween(known[0], known[known.length - 1], MAX_WEEKS).map((week) => {
      const bucket = this.weeks.get(week);
      const durations = bucket ? [...bucket.durations].sort((a, b) => a - b) : [];
      return {
        week,
        runs: bucket?.runs ?? 0,
        succeeded: bucket?.succeeded ?? 0,
        failed: bucket?.failed ?? 0,
        migrations: bucket?.versions.size ?? 0,
        rollbacks: bucket?.rollbacks ?? 0,
        medianMs: durations.length ? sortedMedian(durations) : null,
      };
    });
  }

  rollbackFigures(count: number): Rollbacks {
    const rolled = [...this.versions.values()]
      .filter((r) => r.rollbacks > 0)
      .sort((a, b) => b.rollbacks - a.rollbacks || a.version.localeCompare(b.version))
      .slice(0, count)
      .map((r) => ({ version: r.version, name: r.name, count: r.rollbacks }));
    return { count: this.actions.down, failed: this.rollbacksFailed, mostRolledBack: rolled };
  }
}
