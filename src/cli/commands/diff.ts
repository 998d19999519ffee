// `dbtk diff`: drift between the live database and the schema file — object summary and
// unified diff as text or JSON, a Markdown/HTML report, a migration generated from it, and
// exit code 1 on drift under --exit-code (for CI).

import type { Command } from 'commander';
import { InvalidArgumentError } from '../commander.js';
import { CHANGE_MARK, changeDetail, reportFormatFor, schemaDiffJson, writeDiffReport } from '../../core/schema/report.js';
import { validateMigrationName } from '../../core/migrations/name.js';
import { schemaPatch, type SchemaDiff } from '../../core/schema/diff.js';
import { diffLiveSchema } from '../../core/project/live-schema.js';
import { saveMigrationFromDiff, type SavedMigration } from '../../core/project/generated-migration.js';
import { describeObject, type ObjectChange } from '../../core/schema/objects.js';
import { globalOptions, openProjectFromCli } from '../context.js';
import { EXIT, runAction, style, writeJson, writeLine } from '../output.js';

interface DiffOptions {
  json?: boolean;
  exitCode?: boolean;
  unified: number;
  output?: string;
  force?: boolean;
  generate?: string;
}

function contextLines(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n))
    throw new InvalidArgumentError('expected a whole number of lines, e.g. --unified 5');
  return n;
}

const CHANGE_STYLE: Record<ObjectChange['change'], (s: string) => string> = {
  added: (s) => style.green(s),
  removed: (s) => style.red(s),
  changed: (s) => style.yellow(s),
};

function printChange(change: ObjectChange, indent: string): void {
  const detail = changeDetail(change);
  const mark = CHANGE_STYLE[change.change](`${CHANGE_MARK[change.change]} ${change.change.padEnd(7)}`);
  writeLine(`${indent}${mark} ${describeObject(change)}${detail ? style.dim(`  ${detail}`) : ''}`);
}

function printPatch(patch: string): void {
  for (const line of patch.trimEnd().split('\n')) {
    if (line.startsWith('+++') || line.startsWith('---')) writeLine(style.bold(line));
    else if (line.startsWith('@@')) writeLine(style.cyan(line));
    else if (line.startsWith('+')) writeLine(style.green(line));
    else if (line.startsWith('-')) writeLine(style.red(line));
    else writeLine(line);
  }
}

function printText(diff: SchemaDiff, context: number): void {
  if (!diff.hasDrift) {
    writeLine(style.green(`No drift: the live schema matches ${diff.labels.expected}.`));
    return;
  }
  const objects = diff.changes.length === 1 ? '1 object change' : `${diff.changes.length} object changes`;
  writeLine(
    style.bold(
      `Drift between ${diff.labels.expected} and the ${diff.labels.actual}: ${objects}, +${diff.stats.added} -${diff.stats.removed} lines.`,
    ),
  );
  writeLine();
  if (diff.changes.length) {
    writeLine(style.bold('Objects (schema file → database)'));
    for (const change of diff.changes) printChange(change, '  ');
  } else {
    writeLine(style.dim('No table, column, index, constraint, view or function differs; the lines below still do.'));
  }
  writeLine();
  printPatch(schemaPatch(diff, context));
}

/** The drift was read from the database, so the database already has it: the command that records the new migration as applied. */
function markCommandFor(saved: Pick<SavedMigration, 'file'>): string {
  return `dbtk mark applied ${/^(\d+)/.exec(saved.file)?.[1] ?? saved.file}`;
}

function printSaved(saved: SavedMigration): void {
  writeLine(
    `${style.green('Created')} ${saved.path} ${style.dim(`(${saved.generated} change${saved.generated === 1 ? '' : 's'} as SQL)`)}`,
  );
  for (const note of saved.skipped) writeLine(style.yellow(`  not generated: ${note}`));
  writeLine(
    `The database already has these changes, so \`dbtk up\` would fail on them. Record the migration as applied without running it:`,
  );
  writeLine(`  ${style.bold(markCommandFor(saved))}`);
}

export function register(program: Command): void {
  program
    .command('diff')
    .description('compare the live database schema with the schema file (drift check)')
    .option('--json', 'print JSON')
    .option('--exit-code', 'exit 1 when the database has drifted from the schema file (for CI)')
    .option('-U, --unified <n>', 'lines of context around each change', contextLines, 3)
    .option('-o, --output <file>', 'also write a report: FILE.md (Markdown) or FILE.html (HTML)')
    .option('--force', 'with --output: replace FILE even if it is not an earlier report')
    .option('--generate <name>', 'write the drift as a new migration NAME (up and down)')
    .addHelpText(
      'after',
      '\nThe schema file is never written: the live schema is dumped to a temporary file.\nExit codes: 0 no drift (or no --exit-code), 1 drift with --exit-code or failure, 2 usage.',
    )
    .action(
      runAction(async (opts: DiffOptions, command: Command) => {
        const json = Boolean(opts.json || globalOptions(command).json);
        if (opts.generate !== undefined) validateMigrationName(opts.generate);
        if (opts.output) reportFormatFor(opts.output);
        const project = await openProjectFromCli(command);
        const diff = await diffLiveSchema(project);
        const report = opts.output
          ? await writeDiffReport(diff, opts.output, { cwd: project.config.cwd, context: opts.unified, force: opts.force })
          : undefined;
        const saved = opts.generate && diff.hasDrift ? await saveMigrationFromDiff(project, diff, opts.generate) : undefined;
        if (json) {
          writeJson({
            ...schemaDiffJson(diff, opts.unified),
            report: report ?? null,
            migration: saved
              ? {
                  path: saved.path,
                  file: saved.file,
                  generated: saved.generated,
                  skipped: saved.skipped,
                  markCommand: markCommandFor(saved),
                }
              : null,
          });
        } else {
          printText(diff, opts.unified);
          if (report) writeLine(`${style.green('Report written to')} ${report}`);
          if (saved) printSaved(saved);
          else if (opts.generate) writeLine(style.dim('No migration written: there is no drift to record.'));
        }
        return opts.exitCode && diff.hasDrift ? EXIT.FAILED : EXIT.OK;
      }),
    );
}
