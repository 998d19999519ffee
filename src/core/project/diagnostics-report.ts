// `dbtk report`: one Markdown file to attach to a bug report. Versions, the set-up as doctor
// sees it, the last failure and the last 20 history entries, with every password and secret
// the configuration knows replaced by ***. Written where dbtk keeps its state (out of Git).

import { mkdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { knownSecrets } from '../config/secrets.js';
import { currentDbtkVersion } from '../history/record.js';
import type { HistoryEntry } from '../history/types.js';
import { writeFileAtomic } from '../shared/atomic-write.js';
import { dialectLabel } from '../shared/dialect.js';
import { serializeError } from '../shared/errors.js';
import { redactSecrets, redactText } from '../shared/redact.js';
import { runDoctor } from './doctor.js';
import { LAST_ERROR_FILE } from './error-report.js';
import type { Project } from './project.js';
import { makeStateDir } from './state-dir.js';

const HISTORY_ROWS = 20;

/** A table cell: one line, no `|` to break the table. */
function cell(value: string | number | null | undefined): string {
  return String(value ?? '')
    .replace(/\r?\n/g, ' ')
    .replace(/\|/g, '\\|');
}

function fence(text: string): string[] {
  const ticks = '`'.repeat(Math.max(3, ...[...text.matchAll(/`+/g)].map((m) => m[0].length + 1)));
  return [ticks, text.trimEnd(), ticks];
}

async function versionsSection(project: Project): Promise<string[]> {
  const dbmate = await project.dbmate().then(
    (d) => `${d.binary.version} (${d.binary.source}: ${d.binary.path})`,
    (error) => `not available: ${serializeError(error).message}`,
  );
  return [
    '## Versions',
    '',
    `- dbtk: ${currentDbtkVersion()}`,
    `- dbmate: ${dbmate}`,
    `- node: ${process.version}`,
    `- OS: ${os.type()} ${os.release()} (${process.platform} ${process.arch})`,
    `- terminal: TERM=${process.env.TERM ?? '(unset)'}${process.env.TMUX ? ', inside tmux' : ''}`,
  ];
}

function projectSection(project: Project): string[] {
  const { config } = project;
  return [
    '## Project',
    '',
    `- connection: ${config.connectionName}${config.production ? ' (production)' : ''}${config.isNamedConnection ? ' (named)' : ''}`,
    `- database: ${config.redactedUrl} (${dialectLabel(project.dialect)}, from ${config.urlSource})`,
    `- migrations: ${config.migrationsDirs.join(', ')}`,
    `- schema file: ${config.schemaFile}`,
    `- migrations table: ${config.migrationsTable}`,
  ];
}

async function doctorSection(project: Project): Promise<string[]> {
  const checks = await runDoctor(project);
  const lines = ['## Doctor', '', '| check | result | message | fix |', '|---|---|---|---|'];
  for (const check of checks) {
    lines.push(`| ${check.id} | ${check.level} | ${cell(check.message)} | ${check.level === 'ok' ? '' : cell(check.hint)} |`);
  }
  return lines;
}

function entryLine(entry: HistoryEntry): string {
  return [
    entry.startedAt,
    entry.action,
    entry.version ?? '',
    entry.file ?? entry.name ?? '',
    entry.status,
    entry.durationMs === null ? '' : `${entry.durationMs} ms`,
    entry.appliedBy,
    entry.errorKind ? `${entry.errorKind}: ${entry.errorMessage ?? ''}` : '',
  ]
    .map(cell)
    .join(' | ');
}

async function historySections(project: Project): Promise<string[]> {
  const history = project.history();
  const [recent, failed] = await Promise.all([
    history.read({ limit: HISTORY_ROWS }).catch(() => undefined),
    history.read({ status: 'failed', limit: 1 }).catch(() => undefined),
  ]);
  const lastError = await readFile(path.join(project.config.stateDir, LAST_ERROR_FILE), 'utf8').catch(() => undefined);
  const lines = ['## Last failure', ''];
  const last = failed?.entries[0];
  if (last) {
    lines.push(
      `- when: ${last.startedAt}`,
      `- what: ${last.action} ${last.file ?? last.version ?? ''}`.trimEnd(),
      `- by: ${last.appliedBy} on ${last.connection} (${last.url})`,
      `- error: ${last.errorKind ?? 'unknown'}`,
      '',
      ...fence(last.errorMessage ?? '(no message recorded)'),
    );
  } else lines.push('No failed run in history.');
  if (lastError) lines.push('', `The last error report the app wrote (${LAST_ERROR_FILE}):`, '', ...fence(lastError));
  lines.push('', `## Last ${HISTORY_ROWS} history entries`, '');
  if (!recent) lines.push('History could not be read.');
  else if (recent.entries.length === 0) lines.push('History is empty.');
  else {
    lines.push('| started | action | version | file | status | time | by | error |', '|---|---|---|---|---|---|---|---|');
    for (const entry of recent.entries) lines.push(`| ${entryLine(entry)} |`);
  }
  for (const warning of recent?.warnings ?? []) lines.push('', `History warning: ${cell(warning)}`);
  return lines;
}

/** The report's Markdown, redacted. */
async function diagnosticsReport(project: Project, now = new Date()): Promise<string> {
  const sections = [
    ['# dbtk diagnostics report', '', `Written ${now.toISOString()} by \`dbtk report\`. Passwords and secrets are shown as \`***\`.`],
    await versionsSection(project),
    projectSection(project),
    await doctorSection(project),
    await historySections(project),
  ];
  const text = `${sections.map((s) => s.join('\n')).join('\n\n')}\n`;
  return redactSecrets(redactText(text), knownSecrets(project.config));
}

function stamp(now: Date): string {
  return now.toISOString().replace(/[-:]/g, '').replace('T', '-').replace(/\..*$/, '');
}

/** Writes the report (default `<state>/report-<time>.md`) and returns its path. */
export async function writeDiagnosticsReport(project: Project, options: { output?: string; now?: Date } = {}): Promise<string> {
  const now = options.now ?? new Date();
  const file = options.output
    ? path.resolve(project.config.cwd, options.output)
    : path.join(project.config.stateDir, `report-${stamp(now)}.md`);
  if (options.output) await mkdir(path.dirname(file), { recursive: true });
  else await makeStateDir(project.config);
  await writeFileAtomic(file, await diagnosticsReport(project, now), { mode: 0o600 });
  return file;
}
