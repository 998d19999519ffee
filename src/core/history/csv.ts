// History as CSV that opens cleanly in a spreadsheet: RFC 4180 (header row, CRLF, fields
// with commas, quotes or line breaks quoted, quotes doubled), ISO dates, and cells that a
// spreadsheet would run as a formula (= + - @, tab, CR) prefixed with an apostrophe.

import type { HistoryEntry } from './types.js';

const HISTORY_CSV_COLUMNS = [
  'id',
  'startedAt',
  'action',
  'status',
  'version',
  'name',
  'file',
  'durationMs',
  'appliedBy',
  'connection',
  'url',
  'errorKind',
  'errorMessage',
  'checksum',
  'dbtkVersion',
  'dbmateVersion',
  'databaseLabel',
  'database',
] as const satisfies readonly (keyof HistoryEntry)[];

const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV field: neutralised against formula injection, then quoted when needed. */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

function historyCsvHeader(): string {
  return `${HISTORY_CSV_COLUMNS.join(',')}\r\n`;
}

function historyCsvRow(entry: HistoryEntry): string {
  return `${HISTORY_CSV_COLUMNS.map((column) => csvField(entry[column])).join(',')}\r\n`;
}

export function historyToCsv(entries: readonly HistoryEntry[]): string {
  return historyCsvHeader() + entries.map(historyCsvRow).join('');
}
