// SQL identifiers typed by people (template values, wizard fields): validated, then quoted
// only where the dialect needs it. Whatever is typed ends up as one identifier (or one
// schema-qualified name) in the SQL: a quote inside is doubled, so it cannot close the
// quoting and continue as SQL.

import type { Dialect } from '../shared/dialect.js';
import { DbtkError } from '../shared/errors.js';

/** Names that are safe without quotes (before the reserved-word check). */
const PLAIN = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** What may be typed without quotes; anything else must be quoted explicitly by the user. */
const BARE = /^[\p{L}_][\p{L}\p{N}_$]*$/u;
// eslint-disable-next-line no-control-regex -- matching control characters (to refuse them) is the point
const CONTROL = /[\u0000-\u001f\u007f]/;

// Union of the reserved words of PostgreSQL, MySQL/MariaDB, SQLite and standard SQL. Quoting a
// word that one dialect would have accepted bare is harmless; not quoting a reserved one breaks
// the statement, so the list errs on the side of quoting.
const RESERVED = new Set(
  `
  abort action add after all alter always analyse analyze and any array as asc asensitive
  asymmetric attach authorization autoincrement before begin between bigint binary blob both
  by call cascade case cast change char character check collate collation column commit
  concurrently condition constraint continue convert create cross cube current current_catalog
  current_date current_role current_schema current_time current_timestamp current_user cursor
  database databases deallocate dec decimal declare default deferrable deferred delete desc
  describe detach distinct distinctrow div do double drop each else elseif enclosed end escape
  except exclusive exists exit explain false fetch filter first float for force foreign freeze
  from full fulltext function generated glob grant group groups having high_priority if ignore
  ilike immediate in index indexed infile initially inner inout insensitive insert instead int
  integer intersect interval into is isnull iterate join key keys kill lateral leading leave left
  like limit linear lines load localtime localtimestamp lock long loop low_priority match
  materialized natural no not nothing notnull null nulls numeric of offset on only optimize
  option optionally or order others out outer over overlaps partition placing plan pragma
  precision primary procedure purge query raise range read reads real recursive references
  regexp reindex release rename repeat replace require restrict return returning revoke right
  rlike rollback row rows savepoint schema schemas select sensitive separator session_user set
  show similar smallint some spatial specific sql sqlexception sqlstate sqlwarning ssl starting
  stored straight_join symmetric system_user table tablesample temp temporary terminated then
  ties tinyint to trailing transaction trigger true truncate undo union unique unlock unsigned
  update usage use user using vacuum values varbinary varchar varying verbose view virtual when
  where while window with without write xor year_month zerofill
`
    .split(/\s+/)
    .filter(Boolean),
);

/** Longest identifier each database accepts (PostgreSQL counts bytes, others characters). */
const MAX_LENGTH: Record<Dialect, number> = { postgres: 63, mysql: 64, sqlite: 128, clickhouse: 128, bigquery: 300, generic: 63 };

export interface IdentifierOptions {
  /** Allow `schema.name` (two parts). */
  qualified?: boolean;
}

/** The character that quotes identifiers in a dialect. */
function identifierQuote(dialect: Dialect): string {
  return dialect === 'mysql' || dialect === 'bigquery' || dialect === 'clickhouse' ? '`' : '"';
}

function isReservedWord(word: string): boolean {
  return RESERVED.has(word.toLowerCase());
}

/** Always-quoted form of one name part. */
export function quoteIdentifier(name: string, dialect: Dialect): string {
  const q = identifierQuote(dialect);
  return `${q}${name.split(q).join(q + q)}${q}`;
}

/** Whether a bare name would reach the database unchanged (not reserved, not case-folded). */
export function needsQuotes(name: string, dialect: Dialect): boolean {
  if (!PLAIN.test(name) || isReservedWord(name)) return true;
  // PostgreSQL folds bare names to lower case: `Users` must be quoted to stay `Users`.
  return dialect === 'postgres' && name !== name.toLowerCase();
}

/** One name part, quoted only when needed. */
export function formatNamePart(name: string, dialect: Dialect): string {
  return needsQuotes(name, dialect) ? quoteIdentifier(name, dialect) : name;
}

function lengthOf(name: string, dialect: Dialect): number {
  return dialect === 'postgres' ? Buffer.byteLength(name, 'utf8') : [...name].length;
}

/** A quoted name starting at `start` (quote doubled inside = one quote); null when unclosed. */
function readQuoted(text: string, start: number): { name: string; end: number } | null {
  const quote = text[start];
  let name = '';
  for (let j = start + 1; j < text.length; j++) {
    if (text[j] !== quote) name += text[j];
    else if (text[j + 1] === quote) {
      name += quote;
      j++;
    } else return { name, end: j + 1 };
  }
  return null;
}

/**
 * Splits typed input into name parts. `"My Table"` (or `` `My Table` ``) means exactly that
 * name; bare parts are separated by dots. Returns a problem text instead when it cannot.
 */
function parseIdentifierInput(input: string): { parts: string[]; quoted: boolean[] } | { problem: string } {
  const text = input.trim();
  const parts: string[] = [];
  const quoted: boolean[] = [];
  let i = 0;
  for (;;) {
    if (text[i] === '"' || text[i] === '`') {
      const run = readQuoted(text, i);
      if (!run) return { problem: `the quote ${text[i]} is not closed` };
      parts.push(run.name);
      quoted.push(true);
      i = run.end;
    } else {
      const dot = text.indexOf('.', i);
      const end = dot === -1 ? text.length : dot;
      const bare = text.slice(i, end);
      if (/["`]/.test(bare)) return { problem: 'quotes may only surround a whole name, e.g. "My Table"' };
      parts.push(bare);
      quoted.push(false);
      i = end;
    }
    if (i >= text.length) return { parts, quoted };
    if (text[i] !== '.') return { problem: 'unexpected text after a quoted name' };
    i++;
  }
}

/** Why `input` is not an acceptable identifier, or undefined when it is. */
export function identifierProblem(input: string, dialect: Dialect, options: IdentifierOptions = {}): string | undefined {
  if (input.trim() === '') return 'a name is required';
  const parsed = parseIdentifierInput(input);
  if ('problem' in parsed) return parsed.problem;
  const { parts, quoted } = parsed;
  if (parts.length > (options.qualified ? 2 : 1)) {
    return options.qualified
      ? 'use name or schema.name'
      : 'use a single name without a schema or dots (quote it, "a.b", if the dot is part of the name)';
  }
  for (const [index, part] of parts.entries()) {
    if (part === '') return 'a name part is empty';
    if (!quoted[index] && !BARE.test(part))
      return `use letters, digits and underscores, or put the name in double quotes ("${part.replace(/"/g, '""')}")`;
    if (CONTROL.test(part)) return 'control characters and line breaks are not allowed in names';
    if (part !== part.trim()) return 'a name cannot start or end with spaces';
    if (lengthOf(part, dialect) > MAX_LENGTH[dialect])
      return `longer than ${MAX_LENGTH[dialect]} ${dialect === 'postgres' ? 'bytes' : 'characters'}`;
  }
  return undefined;
}

/** The name parts of valid input (throws a usage error otherwise). */
export function identifierParts(input: string, dialect: Dialect, options: IdentifierOptions = {}): string[] {
  const problem = identifierProblem(input, dialect, options);
  if (problem) throw new DbtkError('usage', `"${input}" is not a valid name: ${problem}.`);
  return (parseIdentifierInput(input) as { parts: string[] }).parts;
}

/** Validated input as SQL: `users`, `public.users`, `"Order"`, `` `my table` ``. */
export function formatIdentifier(input: string, dialect: Dialect, options: IdentifierOptions = {}): string {
  return identifierParts(input, dialect, options)
    .map((part) => formatNamePart(part, dialect))
    .join('.');
}
