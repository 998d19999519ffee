// What a risk rule sees (one analysed migration) and the helpers rules are built from:
// changes on tables that already existed, per-section checks, and risk level ordering.

import type { Dialect } from '../shared/dialect.js';
import type { MigrationFile } from '../migrations/file.js';
import type { AnalyzedSection, AnalyzedStatement, Direction } from './analyze.js';
import type { Token } from './lexer.js';
import type { DataChange, SchemaChange } from './change.js';

export type RiskLevel = 'low' | 'medium' | 'high';

/** A documented example: the up section's SQL (or a whole migration file when it has `-- migrate:up`). */
export interface RuleExample {
  bad: string;
  good: string;
  dialect?: Dialect;
  versions?: TargetVersions;
}

/** One rule of the table: stable id, level, where it applies, why, the fix, examples, and its check. */
export interface RuleSpec<Id extends string = string> {
  id: Id;
  level: RiskLevel;
  /** `style` rules are advice, off unless the project turns them on (`lint.style: true`). */
  category: 'risk' | 'style';
  /** Dialects the rule checks (`all`: every one). */
  dialects: readonly Dialect[] | 'all';
  /** What the rule catches and why it matters (for docs and `--json` consumers). */
  message: string;
  fix: string;
  examples: readonly RuleExample[];
  check(context: RuleContext): RuleHit[];
}

export interface RuleContext {
  migration: MigrationFile;
  /** The project's dialect (`generic` when unknown). */
  dialect: Dialect;
  direction: Direction;
  up: AnalyzedSection | null;
  down: AnalyzedSection | null;
  /** The section that will execute: `up`, or `down` for a rollback preview. */
  run: AnalyzedSection | null;
  /** Server versions the migrations target (config `lint.postgres` / `lint.mysql`); unknown means current. */
  versions?: TargetVersions;
}

/** Major versions (PostgreSQL 16 → 16; MySQL 8.0 → 8.0) the project's migrations must run on. */
export interface TargetVersions {
  postgres?: number;
  mysql?: number;
  /** MariaDB, as written (`10.11`: its minors go past 9, so not a number). Ignored when `mysql` is set. */
  mariadb?: string;
}

/** Where a finding points: its start, and where the offending part ends (1-based, end column exclusive). */
export interface Span {
  line: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
}

export interface RuleHit extends Span {
  message: string;
  section?: Direction;
  /** Index of the statement in its section. */
  statement?: number;
}

export type Hit = Omit<RuleHit, 'section'>;

/** Schema changes of the running section on tables that already existed. */
export function onExisting(context: RuleContext, match: (change: SchemaChange, statement: AnalyzedStatement) => string | null): RuleHit[] {
  const run = context.run;
  if (!run) return [];
  const hits: RuleHit[] = [];
  for (const statement of run.statements) {
    for (const change of statement.changes) {
      const table = change.object === 'table' ? change.name : change.table;
      if (!table || !run.existed(table, statement.index)) continue;
      const message = match(change, statement);
      if (message) hits.push({ ...changeSpan(run, statement, change.name), message, section: run.direction, statement: statement.index });
    }
  }
  return hits;
}

/**
 * The name of what a change affects (the column dropped, the index created…) where the
 * statement writes it, else the whole statement.
 */
function changeSpan(section: AnalyzedSection, statement: AnalyzedStatement, name: string): Span {
  const last = name.split('.').at(-1);
  if (!last) return statementSpan(statement);
  const token = statement.tokens.find((t) => (t.type === 'word' ? t.value.toLowerCase() === last : t.type === 'ident' && t.value === last));
  return token ? tokenSpan(section, token) : statementSpan(statement);
}

/** The whole statement. */
export function statementSpan(statement: AnalyzedStatement): Span {
  return { line: statement.line, column: statement.column, endLine: statement.endLine, endColumn: statement.endColumn };
}

/** From one token to another (inclusive) of a statement in `section`. */
export function tokenSpan(section: AnalyzedSection, first: Token, last: Token = first): Span {
  const start = section.positionAt(first.start);
  const end = section.positionAt(last.end);
  return { line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
}

/** A hit on a statement of the running section. */
export function statementHit(section: AnalyzedSection, statement: AnalyzedStatement, message: string, span?: Span): RuleHit {
  return { ...(span ?? statementSpan(statement)), message, section: section.direction, statement: statement.index };
}

/** Row changes of the running section on tables that already existed. */
export function dataOnExisting(context: RuleContext, match: (change: DataChange) => string | null): RuleHit[] {
  const run = context.run;
  if (!run) return [];
  const hits: RuleHit[] = [];
  for (const statement of run.statements) {
    for (const change of statement.data) {
      if (!run.existed(change.table, statement.index)) continue;
      const message = match(change);
      if (message) hits.push({ ...statementSpan(statement), message, section: run.direction, statement: statement.index });
    }
  }
  return hits;
}

export function isPostgres(context: RuleContext): boolean {
  return context.dialect === 'postgres' || (context.dialect === 'generic' && context.run?.dialect === 'postgres');
}

/** Both sections of the migration, for rules about the file as a whole. */
export function sections(context: RuleContext): AnalyzedSection[] {
  return [context.up, context.down].filter((s): s is AnalyzedSection => s !== null);
}

export function withSection(section: AnalyzedSection, hits: Hit[]): RuleHit[] {
  return hits.map((h) => ({ ...h, section: section.direction }));
}

export const columnName = (change: SchemaChange) => `${change.table}.${change.name}`;

/**
 * Statements that cannot run inside a transaction block: flagged when their section runs in
 * one, or shares the section with others (dbmate sends a section as one multi-statement
 * query, which PostgreSQL wraps in an implicit transaction — checked against PostgreSQL 15).
 */
export function concurrentlyHits(run: AnalyzedSection): RuleHit[] {
  return run.statements
    .filter((s) => s.noTransaction)
    .flatMap((s): RuleHit[] => {
      if (run.transaction) {
        return [
          statementHit(
            run,
            s,
            `${s.noTransaction} cannot run inside a transaction, and the ${run.direction} section runs in one (no transaction:false)`,
          ),
        ];
      }
      if (run.statements.length > 1) {
        return [
          statementHit(
            run,
            s,
            `${s.noTransaction} shares its section with other statements: dbmate sends them as one query, which PostgreSQL runs as one transaction`,
          ),
        ];
      }
      return [];
    });
}

const LEVEL_ORDER: Record<RiskLevel, number> = { low: 1, medium: 2, high: 3 };

export function compareLevels(a: RiskLevel, b: RiskLevel): number {
  return LEVEL_ORDER[a] - LEVEL_ORDER[b];
}

/** The highest level among findings, or 'none'. */
export function highestLevel(levels: Iterable<RiskLevel>): RiskLevel | 'none' {
  let best: RiskLevel | 'none' = 'none';
  for (const level of levels) if (best === 'none' || compareLevels(level, best) > 0) best = level;
  return best;
}
