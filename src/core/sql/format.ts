// Formats dbmate migration files with sql-formatter in the connection's dialect. The section
// markers (`-- migrate:up transaction:false`) and anything before the first one stay exactly as
// written; only the SQL between them is formatted. A section is only rewritten when the
// formatted text has the very same tokens as the original (strings, names, numbers, comments),
// so formatting can never change what a migration does; otherwise the file is left alone and
// the reason is reported.

import { format, type SqlLanguage } from 'sql-formatter';
import type { Dialect } from '../shared/dialect.js';
import { SqlLexer, syntaxOf, type Token } from './lexer.js';

export type FormatLanguage = Dialect | 'mariadb';

export type FormatResult = { ok: true; text: string; changed: boolean } | { ok: false; reason: string; line?: number };

const LANGUAGES: Record<FormatLanguage, SqlLanguage> = {
  postgres: 'postgresql',
  mysql: 'mysql',
  mariadb: 'mariadb',
  sqlite: 'sqlite',
  clickhouse: 'clickhouse',
  bigquery: 'bigquery',
  generic: 'sql',
};

const MARKER = /^--\s*migrate:(up|down)\b.*$/;

interface Section {
  marker: string | null;
  /** Line number (1-based) of the section's first SQL line. */
  line: number;
  body: string[];
}

function splitSections(lines: string[]): Section[] {
  const sections: Section[] = [{ marker: null, line: 1, body: [] }];
  lines.forEach((line, index) => {
    if (MARKER.test(line)) sections.push({ marker: line, line: index + 2, body: [] });
    else sections[sections.length - 1].body.push(line);
  });
  return sections;
}

function tokens(sql: string, dialect: Dialect): Token[] {
  const lexer = new SqlLexer(sql, syntaxOf(dialect));
  const out: Token[] = [];
  for (let token = lexer.next(); token; token = lexer.next()) out.push(token);
  return out;
}

const OPERATOR_CHARS = new Set('<>=!|&^~+-*/%@#:?'.split(''));

/**
 * What a token means, for comparing before and after formatting: layout does not count, except
 * between operator characters, where `>=` and `> =` (or `//` and `/ /`) are different things.
 */
function meaning(list: Token[], i: number): string {
  const token = list[i];
  if (token.type === 'comment') return `comment:${token.value.replace(/\s+/g, ' ').trim()}`;
  const next = list[i + 1];
  const glued =
    token.type === 'punct' &&
    next?.type === 'punct' &&
    OPERATOR_CHARS.has(token.value) &&
    OPERATOR_CHARS.has(next.value) &&
    next.start === token.end;
  return `${token.type}:${token.value}${glued ? ':glued' : ''}`;
}

/** The first token that differs, or undefined when both texts say the same. */
function firstDifference(before: Token[], after: Token[]): Token | undefined {
  const length = Math.max(before.length, after.length);
  for (let i = 0; i < length; i++) {
    if (!before[i] || !after[i] || meaning(before, i) !== meaning(after, i)) return before[i] ?? before[before.length - 1];
  }
  return undefined;
}

function onlyComments(list: Token[]): boolean {
  return list.every((t) => t.type === 'comment');
}

type SectionResult = { ok: true; text: string } | { ok: false; reason: string; line?: number };

function formatSection(body: string, dialect: Dialect, language: SqlLanguage, firstLine: number): SectionResult {
  const before = tokens(body, dialect);
  if (before.length === 0 || onlyComments(before)) return { ok: true, text: body.trim() };
  const command = before.find((t) => t.type === 'delimiter' || t.type === 'meta');
  const delimiterLine = body.split('\n').findIndex((line) => /^\s*DELIMITER\s+\S/i.test(line));
  if (command || delimiterLine >= 0) {
    const line = command ? command.line : delimiterLine + 1;
    return {
      ok: false,
      reason: 'it uses client commands (DELIMITER, psql \\ lines) that the formatter cannot keep',
      line: firstLine + line - 1,
    };
  }
  let formatted: string;
  try {
    formatted = format(body, { language, keywordCase: 'preserve', tabWidth: 2, linesBetweenQueries: 1 });
  } catch (error) {
    const message = (error as Error).message.split('\n')[0];
    return { ok: false, reason: `the formatter cannot parse it: ${message}` };
  }
  const difference = firstDifference(before, tokens(formatted, dialect));
  if (difference) {
    return { ok: false, reason: 'formatting would change its statements, not just their layout', line: firstLine + difference.line - 1 };
  }
  return { ok: true, text: formatted.trim() };
}

/**
 * Formats a migration file's text. Returns the new text (and whether it changed), or why the
 * file cannot be formatted safely, in which case it must be left as it is.
 */
export function formatMigrationSql(text: string, dialect: FormatLanguage): FormatResult {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split(/\r?\n/);
  const syntaxDialect: Dialect = dialect === 'mariadb' ? 'mysql' : dialect;
  const language = LANGUAGES[dialect];
  const sections = splitSections(lines);
  const out: string[] = [];
  const [preamble, ...marked] = sections;
  if (marked.length === 0) {
    const result = formatSection(preamble.body.join('\n'), syntaxDialect, language, 1);
    if (!result.ok) return result;
    out.push(result.text);
  } else if (preamble.body.some((line) => line.trim() !== '')) {
    // Text before the first marker is not part of any section: kept exactly.
    out.push(preamble.body.join('\n').replace(/\s+$/, ''), '');
  }
  for (const [index, section] of marked.entries()) {
    if (out.length && index > 0) out.push('');
    out.push(section.marker!);
    const result = formatSection(section.body.join('\n'), syntaxDialect, language, section.line);
    if (!result.ok) return result;
    if (result.text) out.push(result.text);
  }
  const formatted = `${out.join('\n')}\n`.split('\n').join(eol);
  return { ok: true, text: formatted, changed: formatted !== text };
}
