// `dbtk stats`: migration analytics from dbtk's history — totals, success rate, timings,
// slowest, outliers, suggestions, per-week figures, per-connection comparison — as text or
// JSON, or a shareable self-contained report (`--html FILE`, `--md FILE`). Reads history and
// the migration files; asks the database only for what is pending (and goes on without it).

import path from 'node:path';
import type { Command } from 'commander';
import { describeOutlier, formatMs, migrationLabel, OUTLIER_RULE, shortWeek } from '../../core/analytics/describe.js';
import { writeStatsReport } from '../../core/analytics/report.js';
import { collectStats } from '../../core/analytics/stats.js';
import { bar, percent, shareBar, shareLegend, sparkline } from '../../core/analytics/text-charts.js';
import type { MigrationStats } from '../../core/analytics/types.js';
import { parseHistoryDate } from '../../core/history/query.js';
import { DbtkError } from '../../core/shared/errors.js';
import { terminalName, terminalText } from '../../core/shared/terminal-text.js';
import { globalOptions, openProjectFromCli } from '../context.js';
import { EXIT, runAction, style, writeError, writeJson, writeLine } from '../output.js';

interface StatsFlags {
  json?: boolean;
  since?: string;
  allConnections?: boolean;
  top?: string;
  html?: string;
  md?: string;
  force?: boolean;
}

function parseTop(value: string | undefined): number {
  if (value === undefined) return 10;
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1 || Number(value) > 1000) {
    throw new DbtkError('usage', `--top must be a whole number from 1 to 1000 (got "${value}").`);
  }
  return Number(value);
}

const heading = (text: string) => writeLine(style.bold(text));

function printStats(stats: MigrationStats): void {
  const { totals, timing } = stats;
  const scope = stats.database ?? 'every database and connection';
  heading(`Migration analytics · ${terminalName(scope)}${stats.since ? ` · since ${stats.since}` : ''}`);
  writeLine(
    `  Runs ${totals.runs} (${totals.applies} applies, ${totals.rollbacks} rollbacks) · success ${percent(totals.successRate)} · ` +
      `${totals.failed ? style.red(`✖ ${totals.failed} failed`) : '0 failed'} · ${totals.migrations} migrations run · ` +
      `pending ${totals.pending ?? 'unknown'}`,
  );
  writeLine(
    timing
      ? `  Time   average ${formatMs(timing.averageMs)} · median ${formatMs(timing.medianMs)} · p95 ${formatMs(timing.p95Ms)} · slowest ${formatMs(timing.maxMs)} (${timing.timed} timed applies)`
      : '  Time   no timed applies yet',
  );
  const runParts = [
    { label: 'succeeded', value: stats.statuses.runs.success },
    { label: 'failed', value: stats.statuses.runs.failed },
  ];
  if (totals.runs) writeLine(`  Status ${shareBar(runParts, 30)}  ${shareLegend(runParts)}`);
  const weeks = stats.weeks.slice(-12);
  if (weeks.length) {
    writeLine();
    heading('Per week (newest last)');
    const maxRuns = Math.max(1, ...weeks.map((w) => w.runs));
    for (const w of weeks) {
      const rate = w.runs ? percent(w.succeeded / w.runs) : '—';
      writeLine(
        `  ${w.week}  ${bar(w.runs, maxRuns, 16)} ${String(w.runs).padStart(4)} runs ${String(w.migrations).padStart(4)} migrations ${
          w.failed ? style.red(`✖ ${w.failed} failed`) : '0 failed'
        }  ${rate.padStart(4)} ok  median ${formatMs(w.medianMs)}`,
      );
    }
    writeLine(
      `  Median time trend ${sparkline(weeks.map((w) => w.medianMs))}  (${shortWeek(weeks[0].week)} → ${shortWeek(weeks[weeks.length - 1].week)})`,
    );
  }
  const section = (title: string, lines: string[]) => {
    if (!lines.length) return;
    writeLine();
    heading(title);
    for (const l of lines) writeLine(`  ${l}`);
  };
  section(
    'Slowest migrations',
    stats.slowest.map(
      (s) =>
        `${formatMs(s.maxMs).padStart(8)}  ${terminalName(migrationLabel(s.version, s.name))}  (median ${formatMs(s.medianMs)}, ${s.runs} run${s.runs === 1 ? '' : 's'})`,
    ),
  );
  section(
    'Outliers',
    stats.outliers.map(
      (o) =>
        `${formatMs(o.run.durationMs).padStart(8)}  ${terminalName(migrationLabel(o.run.version, o.run.name))} on ${terminalName(o.run.connection)}: ${describeOutlier(o)}`,
    ),
  );
  section(
    'Suggestions',
    stats.suggestions.flatMap((s) => [
      `${style.yellow('▲')} ${terminalName(migrationLabel(s.version, s.name))} took ${formatMs(s.durationMs)} · ${s.rule}: ${terminalName(s.evidence)}`,
      `  ${style.dim(s.fix)}`,
    ]),
  );
  section(
    'Same migration on each connection',
    stats.comparison.map(
      (c) =>
        `${terminalName(migrationLabel(c.version, c.name))}: ${c.times.map((t) => `${terminalName(t.connection)} ${formatMs(t.medianMs)}`).join(' · ')}${
          Number.isFinite(c.spread) ? ` (${c.spread.toFixed(1)}×)` : ''
        }`,
    ),
  );
  section(
    'Failures by error kind',
    stats.failures.map((f) => `${String(f.count).padStart(4)}  ${f.kind}${f.lastVersion ? ` (last: ${terminalName(f.lastVersion)})` : ''}`),
  );
  if (stats.rollbacks.count) {
    section('Rollbacks', [
      `${stats.rollbacks.count} rollbacks, ${stats.rollbacks.failed} failed` +
        (stats.rollbacks.mostRolledBack.length
          ? ` · most: ${stats.rollbacks.mostRolledBack
              .slice(0, 3)
              .map((r) => `${terminalName(migrationLabel(r.version, r.name))} ×${r.count}`)
              .join(', ')}`
          : ''),
    ]);
  }
  section(
    'Most recent',
    stats.recent.map(
      (r) =>
        `${r.startedAt.slice(0, 19).replace('T', ' ')}  ${r.action.padEnd(4)} ${r.status === 'success' ? style.green('✔') : style.red('✖')} ${terminalName(
          migrationLabel(r.version, r.name),
        )}  ${formatMs(r.durationMs)}`,
    ),
  );
  writeLine();
  writeLine(style.dim(`Outliers: ${OUTLIER_RULE}`));
  if (totals.runs === 0) writeLine(style.dim('No runs recorded yet: dbtk records every up and rollback it runs in its history.'));
}

export function register(program: Command): void {
  program
    .command('stats')
    .description('migration analytics from history: success rate, timings, slowest, outliers, suggestions; --html/--md for a report')
    .option('--json', 'print JSON')
    .option('--since <date>', 'only runs started at or after: 2024-06-01, 2024-06-01T14:30, or 30m, 12h, 7d, 2w ago')
    .option('--all-connections', "every database of this folder and every named connection (compares each migration's time across them)")
    .option('--top <n>', 'how many slowest migrations to list (default 10)')
    .option('--html <file>', 'write a self-contained HTML report (inline SVG charts, nothing fetched)')
    .option('--md <file>', 'write a Markdown report')
    .option('--force', 'replace the report file if it exists')
    .action(
      runAction(async (flags: StatsFlags, command: Command) => {
        if (flags.html !== undefined && flags.md !== undefined)
          throw new DbtkError('usage', 'Use either --html FILE or --md FILE, not both.');
        if (flags.allConnections && globalOptions(command).connection !== undefined) {
          throw new DbtkError('usage', 'Use either --connection NAME or --all-connections, not both.', {
            hint: '--all-connections already includes every named connection.',
          });
        }
        const top = parseTop(flags.top);
        const since = flags.since === undefined ? undefined : parseHistoryDate(flags.since, '--since');
        const project = await openProjectFromCli(command);
        const stats = await collectStats(project, { since, allConnections: flags.allConnections, top });
        const report = flags.html ?? flags.md;
        if (report !== undefined) {
          const file = path.resolve(report);
          await writeStatsReport(stats, file, flags.html !== undefined ? 'html' : 'md', { overwrite: flags.force });
          if (flags.json) writeJson({ ok: true, path: file, stats });
          else {
            const shown = path.relative(process.cwd(), file);
            writeLine(`${style.green('Wrote')} ${terminalName(shown.startsWith('..') ? file : shown)}`);
          }
          return EXIT.OK;
        }
        if (flags.json) {
          writeJson({ ok: true, ...stats });
          return EXIT.OK;
        }
        for (const warning of stats.warnings) writeError(`${style.yellow('Warning:')} ${terminalText(warning)}`);
        printStats(stats);
        return EXIT.OK;
      }),
    );
}
