// `dbtk new NAME [--template T --set key=value…]`: creates a dbmate migration file (dbmate names
// it), optionally filled from a template, optionally opening it. Every value is checked before
// anything is written: a missing or invalid value creates no file.

import type { Command } from 'commander';
import { openInEditor } from '../../core/shared/editor.js';
import { DbtkError } from '../../core/shared/errors.js';
import { validateMigrationName } from '../../core/migrations/name.js';
import { createMigration } from '../../core/project/new-migration.js';
import { renderProjectTemplate } from '../../core/project/project-templates.js';
import type { RenderResult } from '../../core/templates/render.js';
import { openProjectFromCli } from '../context.js';
import { runAction, style, writeError, writeJson, writeLine } from '../output.js';

interface NewOptions {
  template?: string;
  set: string[];
  edit?: boolean;
  json?: boolean;
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** `--set key=value` pairs (the value may contain `=`). */
export function parseSetOptions(pairs: readonly string[]): Record<string, string> {
  const values: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0)
      throw new DbtkError('usage', `--set needs key=value, got "${pair}".`, { hint: 'Example: --set table=users --set column=email' });
    values[pair.slice(0, at).trim()] = pair.slice(at + 1);
  }
  return values;
}

export function register(program: Command): void {
  program
    .command('new')
    .alias('n')
    .description('create a new migration file, blank or from a template')
    .argument('<name>', 'migration name in snake_case, e.g. create_users')
    .option('-t, --template <name>', 'fill the file from a template (see `dbtk templates`)')
    .option('--set <key=value>', 'a template value (repeatable)', collect, [])
    .option('--edit', 'open the new file in $VISUAL / $EDITOR')
    .option('--json', 'print JSON')
    .action(
      runAction(async (name: string, opts: NewOptions, command: Command) => {
        validateMigrationName(name);
        if (opts.set.length && !opts.template) {
          throw new DbtkError('usage', '--set only applies with --template.', {
            hint: 'Example: dbtk new add_email --template add_column --set table=users --set column=email',
          });
        }
        const values = parseSetOptions(opts.set);
        const project = await openProjectFromCli(command);
        const rendered: RenderResult | undefined = opts.template ? await renderProjectTemplate(project, opts.template, values) : undefined;
        const created = await createMigration(project, name, rendered?.content);
        if (opts.edit) await openInEditor(created.path, project.config.cwd);
        const notes = rendered?.notes ?? [];
        if (created.bumpedFrom) notes.push(`Version ${created.bumpedFrom} was already taken, so the file got ${created.version}.`);
        if (opts.json) {
          const template = rendered && {
            name: rendered.template.name,
            dialect: rendered.template.dialect,
            source: rendered.template.source,
            path: rendered.template.path,
          };
          writeJson({
            ok: true,
            path: created.path,
            file: created.file,
            version: created.version,
            ...(template ? { template } : {}),
            notes,
          });
          return;
        }
        const from = rendered ? ` from ${rendered.template.source === 'project' ? 'project ' : ''}template ${rendered.template.name}` : '';
        writeLine(`${style.green('Created')} ${created.path}${from}`);
        for (const note of notes) writeError(`${style.yellow('Note:')} ${note}`);
      }),
    );
}
