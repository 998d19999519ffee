import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  describeChange,
  escapeHtml,
  renderHtmlReport,
  renderMarkdownReport,
  reportFormatFor,
  schemaDiffJson,
  writeDiffReport,
} from '../../../src/core/schema/report.js';
import { compareSchemas } from '../../../src/core/schema/diff.js';

const FIXTURES = path.join(import.meta.dirname, '..', '..', 'fixtures', 'schema-diff');
const fixture = (dialect: string, name: string) => readFileSync(path.join(FIXTURES, dialect, `${name}.sql`), 'utf8');
const labels = { expected: 'db/schema.sql', actual: 'live database (postgres://app:***@db/app)' };
const drift = compareSchemas({
  expected: fixture('postgres', 'base'),
  actual: fixture('postgres', 'drifted'),
  dialect: 'postgres',
  labels,
  now: new Date('2024-01-02T03:04:05Z'),
});
const clean = compareSchemas({ expected: fixture('postgres', 'base'), actual: fixture('postgres', 'raw'), dialect: 'postgres', labels });
// Schema text that would break naive HTML/Markdown: tags, quotes, pipes, backticks.
const hostile = compareSchemas({
  expected: 'CREATE TABLE t (id int);\n',
  actual: 'CREATE TABLE t (id int, note text DEFAULT \'<script>alert("x")</script> | `a`\');\n',
  dialect: 'postgres',
  labels,
});

describe('describeChange', () => {
  it('says what changed in one line', () => {
    const lines = drift.changes.map(describeChange);
    expect(lines).toContain('~ changed column users.name: character varying(100) → character varying(200)');
    expect(lines).toContain('+ added table tags: 1 sequence, 2 columns, 1 constraint');
    expect(lines).toContain("- removed constraint email_has_at on users: CHECK ((email ~~ '%@%'::text))");
  });
});

describe('Markdown report', () => {
  const md = renderMarkdownReport(drift, 2);

  it('has a summary table, a change table and a diff block', () => {
    expect(md).toMatch(/^# Schema drift report\n/);
    expect(md).toContain('**Drift found: ');
    expect(md).toContain('| Object | Added | Removed | Changed |');
    expect(md).toContain('| table | 1 | 0 | 0 |');
    expect(md).toContain('| column | 1 | 1 | 1 |');
    expect(md).toContain('| ~ | changed | `column users.name` | `character varying(100) → character varying(200)` |');
    expect(md).toMatch(/```diff\n--- db\/schema\.sql\n\+\+\+ live database .*\n@@ [\s\S]*\n```\n$/);
  });

  it('says plainly when there is no drift', () => {
    const text = renderMarkdownReport(clean);
    expect(text).toContain('**No drift: the live schema matches db/schema.sql.**');
    expect(text).not.toContain('```diff');
  });

  it('keeps pipes and backticks from breaking tables and code spans', () => {
    const text = renderMarkdownReport(hostile);
    const row = text.split('\n').find((l) => l.startsWith('| + | added | `column t.note`'))!;
    expect(row).toContain('\\|');
    expect(row).toContain('``text DEFAULT \'<script>alert("x")</script> \\| `a`\'``');
  });
});

describe('HTML report', () => {
  it('is one self-contained page with the summary and a coloured diff', () => {
    const html = renderHtmlReport(drift);
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('<style>');
    expect(html).not.toMatch(/<(script|link)\b|src=|href=/);
    expect(html).toContain('<td>table</td><td class="n">1</td>');
    expect(html).toContain('<span class="add">+    nickname text DEFAULT &#39;x&#39;::text NOT NULL</span>');
    expect(html).toContain('<span class="del">-    age integer,</span>');
  });

  it('escapes every piece of schema text', () => {
    const html = renderHtmlReport(hostile);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(escapeHtml(`<a href="x">&'`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&#39;');
  });

  it('never prints a password that slipped into a label', () => {
    const leaky = compareSchemas({
      expected: 'a\n',
      actual: 'b\n',
      dialect: 'generic',
      labels: { expected: 's.sql', actual: 'postgres://u:hunter2@h/db' },
    });
    expect(renderHtmlReport(leaky)).not.toContain('hunter2');
    expect(renderMarkdownReport(leaky)).not.toContain('hunter2');
  });
});

describe('JSON', () => {
  it('carries drift, counts, changes and the patch', () => {
    const json = schemaDiffJson(drift, 0);
    expect(json).toMatchObject({ ok: true, drift: true, dialect: 'postgres', compared: labels, generatedAt: '2024-01-02T03:04:05.000Z' });
    expect(json.summary.index).toEqual({ added: 1, removed: 1, changed: 0 });
    expect(json.changes).toContainEqual({
      kind: 'column',
      name: 'name',
      table: 'users',
      change: 'changed',
      before: 'character varying(100)',
      after: 'character varying(200)',
      children: [],
    });
    expect(json.diff).toMatch(/^--- db\/schema\.sql/);
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });
});

describe('writeDiffReport', () => {
  const dir = () => mkdtempSync(path.join(os.tmpdir(), 'dbtk-report-'));

  it('picks the format from the extension and refuses others', () => {
    expect(reportFormatFor('r.md')).toBe('markdown');
    expect(reportFormatFor('R.HTML')).toBe('html');
    expect(() => reportFormatFor('r.pdf')).toThrow(expect.objectContaining({ kind: 'usage', hint: expect.stringContaining('FILE.md') }));
  });

  it('writes atomically, leaving no temp file, and replaces its own earlier report', async () => {
    const cwd = dir();
    const file = await writeDiffReport(drift, 'drift.md', { cwd });
    expect(file).toBe(path.join(cwd, 'drift.md'));
    expect(readFileSync(file, 'utf8')).toBe(renderMarkdownReport(drift));
    await writeDiffReport(clean, 'drift.md', { cwd });
    expect(readFileSync(file, 'utf8')).toContain('No drift');
    await writeDiffReport(drift, 'drift.html', { cwd });
    await writeDiffReport(clean, 'drift.html', { cwd });
    expect(readdirSync(cwd).sort()).toEqual(['drift.html', 'drift.md']);
  });

  it('never replaces a file that is not one of its reports unless forced', async () => {
    const cwd = dir();
    writeFileSync(path.join(cwd, 'notes.md'), 'my precious notes\n');
    await expect(writeDiffReport(drift, 'notes.md', { cwd })).rejects.toMatchObject({
      kind: 'refused',
      hint: expect.stringContaining('--force'),
    });
    expect(readFileSync(path.join(cwd, 'notes.md'), 'utf8')).toBe('my precious notes\n');
    await writeDiffReport(drift, 'notes.md', { cwd, force: true });
    expect(readFileSync(path.join(cwd, 'notes.md'), 'utf8')).toContain('# Schema drift report');
  });

  it('says clearly when the folder does not exist', async () => {
    await expect(writeDiffReport(drift, 'missing/dir/r.md', { cwd: dir() })).rejects.toMatchObject({
      kind: 'io',
      hint: expect.stringContaining('Create the folder'),
    });
  });
});
