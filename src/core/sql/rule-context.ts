// What a risk rule sees (one analysed migration) and the helpers rules are built from:
// changes on tables that already existed, per-section checks, and risk level ordering.

import type { Dialect } from '../shared/dialect.js';
import type { MigrationFile } from '../migrations/file.js';
import type { AnalyzedSection, AnalyzedStatement, Direction } from './analyze.js';
import type { DataChange, SchemaChange } from './change.js';

export type RiskLevel = 'low' | 'medium' | 'high';

export interface RuleContext {
  migration: MigrationFile;
  /** The project's dialect (`generic` when unknown). */
  dialect: Dialect;
  direction: Direction;
  up: AnalyzedSection | null;
  down: AnalyzedSection | null;
  /** The section that will execute: `up`, or `down` for a rollback preview. */
  run: AnalyzedSection | null;
}

export interface RuleHit {
  line: number;
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
      if (message) hits.push({ line: statement.line, message, section: run.direction, statement: statement.index });
    }
  }
  return hits;
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
      if (message) hits.push({ line: statement.line, message, section: run.direction, statement: statement.index });
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
          {
            line: s.line,
            statement: s.index,
            section: run.direction,
            message: `${s.noTransaction} cannot run inside a transaction, and the ${run.direction} section runs in one (no transaction:false)`,
          },
        ];
      }
      if (run.statements.length > 1) {
        return [
          {
            line: s.line,
            statement: s.index,
            section: run.direction,
            message: `${s.noTransaction} shares its section with other statements: dbmate sends them as one query, which PostgreSQL runs as one transaction`,
          },
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
