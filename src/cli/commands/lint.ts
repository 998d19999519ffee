// `dbtk lint [FILES…] [--format text|json|github|sarif|gitlab|markdown] [--fail-on high|medium|low]
// [--rules]`: the risk rules over migration files, for CI. No database needed. Exit 1 when a
// finding at or above --fail-on (default high) is not suppressed, 0 otherwise, 2 on usage or
// config errors.

import type { Command } from 'commander';
import { DbtkError } from '../../core/shared/errors.js';
import { lintMigrations } from '../../core/sql/lint.js';
import { fixFindings } from '../lint-fix.js';
import { RISK_RULES, type RiskLevel } from '../../core/sql/rules.js';
import { cachedServerVersion, detectServerVersion } from '../../core/project/server-version.js';
import { openProjectFromCli } from '../context.js';
import { githubReport, gitlabReport, LINT_FORMATS, markdownReport, sarifReport, textReport, type LintFormat } from '../lint-report.js';
import { EXIT, runAction, style, writeError, writeJson, writeLine } from '../output.js';
import { levelLabel } from '../risk-format.js';

const LEVELS: readonly RiskLevel[] = ['high', 'medium', 'low'];

interface LintFlags {
  json?: boolean;
  format?: string;
  failOn?: string;
  rules?: boolean;
  fix?: boolean;
  dryRun?: boolean;
  detectVersion?: boolean;
}

function chooseFormat(flags: LintFlags): LintFormat {
  if (flags.json && flags.format && flags.format !== 'json')
    throw new DbtkError('usage', `--json and --format ${flags.format} contradict each other.`, { hint: 'Use one of them.' });
  const format = flags.json ? 'json' : (flags.format ?? 'text');
  if (!LINT_FORMATS.includes(format as LintFormat))
    throw new DbtkError('usage', `Unknown format "${format}".`, { hint: `Use --format ${LINT_FORMATS.join(', ')}.` });
  return format as LintFormat;
}

function chooseFailOn(flags: LintFlags): RiskLevel {
  const level = flags.failOn ?? 'high';
  if (!LEVELS.includes(level as RiskLevel))
    throw new DbtkError('usage', `Unknown level "${level}" for --fail-on.`, { hint: 'Use --fail-on high, medium or low.' });
  return level as RiskLevel;
}

function printRules(json: boolean): void {
  if (json) {
    writeJson({
      ok: true,
      rules: RISK_RULES.map(({ id, level, category, dialects, message, fix }) => ({ id, level, category, dialects, message, fix })),
    });
    return;
  }
  const width = Math.max(...RISK_RULES.map((r) => r.id.length));
  for (const rule of RISK_RULES) {
    const tag = rule.category === 'style' ? ' (style, opt-in)' : '';
    writeLine(`${rule.id.padEnd(width)}  ${levelLabel(rule.level, 6)}  ${rule.message}${tag}`);
  }
}

const REPORTS: Record<Exclude<LintFormat, 'json'>, typeof textReport> = {
  text: textReport,
  github: githubReport,
  sarif: sarifReport,
  gitlab: gitlabReport,
  markdown: markdownReport,
};

export function register(program: Command): void {
  program
    .command('lint')
    .description('check migration files against the risk rules (no database needed); exit 1 on findings at --fail-on or above')
    .argument('[files...]', 'migration files or directories (default: every migration in the migrations directories)')
    .option('--format <format>', `report format: ${LINT_FORMATS.join(', ')}`, undefined)
    .option('--json', 'print JSON (same as --format json)')
    .option('--fail-on <level>', 'lowest level that fails the lint (exit 1): high, medium or low', undefined)
    .option('--rules', 'list the rules with their ids and levels')
    .option(
      '--fix',
      'apply the mechanical fixes (CONCURRENTLY, IF NOT EXISTS, lock_timeout, NOT VALID + VALIDATE migration) and show the diff',
    )
    .option('--dry-run', 'with --fix: show the diff, write nothing')
    .option('--detect-version', 'read the server version from the database (and cache it) for the version-dependent rules')
    .action(
      runAction(async (files: string[], flags: LintFlags, command: Command) => {
        const format = chooseFormat(flags);
        const failOn = chooseFailOn(flags);
        if (flags.rules) {
          printRules(format === 'json');
          return EXIT.OK;
        }
        if (flags.dryRun && !flags.fix)
          throw new DbtkError('usage', '--dry-run goes with --fix.', { hint: 'Use `dbtk lint --fix --dry-run`.' });
        const project = await openProjectFromCli(command);
        const { cwd } = project.config;
        // Lint connects only when asked; a version detected earlier is reused from the cache.
        const detected = flags.detectVersion
          ? await detectServerVersion(project.config, project.dialect)
          : await cachedServerVersion(project.config);
        if (flags.detectVersion && detected) writeError(style.dim(`Server version: ${detected.server} (cached for the next lint runs)`));
        const lint = () =>
          lintMigrations({
            cwd,
            dialect: project.dialect,
            migrationsDirs: project.config.migrationsDirs,
            schemaFile: project.config.schemaFile,
            paths: files,
            failOn,
            detectedVersions: detected?.versions,
          });
        let result = await lint();
        if (flags.fix) {
          const wrote = await fixFindings(result, {
            cwd,
            dialect: project.dialect,
            dryRun: Boolean(flags.dryRun),
            toStderr: format !== 'text',
          });
          if (wrote) result = await lint();
        }
        for (const warning of result.warnings) writeError(style.yellow(`Warning: ${warning}`));
        if (format === 'json') writeJson(result);
        else writeLine(REPORTS[format](result, cwd));
        return result.ok ? EXIT.OK : EXIT.FAILED;
      }),
    );
}
