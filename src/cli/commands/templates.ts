// `dbtk templates [list]` and `dbtk templates show NAME`: the migration templates available to
// this project (shipped plus `.dbtk/templates/`), for its database dialect or `--dialect`.

import path from 'node:path';
import type { Command } from 'commander';
import { dialectLabel, type Dialect } from '../../core/shared/dialect.js';
import { DbtkError } from '../../core/shared/errors.js';
import { loadProjectTemplates } from '../../core/project/project-templates.js';
import { chooseTemplate, listTemplates, type ChosenTemplate, type TemplateLibrary } from '../../core/templates/library.js';
import { openProjectFromCli } from '../context.js';
import { runAction, style, writeError, writeJson, writeLine } from '../output.js';

const DIALECT_NAMES: Record<string, Dialect> = {
  postgres: 'postgres',
  postgresql: 'postgres',
  mysql: 'mysql',
  mariadb: 'mysql',
  sqlite: 'sqlite',
  sqlite3: 'sqlite',
  generic: 'generic',
};

interface TemplateOptions {
  dialect?: string;
  json?: boolean;
}

async function open(command: Command, options: TemplateOptions): Promise<{ library: TemplateLibrary; dialect: Dialect; cwd: string }> {
  let dialect: Dialect | undefined;
  if (options.dialect) {
    dialect = DIALECT_NAMES[options.dialect.toLowerCase()];
    if (!dialect)
      throw new DbtkError('usage', `Unknown dialect "${options.dialect}".`, { hint: 'Use postgres, mysql, sqlite or generic.' });
  }
  const project = await openProjectFromCli(command);
  return { library: await loadProjectTemplates(project), dialect: dialect ?? project.dialect, cwd: project.config.cwd };
}

function shown(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  return relative.startsWith('..') ? file : relative;
}

function printProblems(library: TemplateLibrary, cwd: string): void {
  for (const problem of library.problems) writeError(`${style.yellow('Warning:')} ${shown(problem.path, cwd)}: ${problem.message}`);
}

async function listAction(options: TemplateOptions, command: Command): Promise<void> {
  const { library, dialect, cwd } = await open(command, options);
  const rows = listTemplates(library, dialect);
  if (options.json) {
    writeJson({ ok: true, dialect, templates: rows.map((r) => ({ ...r, path: shown(r.path, cwd) })), problems: library.problems });
    return;
  }
  const own = library.variants.filter((v) => v.source === 'project').length;
  const projectDir = library.projectDir ? `${shown(library.projectDir, cwd)}/` : '.dbtk/templates/';
  writeLine(
    `Templates for ${dialectLabel(dialect)} ${style.dim(own ? `(${own} project file${own === 1 ? '' : 's'} in ${projectDir})` : `(add your own in ${projectDir})`)}`,
  );
  writeLine();
  const width = Math.max(...rows.map((r) => r.name.length));
  for (const row of rows) {
    const origin = row.source === 'project' ? style.cyan(row.overridesShipped ? ' (project, replaces shipped)' : ' (project)') : '';
    writeLine(`  ${style.bold(row.name.padEnd(width))}  ${row.description}${origin}`);
  }
  writeLine();
  writeLine(style.dim('Details: dbtk templates show NAME · use: dbtk new NAME --template T --set key=value'));
  printProblems(library, cwd);
}

function exampleCommand(template: ChosenTemplate): string {
  const sets = template.placeholders
    .filter((p) => p.required)
    .map((p) => ` --set ${p.key}=…`)
    .join('');
  return `dbtk new ${template.name === 'blank' ? 'my_change' : template.name} --template ${template.name}${sets}`;
}

function printTemplate(template: ChosenTemplate, cwd: string): void {
  writeLine(`${style.bold(template.name)} — ${template.description}`);
  const variant = template.dialect === 'generic' ? 'generic SQL' : dialectLabel(template.dialect);
  writeLine(style.dim(`${variant} variant, ${template.source}: ${shown(template.path, cwd)}`));
  for (const note of template.notes) writeLine(`${style.yellow('Note:')} ${note}`);
  writeLine();
  if (template.placeholders.length) {
    const keyWidth = Math.max(3, ...template.placeholders.map((p) => p.key.length));
    writeLine(style.dim(`  ${'KEY'.padEnd(keyWidth)}  ${'KIND'.padEnd(18)}  ${'REQUIRED'.padEnd(8)}  ${'DEFAULT'.padEnd(26)}  LABEL`));
    for (const p of template.placeholders) {
      const kind = p.kind === 'list' ? `list of ${p.of}s` : p.kind === 'choice' ? 'choice' : p.kind;
      const label = p.kind === 'choice' ? `${p.label} (${p.options?.join(' | ')})` : p.label;
      writeLine(
        `  ${p.key.padEnd(keyWidth)}  ${kind.padEnd(18)}  ${(p.required ? 'yes' : '').padEnd(8)}  ${(p.default ?? '').padEnd(26)}  ${label}`,
      );
    }
    writeLine();
  }
  writeLine(template.body.trimEnd());
  writeLine();
  writeLine(style.dim(`Use: ${exampleCommand(template)}`));
}

async function showAction(name: string, options: TemplateOptions, command: Command): Promise<void> {
  const { library, dialect, cwd } = await open(command, options);
  const template = chooseTemplate(library, name, dialect);
  if (options.json) {
    const { requestedDialect, notes, body, placeholders, derived, description, source } = template;
    writeJson({
      ok: true,
      name,
      description,
      dialect: template.dialect,
      requestedDialect,
      source,
      path: shown(template.path, cwd),
      placeholders,
      derived,
      body,
      notes,
    });
    return;
  }
  printTemplate(template, cwd);
}

export function register(program: Command): void {
  const templates = program.command('templates').description('list and show migration templates (shipped and .dbtk/templates/)');
  templates
    .command('list', { isDefault: true })
    .description("list the templates for this project's database")
    .option('--dialect <name>', "list for postgres, mysql, sqlite or generic instead of the project's database")
    .option('--json', 'print JSON')
    .action(runAction((options: TemplateOptions, command: Command) => listAction(options, command)));
  templates
    .command('show')
    .description('show one template: its placeholders and SQL')
    .argument('<name>', 'template name, e.g. add_column')
    .option('--dialect <name>', 'show the variant for postgres, mysql, sqlite or generic')
    .option('--json', 'print JSON')
    .action(runAction((name: string, options: TemplateOptions, command: Command) => showAction(name, options, command)));
}
