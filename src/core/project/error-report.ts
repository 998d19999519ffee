// The whole story of one error as plain text, for a bug report or a colleague: what failed,
// the fix, the database's own words and code, the file and statement, where (redacted URL) and
// with which versions. The app copies it (`y`) and always writes it to .dbtk/last-error.txt.

import os from 'node:os';
import path from 'node:path';
import type { ProjectConfig } from '../config/config.js';
import { knownSecrets } from '../config/secrets.js';
import { currentDbtkVersion } from '../history/record.js';
import { writeFileAtomic } from '../shared/atomic-write.js';
import { dialectOf, dialectLabel } from '../shared/dialect.js';
import type { SerializedError } from '../shared/errors.js';
import { redactSecrets } from '../shared/redact.js';
import { makeStateDir } from './state-dir.js';

export const LAST_ERROR_FILE = 'last-error.txt';

export interface ErrorReportInput {
  error: SerializedError;
  /** What dbtk was doing, e.g. `applying pending migrations (dbtk app)`. */
  action?: string;
  /** The SQL of the failed migration's section, shown when the database named no statement. */
  sql?: string;
  dbmateVersion?: string;
  now?: Date;
}

/** Fields a newer DbtkError may carry (the database's code, the line and statement it pointed at). */
function extra(error: SerializedError): { code?: string; line?: number; statement?: string } {
  const fields = error as SerializedError & Record<string, unknown>;
  return {
    code: 'code' in fields && typeof fields.code === 'string' ? fields.code : undefined,
    line: 'line' in fields && typeof fields.line === 'number' ? fields.line : undefined,
    statement: 'statement' in fields && typeof fields.statement === 'string' ? fields.statement : undefined,
  };
}

const indent = (text: string) =>
  text
    .trimEnd()
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');

/** The report's text, redacted (URL passwords, and every secret the configuration knows). */
export function errorReport(config: ProjectConfig, input: ErrorReportInput): string {
  const { error } = input;
  const { code, line, statement } = extra(error);
  const lines = [`dbtk error report (${(input.now ?? new Date()).toISOString()})`, ''];
  if (input.action) lines.push(`While:     ${input.action}`);
  lines.push(`Error:     ${error.message}`, `Kind:      ${error.kind}`);
  if (error.hint) lines.push(`Fix:       ${error.hint}`);
  if (error.file) lines.push(`File:      ${error.file}${line !== undefined ? ` (line ${line})` : ''}`);
  if (code) lines.push(`Code:      ${code}`);
  if (error.detail?.trim()) lines.push('Database said:', indent(error.detail));
  if (statement?.trim()) lines.push('Statement:', indent(statement));
  else if (input.sql?.trim()) lines.push('SQL of the migration section:', indent(input.sql));
  lines.push(
    '',
    `Database:  ${config.redactedUrl} (${dialectLabel(dialectOf(config.url, config.driver))}, from ${config.urlSource})`,
    `Connection: ${config.connectionName}${config.production ? ' (production)' : ''}`,
    `Versions:  dbtk ${currentDbtkVersion()}, dbmate ${input.dbmateVersion ?? 'unknown'}, node ${process.version}, ${os.type()} ${os.release()} ${process.arch}`,
    '',
  );
  return redactSecrets(lines.join('\n'), knownSecrets(config));
}

/**
 * Writes the report to `<state>/last-error.txt` (the project's `.dbtk/`, kept out of Git like
 * history) and returns its path. Throws a DbtkError when it cannot be written.
 */
export async function writeLastErrorReport(config: ProjectConfig, text: string): Promise<string> {
  await makeStateDir(config);
  const file = path.join(config.stateDir, LAST_ERROR_FILE);
  await writeFileAtomic(file, text, { mode: 0o600 });
  return file;
}
