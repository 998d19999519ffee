// The shareable report: self-contained (nothing fetched, no script), well-formed, its charts
// inline SVG with their figures as text, the same figures as the CLI, and never written over
// an existing file without --force.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderHtmlReport, renderMarkdownReport, writeStatsReport } from '../../../src/core/analytics/report.js';
import { computeStats } from '../../../src/core/analytics/stats.js';
import { SEED_FILES, SEED_HISTORY, SEED_STATUS } from './seed.js';

const stats = computeStats(SEED_HISTORY, {
  connection: 'staging',
  database: 'postgres://db/shop',
  files: SEED_FILES,
  dialect: 'postgres',
  status: SEED_STATUS,
  now: new Date('2024-02-01T00:00:00Z'),
});
const dir = mkdtempSync(path.join(os.tmpdir(), 'dbtk-stats-report-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const VOID = new Set(['meta', 'br', 'hr', 'img', 'input', 'link']);

/** Problems with the tag structure: every opened element closed, in order. */
function tagProblems(html: string): string[] {
  const problems: string[] = [];
  const stack: string[] = [];
  const body = html.replace(/^<!DOCTYPE html>/, '').replace(/<style>[\s\S]*?<\/style>/, '<style></style>');
  for (const match of body.matchAll(/<(\/?)([a-zA-Z][\w-]*)([^>]*?)(\/?)>/g)) {
    const [, closing, tag, , selfClosing] = match;
    const name = tag.toLowerCase();
    if (selfClosing || (!closing && VOID.has(name))) continue;
    if (!closing) stack.push(name);
    else if (stack.pop() !== name) problems.push(`</${name}> does not close the open element`);
  }
  if (stack.length) problems.push(`not closed: ${stack.join(', ')}`);
  if (/<[^>]*</.test(body.replace(/<!--[\s\S]*?-->/g, ''))) problems.push('a < inside a tag');
  return problems;
}

describe('the HTML report', () => {
  const html = renderHtmlReport(stats);

  it('is self-contained: no http(s) address, no script, nothing loaded from elsewhere', () => {
    expect(html).not.toMatch(/https?:\/\//i);
    expect(html).not.toMatch(/<script|<link|<img|@import|src=/i);
  });

  it('is well-formed, with the SVG charts inline', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(tagProblems(html)).toEqual([]);
    expect((html.match(/<svg /g) ?? []).length).toBeGreaterThanOrEqual(6);
    // Figures are written as text, not told by colour: the runs of the busy week and the hatched failures.
    expect(html).toContain('>11</text>');
    expect(html).toContain('url(#hatch)');
  });

  it('holds the slowest list, outliers with their rule, suggestions and the per-connection comparison', () => {
    expect(html).toContain('20240101000002_index_orders');
    expect(html).toContain('more than 3× the median');
    expect(html).toContain('index-not-concurrent');
    expect(html).toContain('CREATE INDEX CONCURRENTLY');
    expect(html).toContain('production: 5.00s (1 run) · staging: 200ms (2 runs)');
  });

  it('escapes text from the history (a migration name is not markup)', () => {
    const hostile = computeStats([{ ...SEED_HISTORY[1], name: '<script>x</script>' }], {
      connection: 'c',
      database: null,
      files: null,
      dialect: 'postgres',
      status: null,
    });
    const page = renderHtmlReport(hostile);
    expect(page).not.toContain('<script>');
    expect(page).toContain('&lt;script&gt;');
  });
});

describe('the Markdown report', () => {
  it('has the figures as tables and the charts as text', () => {
    const md = renderMarkdownReport(stats);
    expect(md).toContain('| 16 | 75% | 4 | 2 | 8 | 2 |');
    expect(md).toContain('2024-01-15  ████████████████████   11 runs');
    expect(md).toContain('█ succeeded 12 (75%)  ▒ failed 4 (25%)');
    expect(md).toContain('| 20240101000007_change_total_type | 1.50s | column-type-change |');
  });
});

describe('writeStatsReport', () => {
  it('writes the file, and refuses to replace it without overwrite (the file unchanged)', async () => {
    const file = path.join(dir, 'report.html');
    await writeStatsReport(stats, file, 'html');
    expect(readFileSync(file, 'utf8')).toBe(renderHtmlReport(stats));
    writeFileSync(file, 'mine');
    await expect(writeStatsReport(stats, file, 'md')).rejects.toMatchObject({ kind: 'usage', hint: expect.stringContaining('--force') });
    expect(readFileSync(file, 'utf8')).toBe('mine');
    await writeStatsReport(stats, file, 'md', { overwrite: true });
    expect(readFileSync(file, 'utf8')).toContain('# dbtk migration analytics');
  });
});
