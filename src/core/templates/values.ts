// Values people type into template placeholders, checked by kind and turned into the SQL
// text that fills the placeholder. The rule: whatever is typed stays inside the SQL position
// it fills. Identifiers are quoted; expressions and types are tokenized with the dialect's
// own rules and refused when they could end the statement, open a comment, leave a quote or
// a `$$` open, or close a parenthesis they did not open.

import type { Dialect } from '../shared/dialect.js';
import { formatIdentifier, formatNamePart, identifierParts, identifierProblem } from '../sql/identifiers.js';
import { SqlLexer, syntaxOf, type SqlSyntax, type Token } from '../sql/lexer.js';

export type PlaceholderKind = 'identifier' | 'type' | 'expression' | 'list' | 'flag' | 'choice';
export const PLACEHOLDER_KINDS: readonly PlaceholderKind[] = ['identifier', 'type', 'expression', 'list', 'flag', 'choice'];

export interface Placeholder {
  key: string;
  label: string;
  kind: PlaceholderKind;
  required: boolean;
  /** Used when nothing is typed; may refer to earlier placeholders as `{{name}}`. */
  default?: string;
  /** identifier/list of identifiers: `schema.name` allowed. */
  qualified?: boolean;
  /** list: what each comma-separated item is. */
  of?: 'identifier' | 'expression';
  /** choice: the allowed values (trusted: they come from the template). */
  options?: string[];
  /** One line of guidance shown under the field. */
  help?: string;
}

/** A checked value: the SQL that fills the placeholder plus what helpers need. */
export interface ResolvedValue {
  raw: string;
  /** Text for the SQL, or a boolean for flags (used by `{{#flag}}…{{/flag}}` sections). */
  sql: string | boolean;
  /** Identifiers: the unquoted name parts. Lists: one entry per item (raw text). */
  parts?: string[];
  /** Lists: the SQL of each item. */
  items?: string[];
}

export type ValueCheck = { ok: true; value: ResolvedValue } | { ok: false; problem: string };

const SENTINEL = 'DBTK_END_OF_VALUE';
const FLAG_TRUE = new Set(['y', 'yes', 'true', 't', '1', 'on']);
const FLAG_FALSE = new Set(['n', 'no', 'false', 'f', '0', 'off']);

/** Syntaxes a value must be safe under: the dialect's, or all of them when it is unknown. */
function syntaxesFor(dialect: Dialect): SqlSyntax[] {
  if (dialect === 'postgres' || dialect === 'mysql' || dialect === 'sqlite') return [syntaxOf(dialect)];
  return (['postgres', 'mysql', 'sqlite', dialect] as Dialect[]).map(syntaxOf);
}

function lex(text: string, syntax: SqlSyntax): Token[] {
  const lexer = new SqlLexer(text, syntax);
  const tokens: Token[] = [];
  for (let token = lexer.next(); token; token = lexer.next()) tokens.push(token);
  return tokens;
}

/**
 * Tokens of a value, or why it could break out of its position. A sentinel word appended on
 * its own line must come back as the last token: if a quote, comment or `$$` were left open,
 * it would have been swallowed.
 */
function safeTokens(text: string, dialect: Dialect): { tokens: Token[] } | { problem: string } {
  // eslint-disable-next-line no-control-regex -- matching control characters (to refuse them) is the point
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text)) return { problem: 'control characters are not allowed' };
  let tokens: Token[] = [];
  for (const syntax of syntaxesFor(dialect)) {
    const all = lex(`${text}\n${SENTINEL}`, syntax);
    const last = all.pop();
    if (last?.type !== 'word' || last.value !== SENTINEL) return { problem: 'a quote, comment or $$ is left open' };
    const bad = checkTokens(all);
    if (bad) return { problem: bad };
    if (syntax === syntaxOf(dialect)) tokens = all;
  }
  return { tokens };
}

function checkTokens(tokens: Token[]): string | undefined {
  let depth = 0;
  for (const token of tokens) {
    if (token.type === 'comment') return 'comments (-- , /* */ or #) are not allowed in a value';
    if (token.type === 'meta' || token.type === 'delimiter') return 'client commands are not allowed in a value';
    if (token.type !== 'punct') continue;
    if (token.value === ';') return 'a value cannot contain ";" (it would end the statement)';
    if (token.value === '(') depth++;
    if (token.value === ')' && --depth < 0) return 'a ")" closes a parenthesis the value did not open';
  }
  return depth > 0 ? 'a "(" is not closed' : undefined;
}

/** Indexes of the top-level commas in a token list. */
function topLevelCommas(tokens: Token[]): number[] {
  const commas: number[] = [];
  let depth = 0;
  tokens.forEach((token, index) => {
    if (token.type !== 'punct') return;
    if (token.value === '(' || token.value === '[') depth++;
    else if (token.value === ')' || token.value === ']') depth--;
    else if (token.value === ',' && depth === 0) commas.push(index);
  });
  return commas;
}

function checkExpression(raw: string, dialect: Dialect, allowCommas: boolean): ValueCheck {
  const text = raw.trim();
  if (!text) return { ok: false, problem: 'a value is required' };
  const result = safeTokens(text, dialect);
  if ('problem' in result) return { ok: false, problem: result.problem };
  if (!allowCommas && topLevelCommas(result.tokens).length > 0) return { ok: false, problem: 'one value only: a top-level "," would start another clause' };
  return { ok: true, value: { raw, sql: text } };
}

const TYPE_PUNCT = new Set(['(', ')', ',', '.', '[', ']']);

function checkType(raw: string, dialect: Dialect): ValueCheck {
  const text = raw.trim().replace(/\s+/g, ' ');
  if (!text) return { ok: false, problem: 'a type is required' };
  const result = safeTokens(text, dialect);
  if ('problem' in result) return { ok: false, problem: result.problem };
  const { tokens } = result;
  if (tokens[0].type !== 'word' && tokens[0].type !== 'ident') return { ok: false, problem: 'a type starts with its name, e.g. text or varchar(255)' };
  let depth = 0;
  for (const token of tokens) {
    if (token.type === 'punct' && !TYPE_PUNCT.has(token.value)) return { ok: false, problem: `"${token.value}" does not belong in a type` };
    if (token.type === 'punct' && (token.value === '(' || token.value === '[')) depth++;
    if (token.type === 'punct' && (token.value === ')' || token.value === ']')) depth--;
    if (token.type === 'punct' && token.value === ',' && depth === 0) return { ok: false, problem: 'one type only ("," outside parentheses)' };
    if (token.type === 'string' && depth === 0) return { ok: false, problem: 'quoted text belongs inside the type\'s parentheses, e.g. enum(\'a\',\'b\')' };
  }
  return { ok: true, value: { raw, sql: text } };
}

/** Splits `a, "b,c", d` at commas outside quotes and parentheses. */
function splitListInput(raw: string): string[] {
  const items: string[] = [];
  let current = '';
  let quote = '';
  let depth = 0;
  for (const ch of raw) {
    if (quote) {
      if (ch === quote) quote = '';
    } else if (ch === '"' || ch === '`' || ch === "'") quote = ch;
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === ',' && depth === 0) {
      items.push(current.trim());
      current = '';
      continue;
    }
    current += ch;
  }
  items.push(current.trim());
  return items;
}

function checkIdentifier(placeholder: Placeholder, raw: string, dialect: Dialect): ValueCheck {
  const options = { qualified: placeholder.qualified };
  const problem = identifierProblem(raw, dialect, options);
  if (problem) return { ok: false, problem };
  return { ok: true, value: { raw, sql: formatIdentifier(raw, dialect, options), parts: identifierParts(raw, dialect, options) } };
}

function checkList(placeholder: Placeholder, raw: string, dialect: Dialect): ValueCheck {
  if (!raw.trim()) return { ok: false, problem: 'at least one item is required' };
  if (placeholder.of === 'expression') {
    const whole = checkExpression(raw, dialect, true);
    if (!whole.ok) return whole;
    const tokens = (safeTokens(raw.trim(), dialect) as { tokens: Token[] }).tokens;
    const text = raw.trim();
    const cuts = topLevelCommas(tokens).map((i) => tokens[i].start);
    const items = [...cuts, text.length].map((end, i) => text.slice(i === 0 ? 0 : cuts[i - 1] + 1, end).trim());
    const empty = items.findIndex((item) => item === '');
    if (empty >= 0) return { ok: false, problem: `item ${empty + 1} is empty` };
    return { ok: true, value: { raw, sql: items.join(', '), parts: items, items } };
  }
  const parts = splitListInput(raw);
  const items: string[] = [];
  for (const [index, part] of parts.entries()) {
    const problem = identifierProblem(part, dialect, { qualified: placeholder.qualified });
    if (problem) return { ok: false, problem: parts.length > 1 ? `item ${index + 1} ("${part}"): ${problem}` : problem };
    items.push(formatIdentifier(part, dialect, { qualified: placeholder.qualified }));
  }
  return { ok: true, value: { raw, sql: items.join(', '), parts: parts.map((p) => identifierParts(p, dialect, { qualified: placeholder.qualified }).join('.')), items } };
}

function checkFlag(raw: string): ValueCheck {
  const word = raw.trim().toLowerCase();
  if (FLAG_TRUE.has(word)) return { ok: true, value: { raw, sql: true } };
  if (FLAG_FALSE.has(word)) return { ok: true, value: { raw, sql: false } };
  return { ok: false, problem: 'answer yes or no' };
}

function checkChoice(placeholder: Placeholder, raw: string): ValueCheck {
  const options = placeholder.options ?? [];
  const match = options.find((option) => option.toLowerCase() === raw.trim().replace(/\s+/g, ' ').toLowerCase());
  if (match !== undefined) return { ok: true, value: { raw, sql: match } };
  return { ok: false, problem: `choose one of: ${options.join(', ')}` };
}

/** Checks one typed value for its placeholder. */
export function checkValue(placeholder: Placeholder, raw: string, dialect: Dialect): ValueCheck {
  switch (placeholder.kind) {
    case 'identifier': return checkIdentifier(placeholder, raw, dialect);
    case 'type': return checkType(raw, dialect);
    case 'expression': return checkExpression(raw, dialect, false);
    case 'list': return checkList(placeholder, raw, dialect);
    case 'flag': return checkFlag(raw);
    case 'choice': return checkChoice(placeholder, raw);
  }
}

/** Qualified identifiers also offer their parts: `{{table_schema}}` (`"s".` or empty) and `{{table_name}}`. */
export function identifierExtras(key: string, value: ResolvedValue, dialect: Dialect): Record<string, string> {
  const parts = value.parts ?? [];
  const name = parts[parts.length - 1] ?? '';
  const schema = parts.length > 1 ? `${formatNamePart(parts[0], dialect)}.` : '';
  return { [`${key}_schema`]: schema, [`${key}_name`]: formatNamePart(name, dialect) };
}
