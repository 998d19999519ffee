// `dbtk lint --fix`: mechanical fixes for findings whose safe form is certain, planned as new
// file contents (and new follow-up migrations) that the caller shows as a diff and writes only
// when asked. Never guesses: a statement that is not exactly the expected shape is left alone
// and its finding stays.
//
// - index-not-concurrent: CREATE INDEX CONCURRENTLY IF NOT EXISTS, section `transaction:false`
//   (only when the index is the section's one statement, as CONCURRENTLY needs).
// - drop-index-not-concurrent: DROP INDEX CONCURRENTLY IF EXISTS, likewise.
// - lock-timeout-missing: `SET LOCAL lock_timeout = '5s';` before the section's first statement.
// - constraint-not-valid: NOT VALID, plus a follow-up migration that runs VALIDATE CONSTRAINT.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Dialect } from '../shared/dialect.js';
import { MIGRATION_FILE_PATTERN } from '../dbmate/file-name.js';
import { parseMigrationContent } from '../migrations/file.js';
import { analyzeSection, type AnalyzedSection, type AnalyzedStatement } from './analyze.js';
import type { RiskFinding } from './assess.js';
import type { LintResult } from './lint.js';
import { loadPostgresParser } from './pg-parser.js';
import type { RuleId } from './rules.js';

/** The rules `--fix` knows how to fix. */
const FIXABLE_RULES: readonly RuleId[] = [
  'index-not-concurrent',
  'drop-index-not-concurrent',
  'lock-timeout-missing',
  'constraint-not-valid',
];

const LOCK_TIMEOUT_PREAMBLE = "SET LOCAL lock_timeout = '5s';";

interface FileFix {
  path: string;
  before: string;
  after: string;
  /** A follow-up migration the fix creates (never an existing file). */
  created: boolean;
  /** One line per fix made, for people. */
  fixes: string[];
}

export interface FixPlan {
  files: FileFix[];
  /** Fixable findings left as they were, and why. */
  skipped: { finding: RiskFinding; reason: string }[];
}

interface Edit {
  at: number;
  insert: string;
}

interface FixContext {
  source: string;
  sectionStart: number;
  section: AnalyzedSection;
  statement: AnalyzedStatement;
  edits: Edit[];
  markers: Set<number>;
}

function wordToken(statement: AnalyzedStatement, word: string) {
  return statement.tokens.find((t) => t.type === 'word' && t.value === word);
}

const hasWords = (statement: AnalyzedStatement, ...words: string[]) => words.every((w) => wordToken(statement, w));

type Fixer = (ctx: FixContext, finding: RiskFinding) => string | { skip: string };

/** CREATE/DROP INDEX → … CONCURRENTLY IF [NOT] EXISTS, alone in a `transaction:false` section. */
function concurrently(ctx: FixContext, create: boolean): string | { skip: string } {
  const { section, statement } = ctx;
  if (section.statements.length !== 1)
    return { skip: 'CONCURRENTLY needs the statement alone in its section: move it to a migration of its own' };
  const index = wordToken(statement, 'INDEX');
  if (!index) return { skip: 'statement not understood' };
  const dropped = statement.changes.filter((c) => c.object === 'index' && c.action === 'drop');
  if (!create && dropped.length !== 1) return { skip: 'DROP INDEX CONCURRENTLY drops one index at a time' };
  const named = create ? Boolean(statement.changes[0]?.name) : true;
  const guard = !named || hasWords(statement, 'IF', 'EXISTS') ? '' : create ? ' IF NOT EXISTS' : ' IF EXISTS';
  ctx.edits.push({ at: ctx.sectionStart + index.end, insert: ` CONCURRENTLY${guard}` });
  ctx.markers.add(section.markerLine);
  return `${create ? 'CREATE' : 'DROP'} INDEX CONCURRENTLY${guard} in a transaction:false section (line ${statement.line})`;
}

const FIXERS: Partial<Record<RuleId, Fixer>> = {
  'index-not-concurrent': (ctx) => concurrently(ctx, true),
  'drop-index-not-concurrent': (ctx) => concurrently(ctx, false),
  'lock-timeout-missing': (ctx) => {
    if (!ctx.section.transaction || ctx.markers.has(ctx.section.markerLine))
      return { skip: 'the section runs without a transaction: add SET lock_timeout yourself' };
    const lineStart = ctx.source.lastIndexOf('\n', ctx.sectionStart + ctx.statement.start - 1) + 1;
    const indent = ctx.source.slice(lineStart, ctx.sectionStart + ctx.statement.start);
    ctx.edits.push({ at: lineStart, insert: `${/^\s*$/.test(indent) ? indent : ''}${LOCK_TIMEOUT_PREAMBLE}\n` });
    return `${LOCK_TIMEOUT_PREAMBLE} before line ${ctx.statement.line}`;
  },
  'constraint-not-valid': (ctx) => {
    const [change, ...others] = ctx.statement.changes;
    if (!change || others.length || change.object !== 'constraint' || !change.name || !change.table)
      return { skip: 'only a single named ADD CONSTRAINT is fixed' };
    ctx.edits.push({ at: ctx.sectionStart + ctx.statement.end, insert: ' NOT VALID' });
    return `NOT VALID on ${change.name} (line ${ctx.statement.line})`;
  },
};

/** Offset in the file where the section's (trimmed) SQL starts. */
function sectionOffset(source: string, startLine: number, startColumn: number): number {
  let offset = 0;
  for (let line = 1; line < startLine; line++) offset = source.indexOf('\n', offset) + 1;
  return offset + startColumn - 1;
}

function applyEdits(source: string, edits: readonly Edit[]): string {
  let out = source;
  for (const edit of [...edits].sort((a, b) => b.at - a.at)) out = out.slice(0, edit.at) + edit.insert + out.slice(edit.at);
  return out;
}

function withTransactionFalse(source: string, markerLines: ReadonlySet<number>): string {
  const lines = source.split('\n');
  for (const line of markerLines) {
    if (!/\btransaction:false\b/.test(lines[line - 1]))
      lines[line - 1] = lines[line - 1].replace(/\btransaction:\S*/, '').trimEnd() + ' transaction:false';
  }
  return lines.join('\n');
}

/** The next free version after `version` (same width), for a follow-up migration. */
function nextVersion(version: string, taken: ReadonlySet<string>): string {
  let next = BigInt(version);
  let text: string;
  do {
    next += 1n;
    text = next.toString().padStart(version.length, '0');
  } while (taken.has(text));
  return text;
}

function validateMigration(table: string, constraint: string): string {
  return [
    '-- dbtk:ignore-file missing-down validating a constraint changes no schema, so there is nothing to undo',
    '-- migrate:up',
    `-- Checks the rows ${constraint} was added NOT VALID against, holding only a light lock.`,
    LOCK_TIMEOUT_PREAMBLE,
    `ALTER TABLE ${table} VALIDATE CONSTRAINT ${constraint};`,
    '',
    '-- migrate:down',
    '',
  ].join('\n');
}

export interface PlanFixOptions {
  dialect: Dialect;
  /** Versions already used by migration files (follow-ups never reuse one). */
  takenVersions: ReadonlySet<string>;
}

/** Plans the fixes for the fixable findings of a lint result; reads the files, writes nothing. */
export async function planLintFixes(result: LintResult, options: PlanFixOptions): Promise<FixPlan> {
  const plan: FixPlan = { files: [], skipped: [] };
  const taken = new Set(options.takenVersions);
  // Every version in the folders of the files, linted or not: a follow-up must not share one.
  for (const dir of new Set(result.files.map((f) => path.dirname(f.path)))) {
    let names: string[] = [];
    try {
      names = readdirSync(dir);
    } catch {
      // A folder that went away holds no versions.
    }
    for (const name of names) {
      const version = MIGRATION_FILE_PATTERN.exec(name)?.[1];
      if (version) taken.add(version);
    }
  }
  if (options.dialect === 'postgres') await loadPostgresParser();
  for (const file of result.files) {
    const fixable = file.findings.filter((f) => FIXABLE_RULES.includes(f.rule) && f.section === 'up' && f.statement !== undefined);
    if (!fixable.length) continue;
    const source = readFileSync(file.path, 'utf8');
    if (source.includes('\r')) {
      for (const finding of fixable) plan.skipped.push({ finding, reason: 'the file has Windows line endings' });
      continue;
    }
    const migration = parseMigrationContent(path.basename(file.path), file.path, Buffer.from(source));
    if (!migration.up) continue;
    const section = analyzeSection(migration.up, {
      dialect: options.dialect,
      direction: 'up',
      catalog: { schemaKnown: false, tables: new Set() },
    });
    const sectionStart = sectionOffset(source, migration.up.startLine, migration.up.startColumn ?? 1);
    const edits: Edit[] = [];
    const markers = new Set<number>();
    const fixes: string[] = [];
    const followUps: FileFix[] = [];
    for (const finding of fixable) {
      const statement = section.statements[finding.statement!];
      if (!statement) continue;
      const outcome = FIXERS[finding.rule]!({ source, sectionStart, section, statement, edits, markers }, finding);
      if (typeof outcome !== 'string') {
        plan.skipped.push({ finding, reason: outcome.skip });
        continue;
      }
      fixes.push(outcome);
      if (finding.rule === 'constraint-not-valid') {
        const change = statement.changes[0];
        const version = nextVersion(file.version, taken);
        taken.add(version);
        const target = path.join(path.dirname(file.path), `${version}_validate_${change.name.replace(/[^A-Za-z0-9_]/g, '_')}.sql`);
        if (existsSync(target)) continue;
        followUps.push({
          path: target,
          before: '',
          after: validateMigration(change.table!, change.name),
          created: true,
          fixes: [`VALIDATE CONSTRAINT ${change.name}`],
        });
      }
    }
    if (!fixes.length) continue;
    plan.files.push({
      path: file.path,
      before: source,
      after: withTransactionFalse(applyEdits(source, edits), markers),
      created: false,
      fixes,
    });
    plan.files.push(...followUps);
  }
  return plan;
}
