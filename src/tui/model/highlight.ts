// SQL syntax highlighting from dbtk's own SQL lexer (the one the splitter and the classifier
// read), so quotes, comments and dollar-quoted bodies are cut exactly where statements are.
// Only the tokens are wrapped in colour: the text between them is copied as it is, so removing
// the colours gives back the input unchanged. Colours go through chalk's shared instance, the
// one Ink uses; whether to highlight at all (NO_COLOR, TERM=dumb) is the caller's decision.

import chalk from 'chalk';
import { SqlLexer, sniffDialect, syntaxOf, type SqlSyntax, type Token } from '../../core/sql/lexer.js';
import { SQL_KEYWORDS, SQL_TYPES } from './sql-keywords.js';

type Paint = (text: string) => string;

const paint = {
  keyword: (text: string) => chalk.blue(text),
  type: (text: string) => chalk.cyan(text),
  string: (text: string) => chalk.red(text),
  number: (text: string) => chalk.green(text),
  comment: (text: string) => chalk.gray(text),
  dollarTag: (text: string) => chalk.magenta(text),
} satisfies Record<string, Paint>;

/** A dollar-quoted body after these words is code (a function or DO block), not a string. */
const CODE_BODY_AFTER = new Set(['AS', 'DO']);
/** Bodies inside bodies are rare; past this depth they are shown as strings. */
const MAX_BODY_DEPTH = 3;
const DOLLAR_TAG = /^\$[^$]*\$/;

/** Kept for callers that load the highlighter before use; it now has nothing to load. */
export function loadHighlighter(): Promise<void> {
  return Promise.resolve();
}

/** The SQL with its tokens coloured; stripping the colours gives back `code` exactly. */
export function highlightSql(code: string): string {
  return highlight(code, syntaxOf(sniffDialect(code)), 0);
}

function highlight(code: string, syntax: SqlSyntax, depth: number): string {
  const lexer = new SqlLexer(code, syntax);
  let out = '';
  let copied = 0;
  let previous: Token | undefined;
  for (let token = lexer.next(); token; previous = token, token = lexer.next()) {
    const raw = code.slice(token.start, token.end);
    out += code.slice(copied, token.start) + paintToken(token, raw, previous, syntax, depth);
    copied = token.end;
  }
  return out + code.slice(copied);
}

function paintToken(token: Token, raw: string, previous: Token | undefined, syntax: SqlSyntax, depth: number): string {
  switch (token.type) {
    case 'word':
      // `t.type` is a column, whatever its name.
      if (previous?.type === 'punct' && previous.value === '.') return raw;
      if (SQL_KEYWORDS.has(token.value)) return paint.keyword(raw);
      return SQL_TYPES.has(token.value) ? paint.type(raw) : raw;
    case 'string':
      return raw.startsWith('$') ? paintDollarQuoted(raw, previous, syntax, depth) : paint.string(raw);
    case 'number':
      return paint.number(raw);
    case 'comment':
    case 'meta':
      return paint.comment(raw);
    default:
      return raw;
  }
}

/** `$tag$…$tag$`: the tags coloured, the body highlighted as SQL when it is code. */
function paintDollarQuoted(raw: string, previous: Token | undefined, syntax: SqlSyntax, depth: number): string {
  const tag = DOLLAR_TAG.exec(raw)?.[0] ?? '';
  const closed = raw.length >= tag.length * 2 && raw.endsWith(tag);
  const body = raw.slice(tag.length, closed ? raw.length - tag.length : raw.length);
  const isCode = previous?.type === 'word' && CODE_BODY_AFTER.has(previous.value) && depth < MAX_BODY_DEPTH;
  const paintedBody = isCode ? highlight(body, syntax, depth + 1) : paint.string(body);
  return paint.dollarTag(tag) + paintedBody + (closed ? paint.dollarTag(tag) : '');
}
