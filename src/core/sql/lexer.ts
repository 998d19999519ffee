// A forgiving SQL tokenizer, one pass, per dialect: quotes, comments, dollar-quoted bodies,
// MySQL's client DELIMITER. The statement splitter and the pattern classifier both read its
// tokens. It must never throw: unterminated strings and comments run to the end of input.

import type { Dialect } from '../shared/dialect.js';

export type TokenType =
  | 'word' // keyword or bare identifier; `value` is upper-cased
  | 'ident' // quoted identifier; `value` is the unquoted name
  | 'string'
  | 'number'
  | 'punct' // ; , ( ) . and single-character operators
  | 'comment'
  | 'delimiter' // a custom MySQL delimiter (after DELIMITER xx)
  | 'meta'; // a psql backslash command line (pg_dump writes `\restrict`)

export interface Token {
  type: TokenType;
  value: string;
  start: number;
  end: number;
  /** 1-based line of the first and last character. */
  line: number;
  endLine: number;
}

/** How one dialect writes strings, identifiers and comments. */
export interface SqlSyntax {
  hashComments: boolean;
  /** MySQL: `--` starts a comment only when followed by whitespace. */
  dashNeedsSpace: boolean;
  nestedComments: boolean;
  /** Backslash escapes inside ordinary '…' strings. */
  backslashEscapes: boolean;
  doubleQuoteIsString: boolean;
  dollarQuotes: boolean;
  bracketIdents: boolean;
  tripleQuotes: boolean;
  /** PostgreSQL E'…' strings (backslash escapes). */
  escapeStrings: boolean;
  /** psql backslash commands at the start of a line. */
  metaCommands: boolean;
  /** MySQL client `DELIMITER xx` lines. */
  delimiterCommand: boolean;
  /** `;` inside parentheses does not end a statement (psql's rule). */
  parensHoldStatements: boolean;
}

const BASE: SqlSyntax = {
  hashComments: false,
  dashNeedsSpace: false,
  nestedComments: false,
  backslashEscapes: false,
  doubleQuoteIsString: false,
  dollarQuotes: false,
  bracketIdents: false,
  tripleQuotes: false,
  escapeStrings: false,
  metaCommands: false,
  delimiterCommand: false,
  parensHoldStatements: false,
};

const SYNTAX: Record<Dialect, SqlSyntax> = {
  postgres: { ...BASE, nestedComments: true, dollarQuotes: true, escapeStrings: true, metaCommands: true, parensHoldStatements: true },
  mysql: { ...BASE, hashComments: true, dashNeedsSpace: true, backslashEscapes: true, doubleQuoteIsString: true, delimiterCommand: true },
  sqlite: { ...BASE, bracketIdents: true },
  clickhouse: { ...BASE, hashComments: true, backslashEscapes: true },
  bigquery: { ...BASE, hashComments: true, backslashEscapes: true, doubleQuoteIsString: true, tripleQuotes: true },
  generic: { ...BASE, nestedComments: true, dollarQuotes: true, escapeStrings: true, delimiterCommand: true },
};

export function syntaxOf(dialect: Dialect): SqlSyntax {
  return SYNTAX[dialect];
}

/**
 * For SQL of unknown dialect: the dialect its text clearly belongs to, else `generic`.
 * Only unmistakable signs count, so a wrong guess cannot split a file differently from the
 * generic rules in any way that matters.
 */
export function sniffDialect(sql: string): Dialect {
  if (/^[ \t]*DELIMITER[ \t]+\S/im.test(sql)) return 'mysql';
  if (/\$[A-Za-z_]*\$|\bCONCURRENTLY\b|\bplpgsql\b|::[a-z]/i.test(sql)) return 'postgres';
  if (/\bAUTO_INCREMENT\b|\bENGINE\s*=/i.test(sql)) return 'mysql';
  if (/\bAUTOINCREMENT\b|\bWITHOUT\s+ROWID\b|^\s*PRAGMA\b/im.test(sql)) return 'sqlite';
  return 'generic';
}

function isIdentStart(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code >= 128;
}

function isIdentPart(code: number): boolean {
  return isIdentStart(code) || (code >= 48 && code <= 57) || code === 36;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13 || code === 12 || code === 11;
}

const DOLLAR_TAG = /\$([A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/y;

/** Pull-based tokenizer; `delimiter` may be changed between tokens (MySQL DELIMITER). */
export class SqlLexer {
  private pos = 0;
  private line: number;
  /** The statement terminator; anything but `;` is matched before any other token. */
  delimiter = ';';

  constructor(
    private readonly sql: string,
    private readonly syntax: SqlSyntax,
    startLine = 1,
  ) {
    this.line = startLine;
  }

  next(): Token | null {
    this.skipSpace();
    if (this.pos >= this.sql.length) return null;
    const start = this.pos;
    const line = this.line;
    const type = this.scan();
    return { type, value: this.valueOf(type, start), start, end: this.pos, line, endLine: this.line };
  }

  /**
   * Reads the argument of a `DELIMITER` command: the next run of non-space characters on
   * the same line, then skips the rest of the line. Returns '' when there is none.
   */
  readDelimiterArgument(): string {
    const { sql } = this;
    while (this.pos < sql.length && (sql[this.pos] === ' ' || sql[this.pos] === '\t')) this.pos++;
    const start = this.pos;
    while (this.pos < sql.length && !isSpace(sql.charCodeAt(this.pos))) this.pos++;
    const argument = sql.slice(start, this.pos);
    this.skipToLineEnd();
    return argument;
  }

  private skipSpace(): void {
    const { sql } = this;
    while (this.pos < sql.length) {
      const code = sql.charCodeAt(this.pos);
      if (!isSpace(code)) return;
      if (code === 10) this.line++;
      this.pos++;
    }
  }

  private skipToLineEnd(): void {
    const end = this.sql.indexOf('\n', this.pos);
    this.pos = end === -1 ? this.sql.length : end;
  }

  /** Moves to `end`, counting the newlines passed. */
  private advanceTo(end: number): void {
    const { sql } = this;
    const stop = Math.min(end, sql.length);
    for (let i = this.pos; i < stop; i++) if (sql.charCodeAt(i) === 10) this.line++;
    this.pos = stop;
  }

  private scan(): TokenType {
    const { sql, syntax } = this;
    const pos = this.pos;
    const ch = sql[pos];
    const nextCh = sql[pos + 1];
    if (this.delimiter !== ';' && sql.startsWith(this.delimiter, pos)) {
      this.pos += this.delimiter.length;
      return 'delimiter';
    }
    if (ch === '-' && nextCh === '-' && (!syntax.dashNeedsSpace || pos + 2 >= sql.length || isSpace(sql.charCodeAt(pos + 2)))) {
      this.skipToLineEnd();
      return 'comment';
    }
    if (ch === '#' && syntax.hashComments) {
      this.skipToLineEnd();
      return 'comment';
    }
    if (ch === '/' && nextCh === '*') {
      this.scanBlockComment();
      return 'comment';
    }
    if (ch === '\\' && syntax.metaCommands && this.atLineStart(pos)) {
      this.skipToLineEnd();
      return 'meta';
    }
    if (ch === "'") {
      this.scanQuoted("'", syntax.backslashEscapes, syntax.tripleQuotes);
      return 'string';
    }
    if (ch === '"') {
      this.scanQuoted('"', syntax.doubleQuoteIsString && syntax.backslashEscapes, syntax.tripleQuotes);
      return syntax.doubleQuoteIsString ? 'string' : 'ident';
    }
    if (ch === '`') {
      this.scanQuoted('`', false, false);
      return 'ident';
    }
    if (ch === '[' && syntax.bracketIdents) {
      const end = sql.indexOf(']', pos + 1);
      this.advanceTo(end === -1 ? sql.length : end + 1);
      return 'ident';
    }
    if (ch === '$' && syntax.dollarQuotes && this.scanDollarQuoted()) return 'string';
    const code = sql.charCodeAt(pos);
    if (isIdentStart(code)) return this.scanWord();
    if (isDigit(code) || (ch === '.' && isDigit(sql.charCodeAt(pos + 1)))) {
      this.scanNumber();
      return 'number';
    }
    this.pos = pos + (ch === ':' && nextCh === ':' ? 2 : 1);
    return 'punct';
  }

  private atLineStart(pos: number): boolean {
    for (let i = pos - 1; i >= 0; i--) {
      const c = this.sql[i];
      if (c === '\n') return true;
      if (c !== ' ' && c !== '\t') return false;
    }
    return true;
  }

  private scanWord(): TokenType {
    const { sql, syntax } = this;
    const start = this.pos;
    let i = start + 1;
    // The mysql client sees a custom delimiter even glued to a word (`END$$`).
    const custom = this.delimiter !== ';' ? this.delimiter : '';
    while (i < sql.length && isIdentPart(sql.charCodeAt(i)) && !(custom && sql.startsWith(custom, i))) i++;
    // E'…' (PostgreSQL): the only string form whose escapes can hide a quote.
    if (syntax.escapeStrings && i === start + 1 && (sql[start] === 'E' || sql[start] === 'e') && sql[i] === "'") {
      this.pos = i;
      this.scanQuoted("'", true, false);
      return 'string';
    }
    this.pos = i;
    return 'word';
  }

  private scanNumber(): void {
    const { sql } = this;
    let i = this.pos;
    while (i < sql.length && (isDigit(sql.charCodeAt(i)) || sql[i] === '.' || sql[i] === '_')) i++;
    if (
      (sql[i] === 'e' || sql[i] === 'E') &&
      (isDigit(sql.charCodeAt(i + 1)) || ((sql[i + 1] === '+' || sql[i + 1] === '-') && isDigit(sql.charCodeAt(i + 2))))
    ) {
      i += 2;
      while (i < sql.length && isDigit(sql.charCodeAt(i))) i++;
    }
    this.pos = i;
  }

  private scanBlockComment(): void {
    const { sql } = this;
    let depth = 0;
    let i = this.pos;
    while (i < sql.length) {
      if (sql[i] === '/' && sql[i + 1] === '*') {
        depth = this.syntax.nestedComments ? depth + 1 : 1;
        i += 2;
      } else if (sql[i] === '*' && sql[i + 1] === '/') {
        depth--;
        i += 2;
        if (depth === 0) break;
      } else i++;
    }
    this.advanceTo(i);
  }

  /** A quoted run; the quote doubled is an escaped quote; `\` escapes when asked. */
  private scanQuoted(quote: string, backslash: boolean, triple: boolean): void {
    const { sql } = this;
    if (triple && sql.startsWith(quote.repeat(3), this.pos)) {
      const end = sql.indexOf(quote.repeat(3), this.pos + 3);
      this.advanceTo(end === -1 ? sql.length : end + 3);
      return;
    }
    let i = this.pos + 1;
    while (i < sql.length) {
      const c = sql[i];
      if (backslash && c === '\\') i += 2;
      else if (c === quote) {
        if (sql[i + 1] === quote) i += 2;
        else {
          i++;
          break;
        }
      } else i++;
    }
    this.advanceTo(i);
  }

  /** `$$…$$` or `$tag$…$tag$`; false when the `$` does not open one (e.g. `$1`). */
  private scanDollarQuoted(): boolean {
    const { sql } = this;
    const before = this.pos > 0 ? sql.charCodeAt(this.pos - 1) : 32;
    if (isIdentPart(before)) return false;
    DOLLAR_TAG.lastIndex = this.pos;
    const match = DOLLAR_TAG.exec(sql);
    if (!match) return false;
    const tag = match[0];
    const end = sql.indexOf(tag, this.pos + tag.length);
    this.advanceTo(end === -1 ? sql.length : end + tag.length);
    return true;
  }

  private valueOf(type: TokenType, start: number): string {
    const raw = this.sql.slice(start, this.pos);
    if (type === 'word') return raw.toUpperCase();
    if (type === 'ident') return unquoteIdentifier(raw);
    return raw;
  }
}

function unquoteIdentifier(raw: string): string {
  const open = raw[0];
  const close = open === '[' ? ']' : open;
  let inner = raw.slice(1, raw.endsWith(close) && raw.length > 1 ? -1 : undefined);
  if (open !== '[') inner = inner.split(open + open).join(open);
  return inner;
}
