// Splits schema dump text (pg_dump, mysqldump/mariadb-dump, sqlite3 .schema) into statements
// for the object parser: strings, quoted identifiers, dollar quotes, comments, DELIMITER and
// SQLite trigger bodies are respected. Tolerant by design: odd input yields odd statements,
// never an exception. MySQL's versioned comments (`/*!50001 … */`) are unwrapped, because
// mysqldump hides real DDL (views, triggers) inside them.

import type { Dialect } from '../shared/dialect.js';

interface Scanner {
  text: string;
  pos: number;
}

/** Copies a quoted run (string or identifier) starting at `pos`; returns the end index. */
function quotedEnd(text: string, start: number, quote: string, backslashEscapes: boolean): number {
  let i = start + 1;
  while (i < text.length) {
    const ch = text[i];
    if (backslashEscapes && ch === '\\') i += 2;
    else if (ch === quote && text[i + 1] === quote) i += 2;
    else if (ch === quote) return i + 1;
    else i++;
  }
  return text.length;
}

/** `$tag$ … $tag$` (PostgreSQL function bodies); returns the end index or -1 when not a tag. */
function dollarEnd(text: string, start: number): number {
  const tag = /^\$([A-Za-z_][\w]*)?\$/.exec(text.slice(start, start + 64));
  if (!tag) return -1;
  const close = text.indexOf(tag[0], start + tag[0].length);
  return close < 0 ? text.length : close + tag[0].length;
}

function atLineStart(text: string, pos: number): boolean {
  let i = pos - 1;
  while (i >= 0 && (text[i] === ' ' || text[i] === '\t')) i--;
  return i < 0 || text[i] === '\n';
}

function lineEnd(text: string, pos: number): number {
  const end = text.indexOf('\n', pos);
  return end < 0 ? text.length : end + 1;
}

/** SQLite trigger bodies contain `;`: the statement only ends after the body's END. */
function needsMore(statement: string, dialect: Dialect): boolean {
  if (dialect !== 'sqlite') return false;
  if (!/^CREATE\s+(TEMP\s+|TEMPORARY\s+)?TRIGGER\b/i.test(statement)) return false;
  return !/\bEND\s*$/i.test(statement);
}

/** The statements of a dump, without comments and terminators, whitespace-trimmed. */
export function splitDumpStatements(text: string, dialect: Dialect): string[] {
  const s: Scanner = { text, pos: 0 };
  const statements: string[] = [];
  let delimiter = ';';
  let current = '';
  let inVersioned = false;
  const mysql = dialect === 'mysql';
  const flush = () => {
    const statement = current.trim();
    if (statement) statements.push(statement);
    current = '';
  };

  while (s.pos < text.length) {
    const ch = text[s.pos];
    const rest2 = text.slice(s.pos, s.pos + 2);
    if (mysql && atLineStart(text, s.pos) && /^DELIMITER\s/i.test(text.slice(s.pos, s.pos + 10))) {
      const end = lineEnd(text, s.pos);
      flush();
      delimiter = text.slice(s.pos + 9, end).trim() || ';';
      s.pos = end;
    } else if (ch === '\\' && atLineStart(text, s.pos)) {
      s.pos = lineEnd(text, s.pos); // psql meta-commands (\restrict, \connect)
    } else if (rest2 === '--' || (mysql && ch === '#')) {
      s.pos = lineEnd(text, s.pos);
      current += '\n';
    } else if (rest2 === '/*') {
      const versioned = mysql ? /^\/\*!\d*\s?/.exec(text.slice(s.pos, s.pos + 12)) : null;
      if (versioned) {
        inVersioned = true;
        s.pos += versioned[0].length;
      } else {
        const close = text.indexOf('*/', s.pos + 2);
        s.pos = close < 0 ? text.length : close + 2;
        current += ' ';
      }
    } else if (inVersioned && rest2 === '*/') {
      inVersioned = false;
      s.pos += 2;
    } else if (ch === "'" || ch === '"' || ch === '`' || (ch === '[' && dialect === 'sqlite')) {
      const end = ch === '[' ? Math.max(text.indexOf(']', s.pos), s.pos) + 1 : quotedEnd(text, s.pos, ch, mysql && ch !== '`');
      current += text.slice(s.pos, end);
      s.pos = end;
    } else if (ch === '$' && dialect === 'postgres' && dollarEnd(text, s.pos) > 0) {
      const end = dollarEnd(text, s.pos);
      current += text.slice(s.pos, end);
      s.pos = end;
    } else if (text.startsWith(delimiter, s.pos) && !needsMore(current.trim(), dialect)) {
      s.pos += delimiter.length;
      flush();
    } else {
      current += ch;
      s.pos++;
    }
  }
  flush();
  return statements;
}

/** Splits `a, b(c, d), 'e,f'` at top-level commas (table bodies, argument lists). */
export function splitTopLevel(body: string, separator = ','): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch === "'" || ch === '"' || ch === '`') i = quotedEnd(body, i, ch, false) - 1;
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === separator && depth === 0) {
      parts.push(body.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(body.slice(start));
  return parts.map((p) => p.trim()).filter(Boolean);
}

/** Index just past the parenthesis that closes the one at `open`. */
export function closingParen(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const ch = text[i];
    if (ch === "'" || ch === '"' || ch === '`') i = quotedEnd(text, i, ch, false) - 1;
    else if (ch === '(') depth++;
    else if (ch === ')' && --depth === 0) return i + 1;
  }
  return text.length;
}

/** Collapses whitespace so that layout differences do not count as changes. */
export function compactSql(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/\(\s+/g, '(').replace(/\s+\)/g, ')').trim();
}
