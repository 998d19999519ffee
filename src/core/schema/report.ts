// Schema diff results for people and scripts: one-line change descriptions, the JSON shape of
// `dbtk diff --json`, and report files (Markdown with a summary table and a ```diff block;
// self-contained HTML with every piece of schema text escaped).

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../shared/atomic-write.js';
import { DbtkError } from '../shared/errors.js';
import { redactText } from '../shared/redact.js';
import type { SchemaDiff } from './diff.js';
import { schemaPatch } from './diff.js';
import { describeObject, type ObjectChange, type SchemaObjectKind } from './objects.js';

export const CHANGE_MARK: Record<ObjectChange['change'], string> = { added: '+', removed: '-', changed: '~' };

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : word.endsWith('x') ? 'es' : 's'}`;
}

/** What is inside an added/removed table, e.g. `3 columns, 1 constraint, 2 indexes`. */
function childSummary(children: ObjectChange[]): string {
  const counts = new Map<SchemaObjectKind, number>();
  for (const child of children) counts.set(child.kind, (counts.get(child.kind) ?? 0) + 1);
  return [...counts].map(([kind, count]) => plural(count, kind)).join(', ');
}

/** An index's columns and method without its name and table: `UNIQUE (lower(title))`. */
function indexShape(definition: string | undefined): string {
  return (definition ?? '')
    .replace(/^CREATE\s+(UNIQUE\s+)?INDEX\s+(CONCURRENTLY\s+)?\S+\s+ON\s+(ONLY\s+)?\S+\s*/i, '$1')
    .replace(/^((?:UNIQUE|FULLTEXT|SPATIAL)\s+)?(?:KEY|INDEX)\s+(`[^`]*`|\S+)\s*/i, '$1');
}

/** A short, human description of what changed in one object. */
export function changeDetail(change: ObjectChange): string {
  if (change.kind === 'index') {
    return change.change === 'changed'
      ? `${indexShape(change.before?.definition)} → ${indexShape(change.after?.definition)}`
      : indexShape((change.after ?? change.before)?.definition);
  }
  if (change.change === 'changed') {
    if (change.kind === 'column' || change.kind === 'constraint') return `${change.before?.definition} → ${change.after?.definition}`;
    if (change.kind === 'table')
      return `${change.before?.definition || 'options: (none)'} → ${change.after?.definition || 'options: (none)'}`;
    return 'definition changed';
  }
  const object = change.after ?? change.before;
  if (change.kind === 'table') return childSummary(change.children);
  if (change.kind === 'column' || change.kind === 'constraint') return object?.definition ?? '';
  return '';
}

/** Whether the detail is SQL (shown as code in reports) rather than prose. */
function detailIsSql(change: ObjectChange): boolean {
  return (
    change.kind === 'column' ||
    change.kind === 'constraint' ||
    change.kind === 'index' ||
    (change.kind === 'table' && change.change === 'changed')
  );
}

/** `+ column users.nickname  text NOT NULL` */
export function describeChange(change: ObjectChange): string {
  const detail = changeDetail(change);
  return `${CHANGE_MARK[change.change]} ${change.change} ${describeObject(change)}${detail ? `: ${detail}` : ''}`;
}

/** One object change as `dbtk diff --json` prints it. */
interface ObjectChangeJson {
  kind: ObjectChange['kind'];
  name: string;
  table: string | null;
  change: ObjectChange['change'];
  before: string | null;
  after: string | null;
  children: ObjectChangeJson[];
}

function changeJson(change: ObjectChange): ObjectChangeJson {
  return {
    kind: change.kind,
    name: change.name,
    table: change.table ?? null,
    change: change.change,
    before: change.before?.definition ?? null,
    after: change.after?.definition ?? null,
    children: change.children.map(changeJson),
  };
}

/** The `dbtk diff --json` document. */
export function schemaDiffJson(diff: SchemaDiff, context = 3) {
  return {
    ok: true,
    drift: diff.hasDrift,
    dialect: diff.dialect,
    schemaFile: diff.schemaFile,
    compared: diff.labels,
    generatedAt: diff.generatedAt,
    lines: diff.stats,
    summary: diff.counts,
    changes: diff.changes.map(changeJson),
    diff: schemaPatch(diff, context),
  };
}

function headline(diff: SchemaDiff): string {
  if (!diff.hasDrift) return `No drift: the live schema matches ${diff.labels.expected}.`;
  const objects = diff.changes.length ? `, ${plural(diff.changes.length, 'object change')}` : '';
  return `Drift found: ${plural(diff.stats.added, 'line')} added, ${diff.stats.removed} removed${objects}.`;
}

function summaryRows(diff: SchemaDiff): [string, number, number, number][] {
  return Object.entries(diff.counts).map(([kind, c]) => [kind, c.added, c.removed, c.changed]);
}

// ---------- Markdown ----------

function mdCode(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

function mdCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function renderMarkdownReport(diff: SchemaDiff, context = 3): string {
  const out = [
    '# Schema drift report',
    '',
    `- Compared: ${mdCode(diff.labels.expected)} (schema file) with ${mdCode(diff.labels.actual)}`,
    `- Dialect: ${diff.dialect}`,
    `- Generated: ${diff.generatedAt}`,
    '',
    `**${headline(diff)}**`,
  ];
  if (!diff.hasDrift) return `${redactText(out.join('\n'))}\n`;
  if (diff.changes.length) {
    out.push('', '## Summary', '', '| Object | Added | Removed | Changed |', '|---|---:|---:|---:|');
    for (const [kind, added, removed, changed] of summaryRows(diff)) out.push(`| ${kind} | ${added} | ${removed} | ${changed} |`);
    out.push('', '## Changes', '', '| | Change | Object | Detail |', '|---|---|---|---|');
    for (const change of diff.changes) {
      const detail = changeDetail(change);
      out.push(
        `| ${CHANGE_MARK[change.change]} | ${change.change} | ${mdCell(mdCode(describeObject(change)))} | ${mdCell(detail && detailIsSql(change) ? mdCode(detail) : detail)} |`,
      );
    }
  } else {
    out.push('', 'The dumps differ in lines that name no table, column, index, constraint, view or function (see the diff).');
  }
  const patch = schemaPatch(diff, context);
  const fence = '`'.repeat(Math.max(3, ...(patch.match(/^`{3,}/gm) ?? []).map((f) => f.length + 1)));
  out.push('', '## Diff', '', `${fence}diff`, patch.trimEnd(), fence);
  return `${redactText(out.join('\n'))}\n`;
}

// ---------- HTML ----------

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
}

const HTML_STYLE = `
body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;margin:2rem;color:#1f2328;max-width:80rem}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem}
table{border-collapse:collapse;margin:.5rem 0}th,td{border:1px solid #d0d7de;padding:.25rem .6rem;text-align:left;vertical-align:top}
td.n{text-align:right}code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.9em}
.added{color:#1a7f37}.removed{color:#cf222e}.changed{color:#9a6700}
pre{background:#f6f8fa;border:1px solid #d0d7de;padding:.75rem;overflow-x:auto;line-height:1.35}
pre span{display:block;white-space:pre}pre .add{background:#dafbe1}pre .del{background:#ffebe9}pre .hunk{color:#6e7781}
.ok{color:#1a7f37;font-weight:600}.drift{color:#cf222e;font-weight:600}`;

function htmlPatch(patch: string): string {
  return patch
    .trimEnd()
    .split('\n')
    .map((line) => {
      const cls =
        line.startsWith('+++') || line.startsWith('---')
          ? 'hunk'
          : line.startsWith('+')
            ? 'add'
            : line.startsWith('-')
              ? 'del'
              : line.startsWith('@@')
                ? 'hunk'
                : 'ctx';
      return `<span class="${cls}">${escapeHtml(line) || ' '}</span>`;
    })
    .join('');
}

export function renderHtmlReport(diff: SchemaDiff, context = 3): string {
  const body = [
    '<h1>Schema drift report</h1>',
    `<p>Compared <code>${escapeHtml(diff.labels.expected)}</code> (schema file) with <code>${escapeHtml(diff.labels.actual)}</code><br>`,
    `Dialect: ${escapeHtml(diff.dialect)} · Generated: ${escapeHtml(diff.generatedAt)}</p>`,
    `<p class="${diff.hasDrift ? 'drift' : 'ok'}">${escapeHtml(headline(diff))}</p>`,
  ];
  if (diff.hasDrift && diff.changes.length) {
    body.push('<h2>Summary</h2><table><thead><tr><th>Object</th><th>Added</th><th>Removed</th><th>Changed</th></tr></thead><tbody>');
    for (const [kind, added, removed, changed] of summaryRows(diff)) {
      body.push(
        `<tr><td>${escapeHtml(kind)}</td><td class="n">${added}</td><td class="n">${removed}</td><td class="n">${changed}</td></tr>`,
      );
    }
    body.push('</tbody></table><h2>Changes</h2><table><thead><tr><th>Change</th><th>Object</th><th>Detail</th></tr></thead><tbody>');
    for (const change of diff.changes) {
      body.push(
        `<tr><td class="${change.change}">${CHANGE_MARK[change.change]} ${change.change}</td><td><code>${escapeHtml(describeObject(change))}</code></td><td>${detailIsSql(change) ? `<code>${escapeHtml(changeDetail(change))}</code>` : escapeHtml(changeDetail(change))}</td></tr>`,
      );
    }
    body.push('</tbody></table>');
  }
  if (diff.hasDrift) body.push('<h2>Diff</h2>', `<pre>${htmlPatch(schemaPatch(diff, context))}</pre>`);
  const html = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Schema drift report</title>
<style>${HTML_STYLE}</style>
</head>
<body>
${body.join('\n')}
</body>
</html>
`;
  return redactText(html);
}

export type ReportFormat = 'markdown' | 'html';

/** `.md` / `.markdown` → Markdown, `.html` / `.htm` → HTML; anything else is a usage error. */
export function reportFormatFor(file: string): ReportFormat {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.md' || ext === '.markdown') return 'markdown';
  if (ext === '.html' || ext === '.htm') return 'html';
  throw new DbtkError('usage', `Cannot tell the report format from "${path.basename(file)}".`, {
    hint: 'Name the report FILE.md (Markdown) or FILE.html (HTML).',
  });
}

/** True when `file` is missing or is a report dbtk wrote before (safe to replace). */
async function replaceable(file: string): Promise<boolean> {
  const head = await readFile(file, 'utf8').then(
    (text) => text.slice(0, 400),
    (error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? null : ''),
  );
  return head === null || head.startsWith('# Schema drift report') || head.includes('<title>Schema drift report</title>');
}

/**
 * Writes the report atomically (temp file + rename); returns the absolute path. A file that
 * is not an earlier report is never replaced unless `force` is set.
 */
export async function writeDiffReport(
  diff: SchemaDiff,
  file: string,
  options: { cwd?: string; context?: number; force?: boolean } = {},
): Promise<string> {
  const target = path.resolve(options.cwd ?? process.cwd(), file);
  const format = reportFormatFor(target);
  if (!options.force && !(await replaceable(target))) {
    throw new DbtkError('refused', `${file} already exists and is not a schema drift report, so it was left as it is.`, {
      hint: 'Choose another file name, or pass --force to replace it.',
      file: target,
    });
  }
  const content = format === 'markdown' ? renderMarkdownReport(diff, options.context) : renderHtmlReport(diff, options.context);
  await writeFileAtomic(target, content);
  return target;
}
