// Assesses migrations for a preview or lint: statements, affected objects, risk findings
// (with suppressions), and an estimated time. The CLI (`dbtk preview`, `dbtk lint`) and the
// TUI's preview and confirmations all call assessMigrations; the result is plain JSON data.

import { readFile } from 'node:fs/promises';
import type { Dialect } from '../shared/dialect.js';
import type { MigrationFile, MigrationProblem } from '../migrations/file.js';
import {
  analyzeSection,
  applyToCatalog,
  tableEffects,
  type AnalyzedSection,
  type Direction,
  type ParseMode,
  type TableCatalog,
} from './analyze.js';
import type { DataChange, SchemaChange, StatementKind } from './change.js';
import { estimateDuration, type DurationEstimate, type PastRun } from './estimate.js';
import { ignoreDirectives, type IgnoreDirective } from './lint-config.js';
import { loadPostgresParser } from './pg-parser.js';
import { emptyObjectSummary, formatObjectSummary, mergeObjectSummaries, summarizeObjects, type ObjectSummary } from './objects.js';
import { highestLevel, RISK_RULES, compareLevels, type RiskLevel, type RuleContext, type RuleId, type TargetVersions } from './rules.js';

export type MigrationStatusLabel = 'applied' | 'pending' | 'missing' | 'unknown';

interface PreviewStatement {
  index: number;
  line: number;
  endLine: number;
  kind: StatementKind;
  summary: string;
  sql: string;
  parser: 'postgres' | 'patterns';
  changes: SchemaChange[];
  data: DataChange[];
  noTransaction?: string;
  parseError?: string;
}

export interface RiskFinding {
  rule: RuleId;
  level: RiskLevel;
  message: string;
  fix: string;
  file: string;
  path: string;
  line: number;
  /** 1-based column of the offending part, and where it ends (end column exclusive). */
  column?: number;
  endLine?: number;
  endColumn?: number;
  section: Direction | 'file';
  statement?: number;
}

export interface SuppressedFinding extends RiskFinding {
  /** `comment`: a `dbtk:ignore` line in the file; `config`: the project's lint.ignore. */
  suppressedBy: 'comment' | 'config';
}

export interface MigrationAssessment {
  version: string;
  name: string;
  file: string;
  path: string;
  status: MigrationStatusLabel;
  direction: Direction;
  /** Whether the section that runs is wrapped in a transaction. */
  transaction: boolean;
  /** The dialect its SQL was read as. */
  dialect: Dialect;
  statements: PreviewStatement[];
  objects: ObjectSummary;
  objectsLine: string;
  risk: RiskLevel | 'none';
  findings: RiskFinding[];
  suppressed: SuppressedFinding[];
  estimate: DurationEstimate | null;
  problems: MigrationProblem[];
  warnings: string[];
}

interface PreviewTotals {
  migrations: number;
  statements: number;
  objects: ObjectSummary;
  objectsLine: string;
  risk: RiskLevel | 'none';
  findings: Record<RiskLevel, number>;
  suppressed: number;
  /** Sum of the estimates; null unless every migration has one. */
  estimateMs: number | null;
}

export interface PreviewResult {
  direction: Direction;
  dialect: Dialect;
  /** False when the database could not be asked which migrations are applied. */
  statusKnown: boolean;
  statusError?: string;
  migrations: MigrationAssessment[];
  totals: PreviewTotals;
}

export interface AssessContext {
  /** The project's dialect; `generic` when unknown (each file's SQL is then sniffed). */
  dialect: Dialect;
  direction?: Direction;
  /** Every migration of the project, for knowing which tables earlier ones created. */
  allMigrations?: readonly MigrationFile[];
  /** The project's schema file content (db/schema.sql) when it exists. */
  schemaSql?: string | null;
  /** Rule ids switched off in the project's config. */
  ignore?: readonly string[];
  /** Style advice turned on (config `lint.style`). */
  style?: boolean;
  /** Server versions the migrations target (config `lint.postgres` / `lint.mysql`). */
  versions?: TargetVersions;
  statuses?: ReadonlyMap<string, MigrationStatusLabel> | null;
  statusError?: string;
  pastRuns?: readonly PastRun[];
  /** Raw file texts by path; files not given are read from disk (for exact line numbers). */
  sources?: ReadonlyMap<string, string>;
  /** Which statements PostgreSQL's parser reads (see ParseMode); default `all`. */
  parse?: ParseMode;
  /**
   * `findings` (lint) skips building statements and object summaries, which are then empty:
   * on thousands of files that is most of the allocation. Default `full`.
   */
  detail?: 'full' | 'findings';
}

/** Assesses `files` (in the given order) and totals them. Never fails on unknown SQL. */
export async function assessMigrations(files: readonly MigrationFile[], context: AssessContext): Promise<PreviewResult> {
  const direction = context.direction ?? 'up';
  if (context.parse !== 'none' && (context.dialect === 'postgres' || context.dialect === 'generic')) await loadPostgresParser();
  const sources = new Map(context.sources ?? []);
  await Promise.all(
    files.filter((f) => !sources.has(f.path)).map(async (f) => sources.set(f.path, await readFile(f.path, 'utf8').catch(() => ''))),
  );
  const byFile = new Map<MigrationFile, MigrationAssessment>();
  walkWithCatalog(files, context, (migration, catalog) => {
    const { assessment, up } = assessOne(migration, sources.get(migration.path) || undefined, context, direction, catalog);
    byFile.set(migration, assessment);
    return up;
  });
  const migrations = files.map((f) => byFile.get(f)!);
  return {
    direction,
    dialect: context.dialect,
    statusKnown: Boolean(context.statuses),
    ...(context.statusError ? { statusError: context.statusError } : {}),
    migrations,
    totals: totalsOf(migrations, context.detail !== 'findings'),
  };
}

/**
 * Visits the targets in version order with the tables that exist before each. Without a
 * schema file nothing is known beyond each file itself, so no catalog is built.
 */
function walkWithCatalog(
  files: readonly MigrationFile[],
  context: AssessContext,
  visit: (m: MigrationFile, catalog: TableCatalog) => AnalyzedSection | null,
): void {
  const schemaKnown = typeof context.schemaSql === 'string';
  const catalog: TableCatalog = { schemaKnown, tables: new Set() };
  if (!schemaKnown) {
    for (const file of files) visit(file, catalog);
    return;
  }
  applyToCatalog(catalog, tableEffects(context.schemaSql!, context.dialect));
  const targets = new Set(files);
  const ordered = [...new Set([...(context.allMigrations ?? []), ...files])].sort((a, b) => compareFiles(a, b));
  for (const migration of ordered) {
    const up = targets.has(migration) ? visit(migration, catalog) : migration.up && tableEffects(migration.up.sql, context.dialect);
    if (up) applyToCatalog(catalog, up);
  }
}

function compareFiles(a: MigrationFile, b: MigrationFile): number {
  const x = a.version.replace(/^0+/, '');
  const y = b.version.replace(/^0+/, '');
  if (x.length !== y.length) return x.length - y.length;
  return x < y ? -1 : x > y ? 1 : a.file.localeCompare(b.file);
}

function assessOne(
  migration: MigrationFile,
  source: string | undefined,
  context: AssessContext,
  direction: Direction,
  catalog: TableCatalog,
): { assessment: MigrationAssessment; up: AnalyzedSection | null } {
  const options = { dialect: context.dialect, catalog, reportSyntaxErrors: context.dialect === 'postgres', parse: context.parse };
  const up = migration.up ? analyzeSection(migration.up, { ...options, direction: 'up', firstLine: migration.up.startLine }) : null;
  const down = migration.down
    ? analyzeSection(migration.down, {
        ...options,
        direction: 'down',
        catalog: withTablesOf(catalog, up),
        firstLine: migration.down.startLine,
      })
    : null;
  const run = direction === 'up' ? up : down;
  const { findings, suppressed, warnings } = evaluateRules(
    { migration, dialect: context.dialect, direction, up, down, run, versions: context.versions },
    source,
    context,
  );
  const full = context.detail !== 'findings';
  const statements = full ? (run?.statements ?? []).map(toPreviewStatement) : [];
  const objects = full ? summarizeObjects(statements) : emptyObjectSummary();
  const assessment: MigrationAssessment = {
    version: migration.version,
    name: migration.name,
    file: migration.file,
    path: migration.path,
    status: context.statuses?.get(migration.version) ?? 'unknown',
    direction,
    transaction: run?.transaction ?? true,
    dialect: run?.dialect ?? context.dialect,
    statements,
    objects,
    objectsLine: full ? formatObjectSummary(objects) : '',
    risk: highestLevel(findings.map((f) => f.level)),
    findings,
    suppressed,
    estimate: full ? estimateDuration(statements, context.pastRuns ?? [], migration.version) : null,
    problems: migration.problems,
    warnings,
  };
  return { assessment, up };
}

/** For the down section, the tables the up section created exist too (layered, not copied). */
function withTablesOf(catalog: TableCatalog, up: AnalyzedSection | null): TableCatalog {
  if (!catalog.schemaKnown || !up) return catalog;
  const created: TableCatalog = { schemaKnown: true, tables: new Set() };
  applyToCatalog(created, up);
  return { ...catalog, also: created.tables };
}

function toPreviewStatement(s: AnalyzedSection['statements'][number]): PreviewStatement {
  const statement: PreviewStatement = {
    index: s.index,
    line: s.line,
    endLine: s.endLine,
    kind: s.kind,
    summary: s.summary,
    sql: s.sql,
    parser: s.parser,
    changes: s.changes,
    data: s.data,
  };
  if (s.noTransaction) statement.noTransaction = s.noTransaction;
  if (s.parseError) statement.parseError = s.parseError;
  return statement;
}

function evaluateRules(
  ruleContext: RuleContext,
  source: string | undefined,
  context: Pick<AssessContext, 'ignore' | 'style'>,
): { findings: RiskFinding[]; suppressed: SuppressedFinding[]; warnings: string[] } {
  const { migration } = ruleContext;
  const configIgnore = context.ignore ?? [];
  const directiveText = source ?? [ruleContext.up, ruleContext.down].flatMap((s) => s?.comments ?? []).join('\n');
  const firstMarker = Math.min(migration.up?.markerLine ?? Infinity, migration.down?.markerLine ?? Infinity);
  // Without the file's text, comment positions are unknown: every directive then covers the file.
  const directives = ignoreDirectives(directiveText, source === undefined ? Infinity : firstMarker);
  const used = new Set<IgnoreDirective>();
  const findings: RiskFinding[] = [];
  const suppressed: SuppressedFinding[] = [];
  const dialect = ruleContext.run?.dialect ?? ruleContext.dialect;
  for (const rule of RISK_RULES) {
    if (rule.category === 'style' && !context.style) continue;
    if (rule.dialects !== 'all' && ruleContext.dialect !== 'generic' && !rule.dialects.includes(dialect)) continue;
    for (const hit of safeCheck(rule, ruleContext)) {
      const finding: RiskFinding = {
        rule: rule.id,
        level: rule.level,
        message: hit.message,
        fix: rule.fix,
        file: migration.file,
        path: migration.path,
        line: hit.line,
        ...(hit.column === undefined
          ? {}
          : { column: hit.column, endLine: hit.endLine ?? hit.line, endColumn: hit.endColumn ?? hit.column }),
        section: hit.section ?? 'file',
        ...(hit.statement === undefined ? {} : { statement: hit.statement }),
      };
      const directive = matchingDirective(directives.directives, rule.id, ruleContext, hit);
      if (directive) {
        used.add(directive);
        suppressed.push({ ...finding, suppressedBy: 'comment' });
      } else if (configIgnore.includes(rule.id)) suppressed.push({ ...finding, suppressedBy: 'config' });
      else findings.push(finding);
    }
  }
  findings.sort((a, b) => a.line - b.line || compareLevels(b.level, a.level) || (a.column ?? 0) - (b.column ?? 0));
  const warnings = directives.unknown.map((u) => `line ${u.line}: dbtk:ignore names an unknown rule "${u.id}"`);
  for (const d of directives.directives) {
    if (d.ids.length && !used.has(d)) warnings.push(`line ${d.line}: dbtk:ignore ${d.ids.join(',')} matched no finding (remove it)`);
  }
  return { findings, suppressed, warnings };
}

/**
 * The directive that silences a hit: one for the whole file, or one between the statement
 * before and the hit's statement. Findings about the file as a whole (no statement) are
 * silenced by any directive naming their rule.
 */
function matchingDirective(
  directives: readonly IgnoreDirective[],
  rule: string,
  ctx: RuleContext,
  hit: { section?: Direction; statement?: number },
): IgnoreDirective | undefined {
  const naming = directives.filter((d) => d.ids.includes(rule));
  if (!naming.length) return undefined;
  const section = hit.section === 'up' ? ctx.up : hit.section === 'down' ? ctx.down : null;
  const statement = hit.statement === undefined ? undefined : section?.statements[hit.statement];
  if (!section || !statement) return naming[0];
  const previousEnd = statement.index > 0 ? section.statements[statement.index - 1].endLine : section.markerLine;
  return naming.find((d) => d.fileWide || (d.line >= previousEnd && d.line < statement.line));
}

/** A rule that trips over odd input must not take the preview down with it. */
function safeCheck(rule: (typeof RISK_RULES)[number], context: RuleContext) {
  try {
    return rule.check(context);
  } catch {
    return [];
  }
}

function totalsOf(migrations: readonly MigrationAssessment[], full: boolean): PreviewTotals {
  const objects = full ? mergeObjectSummaries(migrations.map((m) => m.objects)) : emptyObjectSummary();
  const findings: Record<RiskLevel, number> = { high: 0, medium: 0, low: 0 };
  for (const m of migrations) for (const f of m.findings) findings[f.level]++;
  const estimates = migrations.map((m) => m.estimate);
  return {
    migrations: migrations.length,
    statements: migrations.reduce((n, m) => n + m.statements.length, 0),
    objects,
    objectsLine: full ? formatObjectSummary(objects) : '',
    risk: highestLevel(migrations.flatMap((m) => m.findings.map((f) => f.level))),
    findings,
    suppressed: migrations.reduce((n, m) => n + m.suppressed.length, 0),
    estimateMs: estimates.length && estimates.every(Boolean) ? estimates.reduce((n, e) => n + e!.ms, 0) : null,
  };
}
