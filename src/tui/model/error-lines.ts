// An error as the app shows it: dbtk's sentence, the fix, then a `Detail:` block with the
// database's own words, its code, and the file line and statement when known — wrapped to
// the width, never cut. Data is shown with its control characters made visible.

import type { SerializedError } from '../../core/shared/errors.js';
import { line, wrapped, type Line } from './lines.js';
import { terminalName, terminalText } from '../../core/shared/terminal-text.js';

/** What a newer DbtkError may carry beyond `detail`: read defensively (older ones have none). */
function errorFacts(error: SerializedError): { code?: string; line?: number; statement?: string } {
  const fields = error as SerializedError & Record<string, unknown>;
  return {
    code: 'code' in fields && typeof fields.code === 'string' && fields.code ? fields.code : undefined,
    line: 'line' in fields && typeof fields.line === 'number' ? fields.line : undefined,
    statement: 'statement' in fields && typeof fields.statement === 'string' && fields.statement ? fields.statement : undefined,
  };
}

/** True when the error has a Detail block to show. */
function hasErrorDetail(error: SerializedError): boolean {
  const facts = errorFacts(error);
  return Boolean(error.detail?.trim() || facts.code || facts.line !== undefined);
}

/** The `Detail:` block (empty when the error has none), indented by `indent`. */
export function errorDetailLines(error: SerializedError, width: number, indent = '  ', heading = 'Detail:'): Line[] {
  if (!hasErrorDetail(error)) return [];
  const { code, line: at, statement } = errorFacts(error);
  const body = `${indent}  `;
  const lines: Line[] = [line(`${indent}${heading}`, 'dim')];
  for (const part of terminalText(error.detail?.trim() ?? '').split('\n'))
    if (part.trim()) lines.push(...wrapped(`${body}${part}`, 'plain', width));
  if (code) lines.push(...wrapped(`${body}code ${terminalName(code)}`, 'plain', width));
  if (at !== undefined) {
    const shownStatement = statement ? `: ${terminalName(statement.replace(/\s+/g, ' ').trim())}` : '';
    const where = `${error.file ? `${terminalName(error.file)} ` : ''}line ${at}${shownStatement}`;
    lines.push(...wrapped(`${body}${where}`, 'plain', width));
  }
  return lines;
}

/** Message, fix and Detail block: the whole error, for dialogs and the notice area. */
export function errorLines(error: SerializedError, width: number, prefix = '✖ '): Line[] {
  const lines = wrapped(`${prefix}${terminalText(error.message)}`, 'error', width);
  if (error.hint) lines.push(...wrapped(`  Fix: ${terminalText(error.hint)}`, 'warning', width));
  return [...lines, ...errorDetailLines(error, width)];
}
