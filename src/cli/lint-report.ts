// `dbtk lint`'s report formats: text for people, GitHub workflow annotations, SARIF 2.1.0 for
// code scanning, GitLab code-quality JSON, and Markdown for a pull-request comment. Each builds
// the whole output as one string: thousands of findings, one write.

import { createHash } from 'node:crypto';
import path from 'node:path';
import type { RiskFinding } from '../core/sql/assess.js';
import type { LintResult } from '../core/sql/lint.js';
import { RISK_RULES } from '../core/sql/rules.js';
import { style } from './output.js';
import { levelCounts, levelLabel, plural } from './risk-format.js';
import { DBTK_VERSION } from './version.js';

export const LINT_FORMATS = ['text', 'json', 'github', 'sarif', 'gitlab', 'markdown'] as const;
export type LintFormat = (typeof LINT_FORMATS)[number];

/** A path as CI tools want it: relative to the project, with forward slashes. */
function relative(cwd: string, file: string): string {
  const rel = path.relative(cwd, file);
  return rel.startsWith('..') || path.isAbsolute(rel) ? file : rel.split(path.sep).join('/');
}

function* allFindings(result: LintResult): Generator<RiskFinding> {
  for (const file of result.files) yield* file.findings;
}

const position = (f: RiskFinding) => (f.column ? `${f.line}:${f.column}` : String(f.line));

export function textReport(result: LintResult, cwd: string): string {
  const lines: string[] = [];
  for (const file of result.files) {
    if (!file.findings.length && !file.warnings.length) continue;
    lines.push(style.underline(relative(cwd, file.path)));
    for (const f of file.findings) {
      lines.push(`  ${position(f).padStart(6)}  ${levelLabel(f.level, 6)}  ${style.bold(f.rule)}  ${f.message}`);
      lines.push(style.dim(`                Fix: ${f.fix}`));
    }
    for (const w of file.warnings) lines.push(style.yellow(`  warning: ${w}`));
    lines.push('');
  }
  lines.push(summaryLine(result, true));
  return lines.join('\n');
}

function summaryLine(result: LintResult, colour: boolean): string {
  const { counts } = result;
  const total = counts.high + counts.medium + counts.low;
  const withFindings = result.files.filter((f) => f.findings.length).length;
  const suppressed = counts.suppressed ? ` (${counts.suppressed} suppressed)` : '';
  const line = total
    ? `${plural(total, 'finding')} (${levelCounts(counts)}) in ${withFindings} of ${plural(counts.files, 'file')}${suppressed}`
    : `No findings in ${plural(counts.files, 'file')}${suppressed}`;
  const failing = result.failOn === 'high' ? 'high-risk findings fail the lint' : `findings at ${result.failOn} or above fail the lint`;
  if (!colour) return result.ok ? line : `${line}: ${failing}`;
  return result.ok ? (total ? style.yellow(line) : style.green(line)) : style.red(`${line}: ${failing}`);
}

// GitHub workflow commands: data escapes %, CR, LF; properties also `:` and `,`.
const escapeData = (text: string) => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (text: string) => escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
const GITHUB_COMMAND: Record<RiskFinding['level'], string> = { high: 'error', medium: 'warning', low: 'notice' };

export function githubReport(result: LintResult, cwd: string): string {
  const lines: string[] = [];
  for (const file of result.files) {
    for (const f of file.findings) {
      let props = `file=${escapeProperty(relative(cwd, f.path))},line=${f.line}`;
      if (f.column) props += `,col=${f.column},endLine=${f.endLine ?? f.line},endColumn=${f.endColumn ?? f.column}`;
      props += `,title=${escapeProperty(`dbtk ${f.rule}`)}`;
      lines.push(`::${GITHUB_COMMAND[f.level]} ${props}::${escapeData(`${f.message}. Fix: ${f.fix}`)}`);
    }
    for (const w of file.warnings) lines.push(`::warning file=${escapeProperty(relative(cwd, file.path))},title=dbtk::${escapeData(w)}`);
  }
  lines.push(summaryLine(result, false));
  return lines.join('\n');
}

const SARIF_LEVEL: Record<RiskFinding['level'], string> = { high: 'error', medium: 'warning', low: 'note' };

/** A stable id for one finding, for tools that follow findings across runs. */
function fingerprint(f: RiskFinding, cwd: string): string {
  return createHash('sha256')
    .update(`${f.rule}\0${relative(cwd, f.path)}\0${f.message}`)
    .digest('hex')
    .slice(0, 32);
}

/** SARIF 2.1.0, as GitHub code scanning takes it (`github/codeql-action/upload-sarif`). */
export function sarifReport(result: LintResult, cwd: string): string {
  const ruleIndex = new Map(RISK_RULES.map((r, i) => [r.id, i]));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'dbtk',
            version: DBTK_VERSION,
            rules: RISK_RULES.map((r) => ({
              id: r.id,
              name: r.id,
              shortDescription: { text: r.message },
              help: { text: `${r.fix} (docs/rules.md#${r.id})` },
              defaultConfiguration: { level: SARIF_LEVEL[r.level] },
              properties: { category: r.category, dialects: r.dialects === 'all' ? ['all'] : [...r.dialects] },
            })),
          },
        },
        results: [...allFindings(result)].map((f) => ({
          ruleId: f.rule,
          ruleIndex: ruleIndex.get(f.rule) ?? 0,
          level: SARIF_LEVEL[f.level],
          message: { text: `${f.message}. Fix: ${f.fix}` },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: encodeURI(relative(cwd, f.path)) },
                region: {
                  startLine: f.line,
                  ...(f.column
                    ? { startColumn: f.column, endLine: f.endLine ?? f.line, endColumn: Math.max(f.endColumn ?? f.column, f.column) }
                    : {}),
                },
              },
            },
          ],
          partialFingerprints: { 'dbtkFinding/v1': fingerprint(f, cwd) },
        })),
      },
    ],
  };
  return JSON.stringify(sarif, null, 2);
}

const GITLAB_SEVERITY: Record<RiskFinding['level'], string> = { high: 'critical', medium: 'major', low: 'minor' };

/** GitLab code-quality report (artifacts:reports:codequality). */
export function gitlabReport(result: LintResult, cwd: string): string {
  const issues = [...allFindings(result)].map((f) => ({
    description: `${f.message}. Fix: ${f.fix}`,
    check_name: f.rule,
    fingerprint: fingerprint(f, cwd),
    severity: GITLAB_SEVERITY[f.level],
    location: { path: relative(cwd, f.path), lines: { begin: f.line, end: f.endLine ?? f.line } },
  }));
  return JSON.stringify(issues, null, 2);
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

/** A pull-request comment: the summary, then one table row per finding. */
export function markdownReport(result: LintResult, cwd: string): string {
  const lines = ['### dbtk lint', '', `${result.ok ? '✅' : '❌'} ${summaryLine(result, false)}`];
  const findings = [...allFindings(result)];
  if (findings.length) {
    lines.push('', '| Level | Where | Rule | Finding | Fix |', '| --- | --- | --- | --- | --- |');
    for (const f of findings) {
      lines.push(
        `| ${f.level} | \`${cell(relative(cwd, f.path))}:${position(f)}\` | \`${f.rule}\` | ${cell(f.message)} | ${cell(f.fix)} |`,
      );
    }
  }
  const warnings = result.files.flatMap((file) => file.warnings.map((w) => `- \`${cell(relative(cwd, file.path))}\`: ${cell(w)}`));
  if (warnings.length) lines.push('', '**Warnings**', '', ...warnings);
  return lines.join('\n');
}
