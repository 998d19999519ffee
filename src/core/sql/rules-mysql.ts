// MySQL/MariaDB rules about how ALTER TABLE runs: ENUM/SET redefinitions that copy the table,
// and changes that cannot use ALGORITHM=INSTANT on the target server. Both read the statement's
// tokens; the old definition of an ENUM/SET column is read from the migration's down section.

import type { AnalyzedSection, AnalyzedStatement } from './analyze.js';
import { tableKey } from './analyze.js';
import type { Token } from './lexer.js';
import type { RuleId } from './rule-ids.js';
import { statementHit, tokenSpan, type RuleContext, type RuleHit, type RuleSpec, type TargetVersions } from './rule-context.js';

/** `10.11` ≥ `10.5`: versions compared part by part (MariaDB's minors go past 9). */
export function versionAtLeast(version: string | number, major: number, minor = 0, patch = 0): boolean {
  const [a = 0, b = 0, c = 0] = String(version)
    .split('.')
    .map((part) => Number(part) || 0);
  return a !== major ? a > major : b !== minor ? b > minor : c >= patch;
}

/** The MariaDB version targeted, when the project names or detected one (and not a MySQL one). */
export function mariadbTarget(versions: TargetVersions | undefined): string | null {
  return versions?.mariadb && versions.mysql === undefined ? versions.mariadb : null;
}

const isMysql = (ctx: RuleContext) => (ctx.run?.dialect ?? ctx.dialect) === 'mysql';

const word = (t: Token | undefined, value: string) => t?.type === 'word' && t.value === value;
const nameOf = (t: Token | undefined) => (t?.type === 'word' ? t.value.toLowerCase() : t?.type === 'ident' ? t.value : null);

/** The table an `ALTER TABLE name …` statement alters, and where its actions start. */
function alteredTable(s: AnalyzedStatement, dialect: AnalyzedSection['dialect']): { table: string; from: number } | null {
  if (!word(s.tokens[0], 'ALTER')) return null;
  let at = 1;
  if (word(s.tokens[at], 'ONLINE') || word(s.tokens[at], 'IGNORE')) at++;
  if (!word(s.tokens[at], 'TABLE')) return null;
  at++;
  let name = nameOf(s.tokens[at]);
  if (!name) return null;
  at++;
  while (s.tokens[at]?.value === '.' && nameOf(s.tokens[at + 1])) {
    name = `${name}.${nameOf(s.tokens[at + 1])}`;
    at += 2;
  }
  return { table: tableKey(name, dialect), from: at };
}

/** The top-level, comma-separated actions of an ALTER TABLE (tokens of each). */
function actions(tokens: readonly Token[], from: number): Token[][] {
  const list: Token[][] = [[]];
  let depth = 0;
  for (let i = from; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.type === 'punct' && t.value === ';') break;
    if (t.type === 'punct' && t.value === '(') depth++;
    if (t.type === 'punct' && t.value === ')') depth--;
    if (depth === 0 && t.type === 'punct' && t.value === ',') list.push([]);
    else list.at(-1)!.push(t);
  }
  return list.filter((a) => a.length > 0);
}

interface Redefinition {
  column: string;
  /** ENUM or SET, when the new definition is one. */
  kind: 'ENUM' | 'SET' | null;
  members: string[];
  action: Token[];
}

/** MODIFY [COLUMN] col def / CHANGE [COLUMN] old new def: the column and, for ENUM/SET, its members. */
function redefinition(action: Token[]): Redefinition | null {
  let at = 0;
  const verb = action[0];
  if (!word(verb, 'MODIFY') && !word(verb, 'CHANGE')) return null;
  at++;
  if (word(action[at], 'COLUMN')) at++;
  if (word(verb, 'CHANGE')) at++;
  const column = nameOf(action[at]);
  if (!column) return null;
  at++;
  const type = action[at];
  const kind = word(type, 'ENUM') ? 'ENUM' : word(type, 'SET') ? 'SET' : null;
  const members: string[] = [];
  if (kind && action[at + 1]?.value === '(') {
    for (let i = at + 2; i < action.length && action[i].value !== ')'; i++) if (action[i].type === 'string') members.push(action[i].value);
  }
  return { column, kind, members, action };
}

/** Each ALTER TABLE … MODIFY/CHANGE of a section, by table and column. */
function redefinitions(section: AnalyzedSection): { statement: AnalyzedStatement; table: string; redefinition: Redefinition }[] {
  const found: { statement: AnalyzedStatement; table: string; redefinition: Redefinition }[] = [];
  for (const statement of section.statements) {
    const altered = alteredTable(statement, section.dialect);
    if (!altered) continue;
    for (const action of actions(statement.tokens, altered.from)) {
      const r = redefinition(action);
      if (r) found.push({ statement, table: altered.table, redefinition: r });
    }
  }
  return found;
}

/** Bytes InnoDB stores an ENUM/SET value in: changing it copies the table. */
function storageBytes(kind: 'ENUM' | 'SET', count: number): number {
  if (kind === 'ENUM') return count > 255 ? 2 : 1;
  return count > 32 ? 8 : Math.ceil(Math.max(count, 1) / 8);
}

/** Why going from `before` to `after` members copies the table, or null when it is only an append. */
function enumCopyReason(kind: 'ENUM' | 'SET', before: string[], after: string[]): string | null {
  if (after.length < before.length) return 'removes members';
  for (let i = 0; i < before.length; i++) {
    if (before[i] !== after[i])
      return after.includes(before[i]) ? 'reorders members or inserts one before the end' : 'changes or removes members';
  }
  if (storageBytes(kind, before.length) !== storageBytes(kind, after.length))
    return `grows past ${kind === 'ENUM' ? 255 : 'a multiple of 8'} members (a wider storage size)`;
  return null;
}

/**
 * The ENUM/SET redefinitions whose old member list the down section gives (it redefines the same
 * column back), with the new list; a statement MySQL may change in place is left out.
 */
export function enumChanges(ctx: RuleContext): { statement: AnalyzedStatement; table: string; column: string; reason: string | null }[] {
  const run = ctx.run;
  const other = run?.direction === 'down' ? ctx.up : ctx.down;
  if (!run || !other) return [];
  // Most sections redefine nothing: read the other section only when this one does.
  const changed = redefinitions(run).filter((d) => d.redefinition.kind);
  if (!changed.length) return [];
  const old = new Map<string, Redefinition>();
  for (const d of redefinitions(other)) if (d.redefinition.kind) old.set(`${d.table}.${d.redefinition.column}`, d.redefinition);
  return changed.flatMap(({ statement, table, redefinition }) => {
    const before = old.get(`${table}.${redefinition.column}`);
    if (!redefinition.kind || before?.kind !== redefinition.kind || !run.existed(table, statement.index)) return [];
    return [
      { statement, table, column: redefinition.column, reason: enumCopyReason(redefinition.kind, before.members, redefinition.members) },
    ];
  });
}

interface NotInstant {
  token: Token;
  what: string;
}

/** The actions of one ALTER TABLE that cannot use ALGORITHM=INSTANT on the target server. */
function notInstant(action: Token[], versions: TargetVersions | undefined): NotInstant | null {
  const mariadb = mariadbTarget(versions);
  const mysql = versions?.mysql;
  // Any position and DROP COLUMN: MySQL 8.0.29 (a target of `8.0` may be older), MariaDB 10.4.
  const anyPosition = mariadb ? versionAtLeast(mariadb, 10, 4) : mysql === undefined || mysql > 8;
  // Appending a column: MySQL 8.0.12, MariaDB 10.3.
  const append = mariadb ? versionAtLeast(mariadb, 10, 3) : mysql === undefined || mysql >= 8;
  const target = mariadb ? `MariaDB ${mariadb}` : `MySQL ${mysql?.toFixed(1) ?? ''}`;
  const [first, second, third] = action;
  if (
    word(first, 'ADD') &&
    (word(second, 'PRIMARY') || (word(second, 'CONSTRAINT') && (word(third, 'PRIMARY') || word(action[3], 'PRIMARY'))))
  )
    return { token: first, what: 'adds a primary key, which rebuilds the table' };
  if (word(first, 'DROP') && word(second, 'PRIMARY')) return { token: first, what: 'drops the primary key, which rebuilds the table' };
  if (word(first, 'CONVERT') && word(second, 'TO'))
    return { token: first, what: 'converts every text column to a new character set, which rebuilds or copies the table' };
  if (
    word(first, 'ADD') &&
    !['INDEX', 'KEY', 'UNIQUE', 'CONSTRAINT', 'FOREIGN', 'PRIMARY', 'FULLTEXT', 'SPATIAL', 'CHECK', 'PARTITION'].includes(
      second?.value ?? '',
    )
  ) {
    if (second?.value === '(') return null;
    // After the column's name (a column may be called `first`).
    const nameAt = word(second, 'COLUMN') ? 2 : 1;
    const placed = action.find((t, i) => i > nameAt && (word(t, 'AFTER') || word(t, 'FIRST')));
    if (placed && !anyPosition)
      return {
        token: placed,
        what: `adds a column ${placed.value} another, which ${target} cannot do instantly (instant from MySQL 8.0.29, MariaDB 10.4)`,
      };
    if (!append)
      return {
        token: first,
        what: `adds a column, which ${target} cannot do instantly (instant from MySQL 8.0.12, MariaDB 10.3): the table is rebuilt`,
      };
    return null;
  }
  if (
    word(first, 'DROP') &&
    !['INDEX', 'KEY', 'CONSTRAINT', 'FOREIGN', 'CHECK', 'PARTITION', 'PRIMARY'].includes(second?.value ?? '') &&
    !anyPosition
  )
    return {
      token: first,
      what: `drops a column, which ${target} cannot do instantly (instant from MySQL 8.0.29, MariaDB 10.4): the table is rebuilt`,
    };
  return null;
}

export const MYSQL_RULES: readonly RuleSpec<RuleId>[] = [
  {
    id: 'mysql-enum-copies-table',
    level: 'medium',
    category: 'risk',
    dialects: ['mysql'],
    message:
      'Changing, removing or reordering the members of an ENUM/SET column, or adding one anywhere but at the end, makes MySQL and MariaDB copy the whole table while writes wait. Appending members at the end is instant. dbtk reads the old member list from the down section.',
    fix: 'Only append new members at the end of the list; to rename or remove one, add a new column, backfill it, and switch over.',
    examples: [
      {
        dialect: 'mysql',
        bad: "-- migrate:up\nALTER TABLE orders MODIFY status ENUM('new', 'paid', 'shipped');\n\n-- migrate:down\nALTER TABLE orders MODIFY status ENUM('new', 'shipped');\n",
        good: "-- migrate:up\nALTER TABLE orders MODIFY status ENUM('new', 'shipped', 'paid');\n\n-- migrate:down\nALTER TABLE orders MODIFY status ENUM('new', 'shipped');\n",
      },
    ],
    check: (ctx) =>
      isMysql(ctx) && ctx.run
        ? enumChanges(ctx)
            .filter((c) => c.reason)
            .map((c) => statementHit(ctx.run!, c.statement, `redefines ${c.table}.${c.column}: ${c.reason ?? ''}, so the table is copied`))
        : [],
  },
  {
    id: 'mysql-not-instant',
    level: 'medium',
    category: 'risk',
    dialects: ['mysql'],
    message:
      'This ALTER TABLE cannot use ALGORITHM=INSTANT on the target server, so MySQL/MariaDB rebuilds or copies the table, which takes long on a big one. Adding or dropping a column anywhere is instant from MySQL 8.0.29 (MariaDB 10.4); appending a column from MySQL 8.0.12 (MariaDB 10.3); adding or dropping a primary key and CONVERT TO CHARACTER SET always rebuild. Column type changes are reported by column-type-change. The target is `lint.mysql` / `lint.mariadb` in the config, or the detected server; unset means a current server.',
    fix: 'Append the column at the end without AFTER/FIRST, run the change with an online schema tool (gh-ost, pt-online-schema-change) on a big table, or target a newer server.',
    examples: [
      {
        dialect: 'mysql',
        versions: { mysql: 8.0 },
        bad: 'ALTER TABLE users ADD COLUMN nickname VARCHAR(40) AFTER email;',
        good: 'ALTER TABLE users ADD COLUMN nickname VARCHAR(40);',
      },
    ],
    check: (ctx) => {
      const run = ctx.run;
      if (!isMysql(ctx) || !run) return [];
      const hits: RuleHit[] = [];
      for (const statement of run.statements) {
        const altered = alteredTable(statement, run.dialect);
        if (!altered || !run.existed(altered.table, statement.index)) continue;
        for (const action of actions(statement.tokens, altered.from)) {
          const found = notInstant(action, ctx.versions);
          if (found) hits.push(statementHit(run, statement, `${altered.table}: ${found.what}`, tokenSpan(run, found.token)));
        }
      }
      return hits;
    },
  },
];
