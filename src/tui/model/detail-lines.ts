// The lines of the detail pane for one migration: what is known about it, then its up and
// down SQL, syntax highlighted when colours are on. Called only for the selected
// row, so a 10,000-row list never highlights SQL nobody sees.

import { formatDurationMs } from '../../core/shared/duration.js';
import type { MigrationSection } from '../../core/migrations/file.js';
import { timeAgo } from '../../core/shared/time.js';
import { highlightSql } from './highlight.js';
import type { Line } from './lines.js';
import type { MigrationRow } from './migration-rows.js';

type DetailLine = Line;

/** Larger sections are shown plain: highlighting megabytes would stall a keypress. */
const HIGHLIGHT_LIMIT = 64 * 1024;

function sqlLines(section: MigrationSection, colour: boolean): DetailLine[] {
  if (!section.sql) return [{ text: '(empty)', tone: 'dim' }];
  const text = (colour && section.sql.length <= HIGHLIGHT_LIMIT ? highlightSql(section.sql) : undefined) ?? section.sql;
  return text.split('\n').map((line) => ({ text: line.replace(/\t/g, '  '), tone: 'sql' }));
}

function summary(row: MigrationRow, now: Date): string {
  if (row.status === 'applied' || row.status === 'missing') {
    const parts = ['applied'];
    if (row.appliedAt) parts.push(timeAgo(row.appliedAt, now));
    if (row.durationMs !== undefined) parts.push(`in ${formatDurationMs(row.durationMs)}`);
    if (row.appliedBy) parts.push(`by ${row.appliedBy}`);
    return parts.join(' ');
  }
  if (row.status === 'unknown') return 'status unknown (the database could not be asked)';
  return row.status === 'failed' ? 'pending (its last run failed)' : 'pending';
}

export function detailLines(row: MigrationRow, options: { colour: boolean; now?: Date; filesLoaded?: boolean }): DetailLine[] {
  const lines: DetailLine[] = [
    { text: row.file ?? `version ${row.version} (file missing)`, tone: 'title' },
    { text: summary(row, options.now ?? new Date()), tone: 'dim' },
  ];
  for (const warning of row.warnings) lines.push({ text: `⚠ ${warning.code.replace(/_/g, ' ')}: ${warning.message}`, tone: 'warning' });
  const saidByWarning = (code: string) => code === 'empty_down' && row.warnings.some((w) => w.code === 'no_down');
  for (const problem of row.problems.filter((p) => !saidByWarning(p.code))) {
    const where = problem.line ? ` (line ${problem.line})` : '';
    lines.push({
      text: `${problem.severity === 'error' ? '✖' : '⚠'} ${problem.message}${where}`,
      tone: problem.severity === 'error' ? 'error' : 'warning',
    });
  }
  const migration = row.migration;
  if (!migration) {
    if (!row.file)
      lines.push({
        text: 'No file on disk has this version: it was applied from a file that is gone, and dbmate cannot roll it back without the file.',
        tone: 'dim',
      });
    else lines.push({ text: options.filesLoaded === false ? 'Reading the SQL…' : 'The file could not be read.', tone: 'dim' });
    return lines;
  }
  for (const [label, section] of [
    ['up', migration.up],
    ['down', migration.down],
  ] as const) {
    if (!section) continue;
    const flags = Object.entries(section.options)
      .map(([k, v]) => `${k}:${v}`)
      .join(' ');
    lines.push({ text: '', tone: 'dim' }, { text: `-- migrate:${label}${flags ? ` ${flags}` : ''}`, tone: 'heading' });
    lines.push(...sqlLines(section, options.colour));
  }
  return lines;
}
