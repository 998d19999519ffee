// `dbtk fmt [FILE…] [--check] [--include-applied]`: formats migration SQL in the connection's
// dialect, keeping the dbmate section markers. Files the formatter cannot handle safely are
// reported and left as they are, and so are applied migrations (reformatting one changes its
// checksum, so every status would call it modified) unless --include-applied. `--check`
// writes nothing and exits 1 when a file would change (for CI).

import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { urlScheme } from '../../core/shared/dialect.js';
import { DbtkError } from '../../core/shared/errors.js';
import { formatMigrationSql, type FormatLanguage } from '../../core/sql/format.js';
import { writeFileAtomic } from '../../core/shared/atomic-write.js';
import type { Project } from '../../core/project/project.js';
import { knownAppliedVersions } from '../../core/project/applied-migrations.js';
import { splitMigrationFileName } from '../../core/dbmate/file-name.js';
import { openProjectFromCli } from '../context.js';
import { EXIT, runAction, style, writeError, writeJson, writeLine } from '../output.js';

type FileStatus = 'formatted' | 'would_format' | 'unchanged' | 'skipped' | 'applied';

interface FileOutcome {
  file: string;
  path: string;
  status: FileStatus;
  reason?: string;
  line?: number;
}

function languageOf(project: Project): FormatLanguage {
  return urlScheme(project.config.url) === 'mariadb' ? 'mariadb' : project.dialect;
}

async function targetFiles(project: Project, files: string[]): Promise<string[]> {
  if (files.length === 0) return (await project.scanMigrations()).migrations.map((m) => m.path);
  const resolved = files.map((f) => path.resolve(project.config.cwd, f));
  for (const [index, file] of resolved.entries()) {
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile())
      throw new DbtkError('not_found', `${files[index]} is not a file.`, {
        hint: "Give migration files, or no FILE to format the project's migrations.",
      });
  }
  return resolved;
}

async function formatFile(file: string, language: FormatLanguage, check: boolean, cwd: string): Promise<FileOutcome> {
  const shown = path.relative(cwd, file) || file;
  const text = await readFile(file, 'utf8');
  const result = formatMigrationSql(text, language);
  if (!result.ok) return { file: shown, path: file, status: 'skipped', reason: result.reason, line: result.line };
  if (!result.changed) return { file: shown, path: file, status: 'unchanged' };
  if (check) return { file: shown, path: file, status: 'would_format' };
  await writeFileAtomic(file, result.text);
  return { file: shown, path: file, status: 'formatted' };
}

function printOutcomes(outcomes: FileOutcome[], check: boolean): void {
  for (const o of outcomes) {
    if (o.status === 'formatted') writeLine(`${style.green('formatted')}     ${o.file}`);
    if (o.status === 'would_format') writeLine(`${style.yellow('would format')}  ${o.file}`);
    if (o.status === 'skipped')
      writeError(`${style.yellow('skipped')}       ${o.file}${o.line ? `:${o.line}` : ''}: ${o.reason}; left unchanged`);
    if (o.status === 'applied') writeLine(style.dim(`applied       ${o.file}: left as it is (--include-applied formats it)`));
  }
  const count = (s: FileStatus) => outcomes.filter((o) => o.status === s).length;
  const parts = [
    check ? `${count('would_format')} would be formatted` : `${count('formatted')} formatted`,
    `${count('unchanged')} already formatted`,
    ...(count('skipped') ? [`${count('skipped')} skipped`] : []),
    ...(count('applied') ? [`${count('applied')} applied left alone`] : []),
  ];
  writeLine(style.dim(`${outcomes.length} file${outcomes.length === 1 ? '' : 's'}: ${parts.join(', ')}.`));
}

export function register(program: Command): void {
  program
    .command('fmt')
    .description('format migration SQL (keeps -- migrate:up/down markers and options)')
    .argument('[files...]', "files to format (default: the project's migrations)")
    .option('--check', 'change nothing; exit 1 if any file would be reformatted')
    .option('--include-applied', 'format applied migrations too (their checksum changes: status will call them modified)')
    .option('--json', 'print JSON')
    .action(
      runAction(async (files: string[], opts: { check?: boolean; includeApplied?: boolean; json?: boolean }, command: Command) => {
        const project = await openProjectFromCli(command);
        const language = languageOf(project);
        const targets = await targetFiles(project, files);
        const applied = opts.includeApplied ? undefined : await knownAppliedVersions(project);
        const isApplied = (file: string) => {
          const version = splitMigrationFileName(path.basename(file))?.version;
          return version !== undefined && Boolean(applied?.versions.has(version));
        };
        const outcomes: FileOutcome[] = [];
        for (const file of targets) {
          if (isApplied(file)) outcomes.push({ file: path.relative(project.config.cwd, file) || file, path: file, status: 'applied' });
          else outcomes.push(await formatFile(file, language, Boolean(opts.check), project.config.cwd));
        }
        if (applied?.source === 'unknown' && targets.length && !opts.json)
          writeError(
            `${style.yellow('Note:')} neither the database nor history says which migrations are applied, so every file is formatted.`,
          );
        const wouldChange = outcomes.some((o) => o.status === 'would_format');
        const code = opts.check && wouldChange ? EXIT.FAILED : EXIT.OK;
        if (opts.json) {
          writeJson({
            ok: code === EXIT.OK,
            check: Boolean(opts.check),
            language,
            appliedKnownFrom: applied?.source ?? null,
            files: outcomes.map(({ path: _path, ...rest }) => rest),
          });
          return code;
        }
        if (language === 'generic')
          writeError(`${style.yellow('Note:')} the database dialect is not known from the URL, so generic SQL formatting is used.`);
        if (targets.length === 0) writeLine('No migration files to format.');
        else printOutcomes(outcomes, Boolean(opts.check));
        return code;
      }),
    );
}
