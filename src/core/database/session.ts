// A run's work on the database server, and stopping it. Killing dbmate does not stop what it
// sent: PostgreSQL keeps a statement that waits for a lock queued, and MariaDB runs it (and
// the rest of its section) once the lock is free, leaving a table created with no version
// recorded. So each run tags dbmate's session, and a stop cancels the run's statements on the
// server and waits until nothing of the run is left there.
//
//   PostgreSQL  `application_name=<tag>` in dbmate's URL (lib/pq and pg_dump pass it on);
//               found in pg_stat_activity; pg_cancel_backend, then pg_terminate_backend.
//   MySQL       `connectionAttributes=program_name:<tag>` in dbmate's URL (go-sql-driver
//               sends it); visible only with performance_schema on (MySQL's default, not
//               MariaDB's). Otherwise dbmate's client ports (Linux /proc) name its
//               connections in the process list; last, statements only dbmate sends
//               (`-- migrate:up…`) by the same user on the same database. KILL QUERY, then
//               KILL CONNECTION.
//   SQLite      nothing on a server: stopping dbmate stops the work.
//
// A snapshot of the process list before the run (new connections by the same user are the
// run's) was tried and rejected: in production the application connects as that user too,
// and its new connections would be killed.
//
// HOW THE RUN ENGINE CALLS IT (core/runs/execute.ts, run-stop.ts, interrupted.ts)
// - One id per run: `const runId = newRunId(); const tag = runTag(runId);` (also the journal's
//   id, history/run-journal.ts, and HistoryContext.runId).
// - Every dbmate process of the run (up/migrate, each rollback, load) gets the tagged URL:
//   `new Dbmate(binary, { ...config, url: taggedUrl(config.url, tag) }, runner)`. Only
//   dbmate's child environment sees it; history, output and the lock keep config.url.
// - Do not hand the user's AbortSignal to dbmate.exec. Give it a signal of its own and learn
//   dbmate's pid (`onSpawn`); on the user's abort:
//       const report = await cancelServerWork({ url: config.url, driver: config.driver }, tag,
//         { dbmatePid, stopClient: () => dbmateAbort.abort() });
//   cancelServerWork cancels the running statements first, then calls stopClient (SIGINT to
//   dbmate, so it starts nothing new), then closes what lingers and waits until the server
//   shows nothing of the run (default 10 s). It never throws. Only after it returns re-read
//   the applied versions: the database is then the final truth of the run.
// - Show `describeServerWork(report)` when it returns text ("Stopped the run's work on the server: …",
//   or, when something could not be stopped, a warning naming the session ids left).
// - For an orphaned dbmate found by findInterruptedRuns (dbtk was killed), the same call with
//   the journal's tag and dbmate pid stops its work, if the user asks for that.

import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { dialectOf } from '../shared/dialect.js';
import { redactText } from '../shared/redact.js';
import { mysqlSessions, postgresSessions, type BackendTarget, type ServerSession, type SessionBackend } from './server-sessions.js';

export type { ServerSession } from './server-sessions.js';

/** PostgreSQL keeps 63 bytes of an application_name. */
const MAX_TAG_LENGTH = 63;

/** A new run id: when it started (UTC, sortable) and a random part. Safe in file names and tags. */
export function newRunId(now = new Date()): string {
  return `${now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, '')}-${randomBytes(4).toString('hex')}`.toLowerCase();
}

/** The tag a run's dbmate sessions carry on the server: `dbtk-run-<runId>`. */
export function runTag(runId: string): string {
  return `dbtk-run-${runId.toLowerCase().replace(/[^a-z0-9-]/g, '-')}`.slice(0, MAX_TAG_LENGTH);
}

/**
 * The URL to give dbmate so that its sessions carry `tag`; unchanged for databases that have
 * no server sessions to find (SQLite) or no way to name them. Everything else in the URL is
 * kept as written; a tag the URL already had is replaced.
 */
export function taggedUrl(url: string, tag: string): string {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1].toLowerCase();
  if (scheme === 'postgres' || scheme === 'postgresql') return withParam(url, 'application_name', () => tag);
  if (scheme === 'mysql' || scheme === 'mariadb') {
    return withParam(url, 'connectionAttributes', (existing) =>
      [...(existing ?? '').split(',').filter((pair) => pair && !pair.startsWith('program_name:')), `program_name:${tag}`].join(','),
    );
  }
  return url;
}

/** `url` with query parameter `name` set to `value(previous)`, the rest of the URL byte for byte. */
function withParam(url: string, name: string, value: (previous: string | undefined) => string): string {
  const hash = url.indexOf('#');
  const [base, fragment] = hash < 0 ? [url, ''] : [url.slice(0, hash), url.slice(hash)];
  const question = base.indexOf('?');
  const head = question < 0 ? base : base.slice(0, question);
  const params =
    question < 0
      ? []
      : base
          .slice(question + 1)
          .split('&')
          .filter(Boolean);
  const decode = (text: string) => {
    try {
      return decodeURIComponent(text.replace(/\+/g, ' '));
    } catch {
      return text;
    }
  };
  const previous = params.find((param) => decode(param.split('=')[0]) === name);
  const kept = params.filter((param) => param !== previous);
  const old = previous === undefined ? undefined : decode(previous.slice(previous.indexOf('=') + 1 || previous.length));
  kept.push(`${name}=${encodeURIComponent(value(old))}`);
  return `${head}?${kept.join('&')}${fragment}`;
}

export interface ServerWorkTarget {
  /** The database URL as the user gave it (not the tagged one). */
  url: string;
  driver?: string;
}

export interface CancelServerWorkOptions {
  /** How long to wait for the server to show nothing of the run (default 10 s). */
  timeoutMs?: number;
  /** dbmate's pid: on MySQL/MariaDB its client ports name its connections. */
  dbmatePid?: number;
  /**
   * Stops dbmate (SIGINT); called once the running statements are cancelled, so that dbmate
   * starts nothing new. Called exactly once, whatever happens (also when nothing is found).
   */
  stopClient?: () => void;
  /** How long a session may stay after its cancel (or the stop) before its connection is closed. */
  graceMs?: number;
  pollMs?: number;
}

export interface ServerWorkReport {
  /** False when the database has no server sessions dbtk can see (SQLite, ClickHouse…). */
  supported: boolean;
  /** Every session of the run seen on the server (as first seen). */
  found: ServerSession[];
  /** Sessions whose running statement was cancelled. */
  cancelled: number[];
  /** Sessions whose connection was closed because they stayed. */
  terminated: number[];
  /** Sessions still there when the wait ended: the run's work may still go on. */
  remaining: ServerSession[];
  waitedMs: number;
  /** Why the server could not be asked (unreachable, not permitted): the run's work may still go on. */
  error?: string;
}

const DEFAULT_TIMEOUT_MS = 10_000;

function openBackend(target: ServerWorkTarget, backendTarget: BackendTarget): Promise<SessionBackend> | undefined {
  const dialect = dialectOf(target.url, target.driver);
  if (dialect === 'postgres' && /^postgres(ql)?:/i.test(target.url)) return postgresSessions(backendTarget);
  if (dialect === 'mysql') return mysqlSessions(backendTarget);
  return undefined;
}

/** The run's sessions on the server now (for a look before deciding, e.g. at an orphaned dbmate). */
export async function findServerWork(
  target: ServerWorkTarget,
  tag: string,
  options: { dbmatePid?: number } = {},
): Promise<ServerSession[]> {
  const opening = openBackend(target, { url: target.url, tag, dbmatePid: options.dbmatePid });
  if (!opening) return [];
  const backend = await opening;
  try {
    return await backend.find(new Map());
  } finally {
    await backend.close();
  }
}

/**
 * Stops the run tagged `tag` on the server: cancels its running statements, stops dbmate
 * (`stopClient`), closes the connections that stay, and waits until the server shows nothing
 * of the run or `timeoutMs` passed. Never throws: what it could not do is in the report.
 */
export async function cancelServerWork(
  target: ServerWorkTarget,
  tag: string,
  options: CancelServerWorkOptions = {},
): Promise<ServerWorkReport> {
  const started = Date.now();
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const graceMs = options.graceMs ?? Math.min(1000, timeoutMs / 3);
  const report: ServerWorkReport = { supported: true, found: [], cancelled: [], terminated: [], remaining: [], waitedMs: 0 };
  let stoppedAt: number | undefined;
  const stopClient = () => {
    if (stoppedAt !== undefined) return;
    stoppedAt = Date.now();
    options.stopClient?.();
  };
  const opening = openBackend(target, { url: target.url, tag, dbmatePid: options.dbmatePid });
  if (!opening) {
    stopClient();
    return { ...report, supported: false };
  }
  let backend: SessionBackend | undefined;
  const seen = new Map<number, ServerSession>();
  const firstSeen = new Map<number, number>();
  try {
    backend = await opening;
    for (;;) {
      const sessions = await backend.find(seen);
      const now = Date.now();
      for (const session of sessions) {
        if (!seen.has(session.id)) report.found.push(session);
        seen.set(session.id, session);
        if (!firstSeen.has(session.id)) firstSeen.set(session.id, now);
        if (session.running && !report.cancelled.includes(session.id)) {
          await backend.cancel(session.id);
          report.cancelled.push(session.id);
        }
      }
      if (stoppedAt === undefined) {
        stopClient();
        continue; // look again: what dbmate did just before its stop
      }
      report.remaining = sessions;
      if (sessions.length === 0 || Date.now() - started >= timeoutMs) break;
      for (const session of sessions) {
        const since = Math.max(firstSeen.get(session.id)!, stoppedAt);
        if (Date.now() - since >= graceMs && !report.terminated.includes(session.id)) {
          await backend.terminate(session.id);
          report.terminated.push(session.id);
        }
      }
      await sleep(options.pollMs ?? 100);
    }
  } catch (error) {
    report.error = redactText((error as Error).message ?? String(error));
  } finally {
    stopClient();
    await backend?.close();
  }
  report.waitedMs = Date.now() - started;
  return report;
}

/** One line for people about what was stopped on the server, or undefined when there was nothing. */
export function describeServerWork(report: ServerWorkReport): string | undefined {
  if (report.error) return `Could not check the server for the run's work (${report.error}); a statement may still run there.`;
  if (report.remaining.length > 0) {
    const ids = report.remaining.map((session) => session.id).join(', ');
    return `The server still shows the run's work after ${Math.round(report.waitedMs / 1000)}s (session ${ids}); it may still finish.`;
  }
  if (report.cancelled.length === 0 && report.terminated.length === 0) return undefined;
  const statement = report.found.find((session) => report.cancelled.includes(session.id))?.statement;
  // dbmate sends a section with its `-- migrate:up` line first: the statement is what follows.
  const shown = statement
    ?.replace(/^(\s*--[^\n]*(\n|$))+/, '')
    .replace(/\s+/g, ' ')
    .trim();
  const what = shown ? `: ${shown.slice(0, 80).replace(/;$/, '')}` : '';
  return `Stopped the run's work on the server${what}.`;
}
