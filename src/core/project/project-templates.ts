// Templates for one project: its own `.dbtk/templates/` over the shipped ones, its dialect,
// and where existing table definitions are read from (the live database, dumped through dbmate
// into a temporary file — never the project's schema file — then the schema file; loaded
// once, and only when a template asks).

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Project } from './project.js';
import { dumpLiveSchema } from './live-schema.js';
import { parseSchemaObjects } from '../schema/objects.js';
import type { LoadedSchema, RenderContext, SchemaSource } from '../templates/derived.js';
import {
  chooseTemplate,
  loadTemplateLibrary,
  projectTemplatesDir,
  type ChosenTemplate,
  type TemplateLibrary,
} from '../templates/library.js';
import { renderTemplate, templateReadsSchema, type RenderResult } from '../templates/render.js';

function mentions(sql: string, table: string): boolean {
  const name = table.split('.').pop() ?? table;
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^\\w$])${escaped}($|[^\\w$])`, 'i').test(sql);
}

export function projectSchemaSource(project: Project): SchemaSource {
  let loaded: Promise<{ schemas: LoadedSchema[]; notes: string[] }> | undefined;
  const load = async () => {
    const { config, dialect } = project;
    const schemas: LoadedSchema[] = [];
    const notes: string[] = [];
    const shownFile = path.relative(config.cwd, config.schemaFile) || config.schemaFile;
    let liveProblem: string | undefined;
    if (config.url) {
      try {
        schemas.push({ origin: 'the live database', model: parseSchemaObjects(await dumpLiveSchema(project), dialect) });
      } catch (error) {
        liveProblem = (error as Error).message.split('\n')[0].replace(/\.$/, '');
      }
    }
    try {
      schemas.push({ origin: shownFile, model: parseSchemaObjects(await readFile(config.schemaFile, 'utf8'), dialect) });
      if (liveProblem) notes.push(`The live schema could not be read (${liveProblem}), so ${shownFile} was used.`);
    } catch {
      if (liveProblem) notes.push(`Neither the live schema (${liveProblem}) nor ${shownFile} could be read.`);
    }
    return { schemas, notes };
  };
  return {
    load: () => (loaded ??= load()),
    async pendingMentioning(table: string): Promise<string[]> {
      try {
        const [status, scan] = await Promise.all([project.status(), project.scanMigrations()]);
        const pending = new Set(status.migrations.filter((m) => m.status === 'pending').map((m) => m.version));
        return scan.migrations.filter((file) => pending.has(file.version) && mentions(file.up?.sql ?? '', table)).map((file) => file.file);
      } catch {
        return [];
      }
    },
  };
}

/** Shipped templates plus the project's `.dbtk/templates/`. */
export function loadProjectTemplates(project: Project): Promise<TemplateLibrary> {
  return loadTemplateLibrary({ projectDir: projectTemplatesDir(project.config.cwd) });
}

/** How to render templates for this project (the schema is read only if the template needs it). */
export function projectRenderContext(project: Project, template?: ChosenTemplate): RenderContext {
  const needsSchema = !template || templateReadsSchema(template);
  return { dialect: project.dialect, url: project.config.url, schema: needsSchema ? projectSchemaSource(project) : undefined };
}

/** Picks `name` for the project's dialect and renders it with `values` (throws usage errors for bad values). */
export async function renderProjectTemplate(
  project: Project,
  name: string,
  values: Record<string, string>,
  library?: TemplateLibrary,
): Promise<RenderResult> {
  const template = chooseTemplate(library ?? (await loadProjectTemplates(project)), name, project.dialect);
  return renderTemplate(template, values, projectRenderContext(project, template));
}
