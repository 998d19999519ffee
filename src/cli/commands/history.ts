// `dbtk history`: what dbtk ran on this connection's database, newest first, filtered, as a
// table, JSON or CSV (`--all-databases`: every database this folder was used with). Reads
// only dbtk's own state: no database or dbmate needed.

import type { Command } from 'commander';
import { DbtkError } from '../../core/shared/errors.js';
import { formatDurationMs } from '../../core/shared/duration.js';
import { historyToCsv } from '../../core/history/csv.js';
import {
  parseHistoryAction,
  parseHistoryDate,
  parseHistoryLimit,
  parseHistoryStatus,
  type HistoryFilter,
} from '../../core/history/query.js';
import type { HistoryEntry } from '../../core/history/types.js';
import { redactText } from '../../core/shared/redact.js';
import { databaseIdentity } from '../../core/database/identity.js';
import { terminalName, terminalText } from '../../core/shared/terminal-text.js';
import { openProjectFromCli } from '../context.js';
import { EXIT, runAction, style, writeError, writeJson, writeLine } from '../output.js';

interface HistoryFlags {
  json?: boolean;
  csv?: boolean;
  status?: string;
  since?: string;
  until?: string;
  search?: string;
  migration?: string;
  version?: string;
  action?: string;
  limit?: string;
  allDatabases?: boolean;
}

export function historyFilterFromFlags(rawFlags: HistoryFlags, version: string | undefined): HistoryFilter {
  if (rawFlags.version !== undefined && rawFlags.migration !== undefined && rawFlags.version !== rawFlags.migration) {
    throw new DbtkError('usage', `Two different versions given (--version ${rawFlags.version} and --migration ${rawFlags.migration}).`);
  }
  const flags = { ...rawFlags, migration: rawFlags.migration ?? rawFlags.version };
  if (flags.json && flags.csv) throw new DbtkError('usage', 'Use either --json or --csv, not both.');
  if (version !== undefined && flags.migration !== undefined && version !== flags.migration) {
    throw new DbtkError('usage', `Two different versions given (${version} and --migration ${flags.migration}).`);
  }
  const filter: HistoryFilter = {};
  const wanted = version ?? flags.migration;
  if (wanted !== undefined) {
    if (!/^\d+$/.test(wanted))
      throw new DbtkError('usage', `"${wanted}" is not a migration version.`, {
        hint: 'Versions are the digits at the start of a migration file name.',
      });
    filter.version = wanted;
  }
  if (flags.status !== undefined) filter.status = parseHistoryStatus(flags.status);
  if (flags.action !== undefined) filter.action = parseHistoryAction(flags.action);
  if (flags.since !== undefined) filter.since = parseHistoryDate(flags.since, '--since');
  if (flags.until !== undefined) filter.until = parseHistoryDate(flags.until, '--until', { endOfDay: true });
  if (filter.since && filter.until && filter.since >= filter.until) {
    throw new DbtkError('usage', `--since ${flags.since} is not before --until ${flags.until}.`);
  }
  if (flags.search !== undefined && flags.search !== '') filter.search = flags.search;
  if (flags.limit !== undefined) filter.limit = parseHistoryLimit(flags.limit);
  if (flags.allDatabases) filter.allDatabases = true;
  return filter;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** Local time, to the second: what a person compares with their clock. */
function localTime(iso: string): string {
  const d = new Date(iso);
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())} ${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`;
}

function clip(text: string, width: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > width ? `${flat.slice(0, width - 1)}…` : flat;
}

/** Entries recorded before history was kept per database name none: they count for every database. */
const ANY_DATABASE = '(any)';

function printTable(entries: HistoryEntry[], withDatabase: boolean): void {
  const rows = entries.map((e) => [
    ...(withDatabase ? [e.databaseLabel ?? ANY_DATABASE] : []),
    localTime(e.startedAt),
    e.action,
    terminalName(e.version ?? ''),
    terminalName(e.name ?? e.file ?? ''),
    e.status === 'success' ? style.green('✔ success') : style.red('✖ failed'),
    e.durationMs === null ? '' : formatDurationMs(e.durationMs),
    terminalName(e.appliedBy),
    e.errorMessage ? style.red(terminalName(clip(e.errorMessage, 70))) : '',
  ]);
  const header = [...(withDatabase ? ['DATABASE'] : []), 'STARTED', 'ACTION', 'VERSION', 'NAME', 'STATUS', 'TIME', 'BY', 'ERROR'];
  // eslint-disable-next-line no-control-regex -- ESC starts the colour codes that take no width
  const visible = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '').length;
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => visible(r[i]))));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c + ' '.repeat(widths[i] - visible(c)))
      .join('  ')
      .trimEnd();
  writeLine(style.bold(line(header)));
  for (const row of rows) writeLine(line(row));
}

export function register(program: Command): void {
  program
    .command('history')
    .description('what dbtk ran on this connection (up, rollback, create, drop, load), newest first')
    .argument('[version]', 'only this migration version')
    .option('--json', 'print JSON')
    .option('--csv', 'print CSV (for spreadsheets)')
    .option('--status <status>', 'only "success" or "failed"')
    .option('--since <date>', 'started at or after: 2024-06-01, 2024-06-01T14:30, or 30m, 12h, 7d, 2w ago')
    .option('--until <date>', 'started before (a date alone includes that whole day)')
    .option('--search <text>', 'text in version, name, file, error, user or connection')
    .option('-m, --migration <version>', 'only this migration version (same as the argument)')
    .option('--version <version>', 'only this migration version (same as --migration)')
    .option('--action <action>', 'only up, down, create, drop, load, convert, baseline or mark')
    .option('--limit <n>', 'only the newest N entries')
    .option('--all-databases', "every database this folder was used with (default: only the URL's database)")
    .action(
      runAction(async (version: string | undefined, flags: HistoryFlags, command: Command) => {
        const filter = historyFilterFromFlags(flags, version);
        const project = await openProjectFromCli(command);
        const store = project.history();
        const { entries, warnings } = await store.read(filter);
        const { url, cwd, driver } = project.config;
        // Without a URL there is no current database: every database's entries are shown.
        const database = url && !flags.allDatabases ? redactText(databaseIdentity(url, cwd, driver).label) : null;
        if (flags.json) {
          writeJson({
            ok: true,
            connection: project.config.connectionName,
            database,
            file: store.file,
            count: entries.length,
            entries,
            warnings,
          });
          return EXIT.OK;
        }
        for (const warning of warnings) writeError(`${style.yellow('Warning:')} ${terminalText(warning)}`);
        if (flags.csv) {
          process.stdout.write(terminalText(redactText(historyToCsv(entries))));
          return EXIT.OK;
        }
        const filtered = Object.keys(filter).some((k) => k !== 'limit');
        if (entries.length === 0) {
          writeLine(
            style.dim(
              filtered
                ? 'No history entries match.'
                : `No history yet for ${database ?? project.config.connectionName}: dbtk records every up, rollback, create, drop and load in ${store.file}.`,
            ),
          );
          return EXIT.OK;
        }
        printTable(entries, database === null);
        writeLine();
        const count = `${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}`;
        writeLine(style.dim(`${count}, newest first${database ? `, for ${database}` : ''}, from ${store.file}`));
        return EXIT.OK;
      }),
    );
}
