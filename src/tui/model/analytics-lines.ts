// The Analytics screen as lines: totals, a status share bar, per-week bars with success rate
// and median time, sparklines of the trends, then the slowest, outliers, suggestions, failures,
// per-connection times and the newest runs. Charts are text (core/analytics/text-charts.ts):
// glyphs and figures carry the meaning, so they read in 16 colours and with NO_COLOR.

import { describeOutlier, formatMs, migrationLabel, shortWeek } from '../../core/analytics/describe.js';
import { bar, percent, shareBar, shareLegend, sparkline } from '../../core/analytics/text-charts.js';
import type { MigrationStats } from '../../core/analytics/types.js';
import { terminalName } from '../../core/shared/terminal-text.js';
import { line, type Line } from './lines.js';

/** Weeks the screen charts (the newest). */
const SCREEN_WEEKS = 8;
const LIST = 5;

export function analyticsLines(stats: MigrationStats, width: number): Line[] {
  const { totals, timing } = stats;
  const out: Line[] = [];
  const section = (title: string, rows: Line[]) => {
    if (!rows.length) return;
    out.push(line(''), line(title, 'heading'), ...rows);
  };
  out.push(
    line(
      `Runs ${totals.runs} · ✔ ${totals.succeeded} succeeded · ✖ ${totals.failed} failed · success ${percent(totals.successRate)} · pending ${totals.pending ?? '?'}`,
      totals.failed ? 'warning' : 'plain',
    ),
    line(
      timing
        ? `Time average ${formatMs(timing.averageMs)} · median ${formatMs(timing.medianMs)} · p95 ${formatMs(timing.p95Ms)} · ${timing.timed} timed applies`
        : 'Time: no timed applies yet',
    ),
  );
  const runParts = [
    { label: 'succeeded', value: totals.succeeded },
    { label: 'failed', value: totals.failed },
  ];
  if (totals.runs) out.push(line(`Status ${shareBar(runParts, Math.max(10, Math.min(24, width - 50)))} ${shareLegend(runParts)}`));
  if (totals.rollbacks) out.push(line(`Rollbacks ${totals.rollbacks} (${stats.rollbacks.failed} failed)`, 'dim'));
  const weeks = stats.weeks.slice(-SCREEN_WEEKS);
  if (weeks.length) {
    const barWidth = Math.max(6, Math.min(20, width - 46));
    const maxRuns = Math.max(1, ...weeks.map((w) => w.runs));
    section('Per week (runs, success rate, median time)', [
      ...weeks.map((w) =>
        line(
          `${shortWeek(w.week)} ${bar(w.runs, maxRuns, barWidth)} ${String(w.runs).padStart(4)} runs ${percent(w.runs ? w.succeeded / w.runs : null).padStart(4)} ok ${formatMs(w.medianMs).padStart(7)}${w.failed ? `  ✖ ${w.failed}` : ''}`,
          w.failed ? 'warning' : 'plain',
        ),
      ),
      line(
        `Trends  runs ${sparkline(weeks.map((w) => w.runs))}  success ${sparkline(weeks.map((w) => (w.runs ? w.succeeded / w.runs : null)))}  time ${sparkline(weeks.map((w) => w.medianMs))}`,
        'dim',
      ),
    ]);
  }
  const name = (version: string, migration: string | null) => terminalName(migrationLabel(version, migration));
  section(
    'Slowest migrations',
    stats.slowest
      .slice(0, LIST)
      .map((s) =>
        line(
          `${formatMs(s.maxMs).padStart(8)}  ${name(s.version, s.name)}  median ${formatMs(s.medianMs)} · ${s.runs} run${s.runs === 1 ? '' : 's'}`,
        ),
      ),
  );
  section(
    'Outliers',
    stats.outliers
      .slice(0, LIST)
      .map((o) => line(`${formatMs(o.run.durationMs).padStart(8)}  ${name(o.run.version, o.run.name)}: ${describeOutlier(o)}`, 'warning')),
  );
  section(
    'Suggestions',
    stats.suggestions
      .slice(0, LIST)
      .flatMap((s) => [
        line(`▲ ${name(s.version, s.name)} took ${formatMs(s.durationMs)} · ${s.rule}: ${terminalName(s.evidence)}`, 'warning'),
        line(`  ${s.fix}`, 'dim'),
      ]),
  );
  section(
    'Failures by error kind',
    stats.failures
      .slice(0, LIST)
      .map((f) =>
        line(`${String(f.count).padStart(4)} ✖ ${f.kind}${f.lastVersion ? ` (last ${terminalName(f.lastVersion)})` : ''}`, 'error'),
      ),
  );
  section(
    'Same migration on each connection',
    stats.comparison
      .slice(0, LIST)
      .map((c) =>
        line(`${name(c.version, c.name)}: ${c.times.map((t) => `${terminalName(t.connection)} ${formatMs(t.medianMs)}`).join(' · ')}`),
      ),
  );
  section(
    'Most recent',
    stats.recent
      .slice(0, LIST)
      .map((r) =>
        line(
          `${r.startedAt.slice(0, 16).replace('T', ' ')} ${r.action.padEnd(4)} ${r.status === 'success' ? '✔' : '✖'} ${name(r.version, r.name)} ${formatMs(r.durationMs)}`,
          r.status === 'success' ? 'plain' : 'error',
        ),
      ),
  );
  if (totals.runs === 0) out.push(line(''), line('No runs recorded yet: dbtk records every up and rollback it runs.', 'dim'));
  for (const warning of stats.warnings.slice(0, 2)) out.push(line(`⚠ ${warning}`, 'warning'));
  out.push(line(''), line('dbtk stats --html FILE writes this as a report to share.', 'dim'));
  return out;
}
