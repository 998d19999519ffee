// `dbtk lint [FILES…] [--json] [--format text|github|json] [--rules]`: the risk rules over
// migration files, for CI. No database needed. Exit 1 when a high-level finding is not
// suppressed, 0 otherwise, 2 on usage or config errors.

import path from 'node:path';
import type { Command } from 'commander';
import { DbtkError } from '../../core/shared/errors.js';
import { lintMigrations, type LintResult } from '../../core/sql/lint.js';
import type { RiskFinding } from '../../core/sql/assess.js';
import { RISK_RULES } from '../../core/sql/rules.js';
import { openProjectFromCli } from '../context.js';
import { EXIT, runAction, style, writeError, writeJson, writeLine } from '../output.js';
import { levelCounts, levelLabel, plural } from '../risk-format.js';

type Format = 'text' | 'github' | 'json';
const FORMATS: readonly Format[] = ['text', 'github', 'json'];

interface LintFlags {
  json?: boolean;
  format?: string;
  rules?: boolean;
}

function chooseFormat(flags: LintFlags): Format {
  if (flags.json && flags.format && flags.format !== 'json')
    throw new DbtkError('usage', `--json and --format ${flags.format} contradict each other.`, { hint: 'Use one of them.' });
  const format = flags.json ? 'json' : (flags.format ?? 'text');
  if (!FORMATS.includes(format as Format))
    throw new DbtkError('usage', `Unknown format "${format}".`, { hint: `Use --format ${FORMATS.join(', ')}.` });
  return format as Format;
}

// GitHub workflow commands: data escapes %, CR, LF; properties also `:` and `,`.
const escapeData = (text: string) => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (text: string) => escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
const GITHUB_COMMAND: Record<RiskFinding['level'], string> = { high: 'error', medium: 'warning', low: 'notice' };

function relative(cwd: string, file: string): string {
  const rel = path.relative(cwd, file);
  return rel.startsWith('..') || path.isAbsolute(rel) ? file : rel.split(path.sep).join('/');
}

// Both printers collect lines and write once: thousands of findings, one write.
function githubLines(result: LintResult, cwd: string): string[] {
  const lines: string[] = [];
  for (const file of result.files) {
    for (const f of file.findings) {
      const props = `file=${escapeProperty(relative(cwd, f.path))},line=${f.line},title=${escapeProperty(`dbtk ${f.rule}`)}`;
      lines.push(`::${GITHUB_COMMAND[f.level]} ${props}::${escapeData(`${f.message}. Fix: ${f.fix}`)}`);
    }
    for (const w of file.warnings) lines.push(`::warning file=${escapeProperty(relative(cwd, file.path))},title=dbtk::${escapeData(w)}`);
  }
  return [...lines, summaryLine(result)];
}

function textLines(result: LintResult, cwd: string): string[] {
  const lines: string[] = [];
  for (const file of result.files) {
    if (!file.findings.length && !file.warnings.length) continue;
    lines.push(style.underline(relative(cwd, file.path)));
    for (const f of file.findings) {
      lines.push(`  ${String(f.line).padStart(4)}  ${levelLabel(f.level, 6)}  ${style.bold(f.rule)}  ${f.message}`);
      lines.push(style.dim(`              Fix: ${f.fix}`));
    }
    for (const w of file.warnings) lines.push(style.yellow(`  warning: ${w}`));
    lines.push('');
  }
  return [...lines, summaryLine(result)];
}

function summaryLine(result: LintResult): string {
  const { counts } = result;
  const total = counts.high + counts.medium + counts.low;
  const withFindings = result.files.filter((f) => f.findings.length).length;
  const suppressed = counts.suppressed ? ` (${counts.suppressed} suppressed)` : '';
  const line = total
    ? `${plural(total, 'finding')} (${levelCounts(counts)}) in ${withFindings} of ${plural(counts.files, 'file')}${suppressed}`
    : `No findings in ${plural(counts.files, 'file')}${suppressed}`;
  return result.ok ? (total ? style.yellow(line) : style.green(line)) : style.red(`${line}: high-risk findings fail the lint`);
}

function printRules(json: boolean): void {
  if (json) {
    writeJson({ ok: true, rules: RISK_RULES.map(({ id, level, message, fix }) => ({ id, level, message, fix })) });
    return;
  }
  const width = Math.max(...RISK_RULES.map((r) => r.id.length));
  for (const rule of RISK_RULES) writeLine(`${rule.id.padEnd(width)}  ${levelLabel(rule.level, 6)}  ${rule.message}`);
}

export function register(program: Command): void {
  program
    .command('lint')
    .description('check migration files against the risk rules (no database needed); exit 1 on high-risk findings')
    .argument('[files...]', 'migration files or directories (default: every migration in the migrations directories)')
    .option('--format <format>', 'text, github (workflow annotations) or json', undefined)
    .option('--json', 'print JSON (same as --format json)')
    .option('--rules', 'list the rules with their ids and levels')
    .action(
      runAction(async (files: string[], flags: LintFlags, command: Command) => {
        const format = chooseFormat(flags);
        if (flags.rules) {
          printRules(format === 'json');
          return EXIT.OK;
        }
        const project = await openProjectFromCli(command);
        const { cwd } = project.config;
        const result = await lintMigrations({
          cwd,
          dialect: project.dialect,
          migrationsDirs: project.config.migrationsDirs,
          schemaFile: project.config.schemaFile,
          paths: files,
        });
        for (const warning of result.warnings) writeError(style.yellow(`Warning: ${warning}`));
        if (format === 'json') writeJson(result);
        else writeLine((format === 'github' ? githubLines(result, cwd) : textLines(result, cwd)).join('\n'));
        return result.ok ? EXIT.OK : EXIT.FAILED;
      }),
    );
}
