// `dbtk preview [VERSION|pending] [--down] [--json] [--sql]`: what migrating (or rolling
// back) would run — statements, affected objects, risk with reasons, estimated time.
// Changes nothing; works on the files alone when the database is unreachable.

import type { Command } from 'commander';
import { dialectLabel } from '../../core/shared/dialect.js';
import { formatDurationMs } from '../../core/shared/duration.js';
import { previewProject, type MigrationAssessment, type PreviewResult } from '../../core/project/preview.js';
import type { DurationEstimate } from '../../core/sql/estimate.js';
import type { Project } from '../../core/project/project.js';
import type { DownDrops } from '../../core/runs/down-drops.js';
import { openProjectFromCli } from '../context.js';
import { printDrops } from '../dry-run-printer.js';
import { EXIT, runAction, style, writeJson, writeLine } from '../output.js';
import { findingLines, levelCounts, levelLabel, plural } from '../risk-format.js';

const SQL_PREVIEW_WIDTH = 100;

function estimateText(estimate: DurationEstimate | null): string {
  if (!estimate) return 'no estimate (never run before)';
  const basis =
    estimate.basis === 'this-migration'
      ? `median of ${plural(estimate.samples, 'past run')}`
      : `from ${plural(estimate.samples, 'run')} of similar statements`;
  return `~${formatDurationMs(estimate.ms)} (${basis})`;
}

function firstLine(sql: string): string {
  const line = sql.split('\n')[0];
  const more = line.length > SQL_PREVIEW_WIDTH || sql.includes('\n');
  return `${line.slice(0, SQL_PREVIEW_WIDTH)}${more ? ' …' : ''}`;
}

function printMigration(m: MigrationAssessment, showSql: boolean): void {
  const transaction = m.transaction ? 'in a transaction' : 'no transaction (transaction:false)';
  writeLine(`${style.bold(m.file)}  ${m.status} · ${m.direction} · ${transaction} · ${estimateText(m.estimate)}`);
  writeLine(`  Objects: ${m.objectsLine}`);
  writeLine(`  Statements (${m.statements.length}):`);
  for (const s of m.statements) {
    writeLine(`    ${String(s.index + 1).padStart(3)}. line ${String(s.line).padEnd(5)} ${s.summary}`);
    if (showSql) for (const line of s.sql.split('\n')) writeLine(style.dim(`          ${line}`));
    else writeLine(style.dim(`          ${firstLine(s.sql)}`));
  }
  if (!m.statements.length) writeLine(style.dim(`    (the ${m.direction} section runs nothing)`));
  for (const problem of m.problems)
    writeLine(`  ${problem.severity === 'error' ? style.red('Problem') : style.yellow('Warning')}: ${problem.message}`);
  writeLine(`  Risk: ${levelLabel(m.risk)}`);
  for (const finding of m.findings) for (const line of findingLines(finding, '    ')) writeLine(line);
  for (const s of m.suppressed)
    writeLine(
      style.dim(
        `    suppressed ${s.rule} (line ${s.line}, by ${s.suppressedBy === 'comment' ? 'a dbtk:ignore comment' : 'the project config'})`,
      ),
    );
  for (const warning of m.warnings) writeLine(style.yellow(`  Warning: ${warning}`));
  writeLine();
}

function printPreview(result: PreviewResult & { note?: string }, showSql: boolean): void {
  const what = result.direction === 'up' ? 'up (migrate)' : 'down (rollback)';
  writeLine(style.bold(`Preview: ${plural(result.migrations.length, 'migration')}, ${what} · ${dialectLabel(result.dialect)}`));
  if (!result.statusKnown) writeLine(style.yellow(`Status unknown: ${result.statusError ?? 'the database could not be reached'}`));
  if (result.note) writeLine(style.yellow(result.note));
  writeLine();
  if (!result.migrations.length) {
    writeLine(style.green('Nothing to preview: no pending migrations.'));
    return;
  }
  for (const m of result.migrations) printMigration(m, showSql);
  const t = result.totals;
  const findings = levelCounts(t.findings);
  const estimate = t.estimateMs === null ? '' : ` · estimated ~${formatDurationMs(t.estimateMs)}`;
  writeLine(`Total: ${plural(t.migrations, 'migration')}, ${plural(t.statements, 'statement')} · ${t.objectsLine}${estimate}`);
  writeLine(
    `Risk: ${levelLabel(t.risk)}${findings ? ` (${findings})` : ''}${t.suppressed ? style.dim(` · ${t.suppressed} suppressed`) : ''}`,
  );
}

/** For `--down` without a target: what the rollback `dbtk down` would run drops, with live row counts (undefined when the database cannot say). */
async function rollbackDrops(project: Project): Promise<DownDrops | undefined> {
  try {
    return await project.previewDrops(await project.planDown({ steps: 1 }));
  } catch {
    return undefined; // the preview works on the files alone when the database is unreachable
  }
}

export function register(program: Command): void {
  program
    .command('preview')
    .description('show what would run: statements, affected objects, risk and estimated time (changes nothing)')
    .argument('[target]', 'a version or file name, or `pending` (default: pending; with --down, the migration a rollback would undo)')
    .option('--down', 'preview the down (rollback) section instead')
    .option('--sql', 'print each statement in full')
    .option('--json', 'print JSON')
    .action(
      runAction(async (target: string | undefined, opts: { down?: boolean; sql?: boolean; json?: boolean }, command: Command) => {
        const project = await openProjectFromCli(command);
        const result = await previewProject(project, { target, down: opts.down });
        const drops = opts.down && target === undefined ? await rollbackDrops(project) : undefined;
        if (opts.json)
          writeJson({ ok: true, connection: project.config.connectionName, ...result, ...(drops ? { drops: drops.steps } : {}) });
        else {
          printPreview(result, Boolean(opts.sql));
          if (drops?.steps.some((s) => s.drops.length || s.emptyDown)) {
            writeLine();
            writeLine(style.bold('What the rollback deletes (live row counts):'));
            printDrops(drops);
          }
        }
        return EXIT.OK;
      }),
    );
}
