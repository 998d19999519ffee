// `dbtk convert --from TOOL DIR [--out DIR] [--dry-run] [--database]`: another tool's migrations
// as dbmate files. Without --out (or with --dry-run) it only prints the plan; with --out it
// writes the files (never over existing ones); --database also records, in dbmate's table,
// the versions the tool's own history table says were applied.

import path from 'node:path';
import type { Command } from 'commander';
import { planConversion, parseSourceTool } from '../../core/convert/plan.js';
import { SOURCE_TOOLS, type ConversionPlan } from '../../core/convert/types.js';
import { conversionClashes, writeConversion } from '../../core/convert/write.js';
import { executeHistoryImport, planHistoryImport, type HistoryImportPlan } from '../../core/project/convert-database.js';
import { DbtkError } from '../../core/shared/errors.js';
import { confirmDestructive } from '../confirm.js';
import { globalOptions, openProjectFromCli } from '../context.js';
import { runAction, style, writeError, writeJson, writeLine } from '../output.js';
import { addLockTimeoutOption, lockOptions, type LockFlags } from '../run-options.js';

interface ConvertFlags extends LockFlags {
  from: string;
  out?: string;
  dryRun?: boolean;
  database?: boolean;
  toolTable?: string;
  json?: boolean;
  yes?: boolean;
}

const MAX_MAPPINGS_SHOWN = 20;

function printPlan(plan: ConversionPlan, outDir: string | undefined, write: boolean): void {
  const count = plan.migrations.length;
  writeLine(style.bold(`${count} ${plan.tool} migration${count === 1 ? '' : 's'} from ${plan.sourceDir}${write ? ` → ${outDir}` : ''}`));
  for (const m of plan.migrations) {
    const options = [m.up.transaction ? '' : 'transaction:false', m.down.sql ? '' : 'empty down'].filter(Boolean).join(', ');
    writeLine(`  ${m.file}  ${style.dim(`← ${m.files.join(' + ')}${options ? ` (${options})` : ''}`)}`);
    for (const note of m.notes) writeLine(style.yellow(`    note: ${note}`));
  }
  if (plan.mappings.length) {
    writeLine();
    writeLine(style.bold('Versions renamed so that dbmate keeps their order (tool → dbmate):'));
    for (const mapping of plan.mappings.slice(0, MAX_MAPPINGS_SHOWN)) writeLine(`  ${mapping.from} → ${mapping.to}`);
    if (plan.mappings.length > MAX_MAPPINGS_SHOWN)
      writeLine(style.dim(`  … and ${plan.mappings.length - MAX_MAPPINGS_SHOWN} more (--json lists all)`));
  }
  if (plan.skipped.length) {
    writeLine();
    writeLine(style.yellow(`Not converted (${plan.skipped.length}):`));
    for (const item of plan.skipped) writeLine(`  ${item.file}: ${item.reason}`);
  }
}

function printHistory(history: HistoryImportPlan, done: boolean): void {
  writeLine();
  const verb = done ? 'Recorded' : 'Would record';
  writeLine(
    `${history.record.length ? style.green(`${verb} ${history.record.length} version${history.record.length === 1 ? '' : 's'} as applied`) : 'Nothing to record as applied'} in ${history.migrationsTable} (from ${history.toolTable}).`,
  );
  if (history.record.length) writeLine(style.dim(`  ${history.record.map((r) => r.version).join(', ')}`));
  if (history.alreadyRecorded.length) writeLine(style.dim(`  already recorded: ${history.alreadyRecorded.join(', ')}`));
  if (history.unmatched.length)
    writeLine(style.yellow(`  applied by the tool but not converted (not recorded): ${history.unmatched.join(', ')}`));
  if (history.migrationsTable !== 'schema_migrations')
    writeLine(style.dim(`  dbmate must use this table from now on: set DBMATE_MIGRATIONS_TABLE=${history.migrationsTable} in .env.`));
}

export function register(program: Command): void {
  const command = program
    .command('convert')
    .description("convert another tool's migrations (and history) to dbmate")
    .argument('<dir>', "the other tool's migrations folder")
    .requiredOption('--from <tool>', `the tool: ${SOURCE_TOOLS.join(', ')}`)
    .option('--out <dir>', 'write the dbmate files into this folder (never over existing files)')
    .option('--dry-run', 'only print the plan (the default without --out)')
    .option('--database', "also read the tool's history table and record its applied versions as applied in dbmate's table")
    .option('--tool-table <name>', "the tool's history table, when not its default")
    .option('--json', 'print JSON')
    .option('-y, --yes', 'do not ask for confirmation before recording (for scripts)')
    .addHelpText(
      'after',
      `\nExamples:\n  dbtk convert --from goose db/goose                       # print the plan\n  dbtk convert --from flyway sql --out db/migrations        # write the files\n  dbtk convert --from golang-migrate migrations --out db/migrations --database --migrations-table dbmate_migrations`,
    );
  addLockTimeoutOption(command).action(
    runAction(async (dir: string, opts: ConvertFlags, cmd: Command) => {
      const json = Boolean(opts.json || globalOptions(cmd).json);
      const tool = parseSourceTool(opts.from);
      const write = Boolean(opts.out) && !opts.dryRun;
      const plan = await planConversion(tool, dir);
      if (plan.migrations.length === 0)
        throw new DbtkError('not_found', `No ${tool} migrations were found in ${plan.sourceDir}. Nothing was converted.`, {
          hint: `Check the folder and --from (${SOURCE_TOOLS.join(', ')}).`,
        });
      const outDir = opts.out ? path.resolve(opts.out) : undefined;
      const clashes = outDir ? await conversionClashes(plan, outDir) : [];
      const project = opts.database ? await openProjectFromCli(cmd) : undefined;
      // Everything is checked before anything is written: the files, then the tool's history.
      const history = project ? await planHistoryImport(project, plan, { toolTable: opts.toolTable }) : undefined;
      if (write && clashes.length) await writeConversion(plan, outDir!); // refuses, listing the clashes
      if (write && project && history?.record.length) {
        await confirmDestructive({
          config: project.config,
          action: `Write ${plan.migrations.length} files to ${outDir} and record ${history.record.length} version(s) as applied on ${project.config.redactedUrl}`,
          yes: opts.yes ?? globalOptions(cmd).yes,
          connectionFlag: globalOptions(cmd).connection,
        });
      }
      const written = write ? await writeConversion(plan, outDir!) : [];
      const recorded = write && project && history ? await executeHistoryImport(project, history, lockOptions(opts)) : undefined;
      if (json) {
        writeJson({
          ok: true,
          command: 'convert',
          dryRun: !write,
          tool,
          sourceDir: plan.sourceDir,
          outDir: outDir ?? null,
          migrations: plan.migrations.map((m) => ({
            version: m.version,
            sourceVersion: m.sourceVersion,
            file: m.file,
            sources: m.files,
            transaction: m.up.transaction,
            emptyDown: !m.down.sql,
            notes: m.notes,
          })),
          mappings: plan.mappings,
          skipped: plan.skipped,
          clashes,
          written,
          history: history ? { ...history, recorded: recorded?.added ?? [] } : null,
          warnings: [recorded?.historyWarning, recorded?.schemaWarning].filter(Boolean),
        });
        return;
      }
      printPlan(plan, outDir, write);
      if (history) printHistory(history, Boolean(recorded));
      writeLine();
      if (write) writeLine(style.green(`Wrote ${written.length} file${written.length === 1 ? '' : 's'} to ${outDir}.`));
      else if (clashes.length)
        writeLine(style.yellow(`${clashes.length} file(s) would clash with ${outDir}: ${clashes.map((c) => c.existing).join(', ')}`));
      else writeLine(style.dim(`Dry run: nothing was written.${opts.out ? '' : ' Add --out db/migrations to write the files.'}`));
      for (const warning of [recorded?.historyWarning, recorded?.schemaWarning])
        if (warning) writeError(`${style.yellow('Warning:')} ${warning}`);
    }),
  );
}
