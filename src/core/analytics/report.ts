// The shareable analytics report: one self-contained HTML file (inline CSS and SVG, no script,
// nothing fetched) or a Markdown file (tables and text charts), with the same figures as
// `dbtk stats`. Written with temp+rename, and never over an existing file unless asked.

import { existsSync } from 'node:fs';
import { DbtkError } from '../shared/errors.js';
import { writeFileAtomic } from '../shared/atomic-write.js';
import { redactText } from '../shared/redact.js';
import { describeOutlier, formatMs, migrationLabel, OUTLIER_RULE, shortWeek } from './describe.js';
import { escapeXml as esc, SVG_DEFS, svgBars, svgLine, svgShare } from './svg.js';
import { bar, percent, shareBar, shareLegend, sparkline } from './text-charts.js';
import type { MigrationStats } from './types.js';

export type ReportFormat = 'html' | 'md';

/** The weeks the charts show: the newest 26. */
const CHART_WEEKS = 26;

function title(stats: MigrationStats): string {
  return `dbtk migration analytics · ${stats.database ?? stats.connection}`;
}

function scopeLine(stats: MigrationStats): string {
  const parts = [`Generated ${stats.generatedAt}`, `connection ${stats.connection}`];
  if (stats.database) parts.push(`database ${stats.database}`);
  else parts.push('every database and connection read');
  if (stats.since) parts.push(`since ${stats.since}`);
  return parts.join(' · ');
}

function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  if (rows.length === 0) return '<p class="none">None.</p>';
  return `<table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

const CSS = `body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem auto;max-width:980px;padding:0 1rem;color:#1d2330}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #d8dde6;padding-bottom:.2rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{text-align:left;padding:.25rem .5rem;border-bottom:1px solid #eef0f4;vertical-align:top}
th{background:#f5f7fa}.kpis{display:flex;flex-wrap:wrap;gap:.75rem}.kpi{border:1px solid #d8dde6;border-radius:6px;padding:.5rem .8rem;min-width:8rem}
.kpi b{display:block;font-size:1.3rem}.muted,.none{color:#5b6475}svg{max-width:100%;height:auto;display:block;margin:.5rem 0}
svg .bar{fill:#2e7d4f}svg .extra{fill:url(#hatch)}svg .failed{fill:url(#hatch)}svg .ok{fill:#2e7d4f}svg .other{fill:#9aa5b5}
svg .axis{stroke:#9aa5b5}svg .line{fill:none;stroke:#2357a6;stroke-width:2}svg .dot{fill:#2357a6}
svg text{font:11px system-ui,sans-serif;fill:#1d2330;text-anchor:middle}svg .legend{text-anchor:start}`;

function kpis(stats: MigrationStats): string {
  const { totals, timing } = stats;
  const items: [string, string][] = [
    ['Runs', String(totals.runs)],
    ['Success rate', percent(totals.successRate)],
    ['Failed', String(totals.failed)],
    ['Rollbacks', String(totals.rollbacks)],
    ['Migrations run', String(totals.migrations)],
    ['Pending', totals.pending === null ? 'unknown' : String(totals.pending)],
    ['Average', formatMs(timing?.averageMs)],
    ['Median', formatMs(timing?.medianMs)],
    ['p95', formatMs(timing?.p95Ms)],
  ];
  return `<div class="kpis">${items.map(([k, v]) => `<div class="kpi">${esc(k)}<b>${esc(v)}</b></div>`).join('')}</div>`;
}

type TableData = [head: string[], rows: string[][]];

/** The tables both reports show: headings and rows of plain text (each format escapes its own). */
function reportTables(stats: MigrationStats): Record<'slowest' | 'outliers' | 'suggestions' | 'failures' | 'recent', TableData> {
  return {
    slowest: [
      ['Migration', 'Slowest apply', 'Median', 'Runs', 'When', 'Connection'],
      stats.slowest.map((s) => [
        migrationLabel(s.version, s.name),
        formatMs(s.maxMs),
        formatMs(s.medianMs),
        String(s.runs),
        s.startedAt,
        s.connection,
      ]),
    ],
    outliers: [
      ['Migration', 'Time', 'Compared with', 'When', 'Connection'],
      stats.outliers.map((o) => [
        migrationLabel(o.run.version, o.run.name),
        formatMs(o.run.durationMs),
        describeOutlier(o),
        o.run.startedAt,
        o.run.connection,
      ]),
    ],
    suggestions: [
      ['Migration', 'Time', 'Rule', 'Evidence', 'Suggestion'],
      stats.suggestions.map((s) => [migrationLabel(s.version, s.name), formatMs(s.durationMs), s.rule, s.evidence, s.fix]),
    ],
    failures: [
      ['Kind', 'Count', 'Last migration', 'Last at'],
      stats.failures.map((f) => [f.kind, String(f.count), f.lastVersion ?? '—', f.lastAt]),
    ],
    recent: [
      ['When', 'Action', 'Migration', 'Result', 'Time', 'Connection'],
      stats.recent.map((r) => [
        r.startedAt,
        r.action,
        migrationLabel(r.version, r.name),
        r.status === 'success' ? '✔ success' : `✖ failed (${r.errorKind ?? 'unknown'})`,
        formatMs(r.durationMs),
        r.connection,
      ]),
    ],
  };
}

export function renderHtmlReport(stats: MigrationStats): string {
  const weeks = stats.weeks.slice(-CHART_WEEKS);
  const tables = reportTables(stats);
  const sections = [
    SVG_DEFS,
    `<h1>${esc(title(stats))}</h1><p class="muted">${esc(scopeLine(stats))}</p>`,
    kpis(stats),
    '<h2>Runs per week</h2><p class="muted">Successful runs as solid bars, failed runs hatched on top.</p>',
    svgBars(
      'Runs per week',
      weeks.map((w) => ({ label: shortWeek(w.week), value: w.succeeded, extra: w.failed, text: String(w.runs) })),
      { extraLabel: 'failed' },
    ),
    '<h2>Success rate per week</h2>',
    svgLine(
      'Success rate per week',
      weeks.map((w) => ({
        label: shortWeek(w.week),
        value: w.runs ? (w.succeeded / w.runs) * 100 : null,
        text: w.runs ? percent(w.succeeded / w.runs) : '—',
      })),
      100,
    ),
    '<h2>Execution time per week (median of successful applies)</h2>',
    svgLine(
      'Median execution time per week',
      weeks.map((w) => ({ label: shortWeek(w.week), value: w.medianMs, text: formatMs(w.medianMs) })),
    ),
    '<h2>Migrations applied per week</h2>',
    svgBars(
      'Migrations applied per week',
      weeks.map((w) => ({ label: shortWeek(w.week), value: w.migrations })),
    ),
    '<h2>Status distribution</h2>',
    svgShare('Run outcomes', [
      { label: 'succeeded', value: stats.statuses.runs.success, className: 'ok' },
      { label: 'failed', value: stats.statuses.runs.failed, className: 'failed' },
    ]),
    stats.statuses.migrations
      ? svgShare('Migrations now', [
          { label: 'applied', value: stats.statuses.migrations.applied, className: 'ok' },
          { label: 'pending', value: stats.statuses.migrations.pending, className: 'other' },
          { label: 'last run failed', value: stats.statuses.migrations.failedLastRun, className: 'failed' },
        ])
      : '<p class="none">Migration status unknown (the database could not be asked).</p>',
    '<h2>Slowest migrations</h2>',
    table(...tables.slowest),
    '<h2>Outliers</h2>',
    `<p class="muted">${esc(OUTLIER_RULE)}</p>`,
    table(...tables.outliers),
    '<h2>Optimisation suggestions</h2>',
    table(...tables.suggestions),
    '<h2>Same migration on each connection</h2>',
    table(
      ['Migration', 'Median per connection', 'Slowest / fastest'],
      stats.comparison.map((c) => [
        migrationLabel(c.version, c.name),
        c.times.map((t) => `${t.connection}: ${formatMs(t.medianMs)} (${t.runs} run${t.runs === 1 ? '' : 's'})`).join(' · '),
        Number.isFinite(c.spread) ? `${c.spread.toFixed(1)}×` : '—',
      ]),
    ),
    '<h2>Failures by error kind</h2>',
    table(...tables.failures),
    '<h2>Rollbacks</h2>',
    `<p>${esc(`${stats.rollbacks.count} rollbacks, ${stats.rollbacks.failed} failed.`)}</p>`,
    table(
      ['Migration', 'Times rolled back'],
      stats.rollbacks.mostRolledBack.map((r) => [migrationLabel(r.version, r.name), String(r.count)]),
    ),
    '<h2>Most recent runs</h2>',
    table(...tables.recent),
    stats.warnings.length ? `<h2>Warnings</h2><ul>${stats.warnings.map((w) => `<li>${esc(w)}</li>`).join('')}</ul>` : '',
  ];
  return redactText(
    `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(title(stats))}</title><style>${CSS}</style></head><body>\n${sections.join('\n')}\n</body></html>\n`,
  );
}

const mdCell = (text: string) => text.replace(/\|/g, '\\|').replace(/\s+/g, ' ');

function mdTable(head: readonly string[], rows: readonly (readonly string[])[]): string {
  if (rows.length === 0) return '_None._';
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(mdCell).join(' | ')} |`)].join(
    '\n',
  );
}

export function renderMarkdownReport(stats: MigrationStats): string {
  const { totals, timing } = stats;
  const weeks = stats.weeks.slice(-CHART_WEEKS);
  const tables = reportTables(stats);
  const maxRuns = Math.max(1, ...weeks.map((w) => w.runs));
  const runParts = [
    { label: 'succeeded', value: stats.statuses.runs.success },
    { label: 'failed', value: stats.statuses.runs.failed },
  ];
  const out = [
    `# ${title(stats)}`,
    '',
    `_${scopeLine(stats)}_`,
    '',
    mdTable(
      ['Runs', 'Success rate', 'Failed', 'Rollbacks', 'Migrations run', 'Pending', 'Average', 'Median', 'p95'],
      [
        [
          String(totals.runs),
          percent(totals.successRate),
          String(totals.failed),
          String(totals.rollbacks),
          String(totals.migrations),
          totals.pending === null ? 'unknown' : String(totals.pending),
          formatMs(timing?.averageMs),
          formatMs(timing?.medianMs),
          formatMs(timing?.p95Ms),
        ],
      ],
    ),
    '',
    '## Per week',
    '',
    '```text',
    ...weeks.map(
      (w) =>
        `${w.week}  ${bar(w.runs, maxRuns, 20)} ${String(w.runs).padStart(4)} runs  ${String(w.failed).padStart(3)} failed  ${percent(w.runs ? w.succeeded / w.runs : null).padStart(4)} ok  median ${formatMs(w.medianMs)}`,
    ),
    '```',
    '',
    `Median time trend: \`${sparkline(weeks.map((w) => w.medianMs)) || '—'}\`  ·  runs per week: \`${sparkline(weeks.map((w) => w.runs)) || '—'}\``,
    '',
    '## Status distribution',
    '',
    '```text',
    shareBar(runParts, 40) || '(no runs)',
    shareLegend(runParts),
    '```',
    '',
    '## Slowest migrations',
    '',
    mdTable(...tables.slowest),
    '',
    '## Outliers',
    '',
    OUTLIER_RULE,
    '',
    mdTable(...tables.outliers),
    '',
    '## Optimisation suggestions',
    '',
    mdTable(...tables.suggestions),
    '',
    '## Same migration on each connection',
    '',
    mdTable(
      ['Migration', 'Median per connection', 'Slowest / fastest'],
      stats.comparison.map((c) => [
        migrationLabel(c.version, c.name),
        c.times.map((t) => `${t.connection}: ${formatMs(t.medianMs)} (${t.runs})`).join(' · '),
        Number.isFinite(c.spread) ? `${c.spread.toFixed(1)}×` : '—',
      ]),
    ),
    '',
    '## Failures by error kind',
    '',
    mdTable(...tables.failures),
    '',
    '## Rollbacks',
    '',
    `${stats.rollbacks.count} rollbacks, ${stats.rollbacks.failed} failed.`,
    '',
    '## Most recent runs',
    '',
    mdTable(...tables.recent),
    ...(stats.warnings.length ? ['', '## Warnings', '', ...stats.warnings.map((w) => `- ${w}`)] : []),
    '',
  ];
  return redactText(out.join('\n'));
}

/** Writes the report; refuses to replace an existing file unless `overwrite`. */
export async function writeStatsReport(
  stats: MigrationStats,
  file: string,
  format: ReportFormat,
  options: { overwrite?: boolean } = {},
): Promise<void> {
  if (!options.overwrite && existsSync(file)) {
    throw new DbtkError('usage', `${file} already exists; the report was not written.`, {
      hint: 'Choose another file name, or pass --force to replace it.',
    });
  }
  await writeFileAtomic(file, format === 'html' ? renderHtmlReport(stats) : renderMarkdownReport(stats));
}
