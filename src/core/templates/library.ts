// Migration templates: shipped ones in `templates/`, project ones in `.dbtk/templates/` that add
// to or override them. A template is a dbmate migration with `{{placeholder}}` values and a YAML
// front matter declaring each placeholder (label, kind, default, required) and any derived
// values. `<name>.sql` is the generic SQL; `<name>.<dialect>.sql` the variant for one database.
// Rendering checks every value first (template-values.ts), so typed text cannot escape its
// SQL position, and never touches the migrations directory.

import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import Mustache from 'mustache';
import { parse as parseYaml } from 'yaml';
import { dialectLabel, type Dialect } from '../shared/dialect.js';
import { DbtkError } from '../shared/errors.js';
import { PACKAGE_ROOT } from '../shared/package-root.js';
import { derivedSpecProblem, type DerivedSpec } from './derived.js';
import type { ChosenTemplate, TemplateSource, TemplateVariant } from './types.js';
import { PLACEHOLDER_KINDS, type Placeholder, type PlaceholderKind } from './values.js';

export type { ChosenTemplate, TemplateSource, TemplateVariant };

const SHIPPED_TEMPLATES_DIR = path.join(PACKAGE_ROOT, 'templates');
const TEMPLATE_FILE = /^([a-z][a-z0-9_]*)(?:\.(postgres|mysql|sqlite|clickhouse|bigquery|generic))?\.sql$/;

export interface TemplateProblem {
  path: string;
  message: string;
}

export interface TemplateLibrary {
  variants: TemplateVariant[];
  /** Files that could not be used (bad front matter, unknown tags…), with why. */
  problems: TemplateProblem[];
  projectDir?: string;
}

/** `.dbtk/templates` of a project directory. */
export function projectTemplatesDir(cwd: string): string {
  return path.join(cwd, '.dbtk', 'templates');
}

function templateError(file: string, message: string): DbtkError {
  return new DbtkError('config', `Template ${path.basename(file)}: ${message}`, { file });
}

function asString(value: unknown, what: string, file: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw templateError(file, `${what} must be text`);
}

const PLACEHOLDER_FIELDS = new Set(['label', 'kind', 'required', 'default', 'qualified', 'help', 'of', 'options']);

function parsePlaceholder(key: string, raw: unknown, file: string): Placeholder {
  if (!/^[a-z][a-z0-9_]*$/.test(key)) throw templateError(file, `placeholder name "${key}" must be lowercase letters, digits and underscores`);
  const spec = (raw ?? {}) as Record<string, unknown>;
  if (typeof spec !== 'object' || Array.isArray(spec)) throw templateError(file, `placeholder "${key}" must be a map (label, kind, …)`);
  const unknown = Object.keys(spec).filter((field) => !PLACEHOLDER_FIELDS.has(field));
  if (unknown.length) {
    throw templateError(file, `placeholder "${key}": unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map((f) => `"${f}"`).join(', ')} (quote labels that contain commas)`);
  }
  const kind = (spec.kind ?? 'identifier') as PlaceholderKind;
  if (!PLACEHOLDER_KINDS.includes(kind)) throw templateError(file, `placeholder "${key}": kind must be one of ${PLACEHOLDER_KINDS.join(', ')}`);
  const placeholder: Placeholder = {
    key,
    label: asString(spec.label, `placeholder "${key}" label`, file) ?? key,
    kind,
    required: spec.required === true,
  };
  const fallback = asString(spec.default, `placeholder "${key}" default`, file);
  if (fallback !== undefined) placeholder.default = fallback;
  if (spec.qualified === true) placeholder.qualified = true;
  const help = asString(spec.help, `placeholder "${key}" help`, file);
  if (help) placeholder.help = help;
  if (kind === 'list') {
    const of = spec.of ?? 'identifier';
    if (of !== 'identifier' && of !== 'expression') throw templateError(file, `placeholder "${key}": "of" must be identifier or expression`);
    placeholder.of = of;
  }
  if (kind === 'choice') {
    if (!Array.isArray(spec.options) || spec.options.length === 0) throw templateError(file, `placeholder "${key}": a choice needs options: [a, b]`);
    placeholder.options = spec.options.map((o) => String(o));
  }
  return placeholder;
}

function splitFrontMatter(text: string, file: string): { meta: Record<string, unknown>; body: string } {
  const normalized = text.replace(/\r\n/g, '\n');
  const match = /^---\n([\s\S]*?)\n---\n?/.exec(normalized);
  if (!match) throw templateError(file, 'it must start with a front matter block between --- lines (description, placeholders)');
  let meta: unknown;
  try {
    meta = parseYaml(match[1]);
  } catch (error) {
    throw templateError(file, `the front matter is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  if (!meta || typeof meta !== 'object' || Array.isArray(meta)) throw templateError(file, 'the front matter must be a map');
  return { meta: meta as Record<string, unknown>, body: normalized.slice(match[0].length) };
}

/** Every `{{tag}}` name used in a Mustache body (first part of dotted names). */
function tagNames(tokens: unknown[], out = new Set<string>()): Set<string> {
  for (const token of tokens as [string, string, number, number, unknown[]?][]) {
    const [type, value] = token;
    if (type === 'name' || type === '&' || type === '#' || type === '^') out.add(value.split('.')[0]);
    if ((type === '#' || type === '^') && token[4]) tagNames(token[4], out);
  }
  return out;
}

/** Parses one template file's text (exported for tests and `templates show`). */
export function parseTemplate(text: string, file: string, source: TemplateSource): TemplateVariant {
  const match = TEMPLATE_FILE.exec(path.basename(file));
  if (!match) throw templateError(file, 'file names are <name>.sql or <name>.<postgres|mysql|sqlite>.sql, name in snake_case');
  const { meta, body } = splitFrontMatter(text, file);
  const description = asString(meta.description, 'description', file);
  if (!description) throw templateError(file, 'the front matter needs a one-line description');
  const rawPlaceholders = (meta.placeholders ?? {}) as Record<string, unknown>;
  if (typeof rawPlaceholders !== 'object' || Array.isArray(rawPlaceholders)) throw templateError(file, 'placeholders must be a map of name → {label, kind, …}');
  const placeholders = Object.entries(rawPlaceholders).map(([key, spec]) => parsePlaceholder(key, spec, file));
  const keys = new Set(placeholders.map((p) => p.key));
  const derived = Object.entries((meta.derived ?? {}) as Record<string, Record<string, unknown>>).map(([key, spec]): DerivedSpec => {
    const { helper, ...args } = spec ?? {};
    return { key, helper: String(helper), args: Object.fromEntries(Object.entries(args).map(([k, v]) => [k, String(v)])) };
  });
  for (const spec of derived) {
    const problem = derivedSpecProblem(spec, keys);
    if (problem) throw templateError(file, problem);
  }
  checkBody(body, placeholders, derived, file);
  return { name: match[1], dialect: (match[2] as Dialect | undefined) ?? 'generic', source, path: file, description, placeholders, derived, body };
}

function checkBody(body: string, placeholders: Placeholder[], derived: DerivedSpec[], file: string): void {
  let tokens: unknown[];
  try {
    tokens = Mustache.parse(body);
  } catch (error) {
    throw templateError(file, `the {{…}} tags do not parse: ${(error as Error).message}`);
  }
  const known = new Set<string>([...placeholders.map((p) => p.key), ...derived.map((d) => d.key)]);
  for (const p of placeholders) if (p.kind === 'identifier') known.add(`${p.key}_schema`).add(`${p.key}_name`);
  for (const name of tagNames(tokens)) {
    if (!known.has(name)) throw templateError(file, `{{${name}}} is not declared in the front matter`);
  }
  if (!/^--\s*migrate:up\b/m.test(body) || !/^--\s*migrate:down\b/m.test(body)) throw templateError(file, 'the body needs "-- migrate:up" and "-- migrate:down" lines');
}

async function loadDir(dir: string, source: TemplateSource, library: TemplateLibrary): Promise<void> {
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    library.problems.push({ path: dir, message: `cannot be read: ${(error as Error).message}` });
    return;
  }
  for (const entry of entries.sort()) {
    if (!entry.endsWith('.sql')) continue;
    const file = path.join(dir, entry);
    try {
      library.variants.push(parseTemplate(await readFile(file, 'utf8'), file, source));
    } catch (error) {
      library.problems.push({ path: file, message: (error as Error).message });
    }
  }
}

/** Reads the shipped templates and, when given, a project's `.dbtk/templates/`. */
export async function loadTemplateLibrary(options: { projectDir?: string; shippedDir?: string } = {}): Promise<TemplateLibrary> {
  const library: TemplateLibrary = { variants: [], problems: [], projectDir: options.projectDir };
  await loadDir(options.shippedDir ?? SHIPPED_TEMPLATES_DIR, 'shipped', library);
  if (options.projectDir) await loadDir(options.projectDir, 'project', library);
  return library;
}

export function templateNames(library: TemplateLibrary): string[] {
  return [...new Set(library.variants.map((v) => v.name))].sort((a, b) => (a === 'blank' ? -1 : b === 'blank' ? 1 : a.localeCompare(b)));
}

/**
 * The variant of `name` to use for `dialect`: project before shipped, the dialect's own file
 * before the generic one. Throws a usage error listing the templates when there is none.
 */
export function chooseTemplate(library: TemplateLibrary, name: string, dialect: Dialect): ChosenTemplate {
  // A broken project file meant for this template must not be replaced silently by the shipped one.
  const broken = library.problems.find((p) => {
    const match = TEMPLATE_FILE.exec(path.basename(p.path));
    return match?.[1] === name && (!match[2] || match[2] === 'generic' || match[2] === dialect);
  });
  if (broken) throw new DbtkError('config', broken.message, { file: broken.path, hint: 'Fix the template file, or remove it to use the shipped one.' });
  const candidates = library.variants.filter((v) => v.name === name);
  if (candidates.length === 0) {
    throw new DbtkError('usage', `There is no template "${name}".`, { hint: `Available: ${templateNames(library).join(', ')}.` });
  }
  const order: [TemplateSource, Dialect][] = [['project', dialect], ['project', 'generic'], ['shipped', dialect], ['shipped', 'generic']];
  for (const [source, variantDialect] of order) {
    const found = candidates.find((v) => v.source === source && v.dialect === variantDialect);
    if (found) return { ...found, requestedDialect: dialect, notes: fallbackNotes(found, dialect) };
  }
  const only = candidates[0];
  throw new DbtkError('usage', `Template "${name}" exists only for ${dialectLabel(only.dialect)}, not for ${dialectLabel(dialect)}.`, {
    hint: 'Add a generic <name>.sql to .dbtk/templates/ or use another template.',
  });
}

/** Dialects whose shipped templates are written and tested; others get the generic SQL with a note. */
const TESTED_DIALECTS: readonly Dialect[] = ['postgres', 'mysql', 'sqlite'];

function fallbackNotes(variant: TemplateVariant, dialect: Dialect): string[] {
  if (variant.dialect !== 'generic' || TESTED_DIALECTS.includes(dialect)) return [];
  if (dialect === 'generic') {
    return ['dbtk does not know this database\'s SQL dialect (no postgres://, mysql:// or sqlite: URL), so the generic SQL template is used: check it before running.'];
  }
  return [`There is no ${dialectLabel(dialect)} variant of ${variant.name}, so the generic SQL template is used: check it before running.`];
}

/** Summary rows for `dbtk templates list` and the wizard. */
export interface TemplateSummary {
  name: string;
  description: string;
  dialect: Dialect;
  source: TemplateSource;
  /** A shipped template that a project file replaces. */
  overridesShipped: boolean;
  path: string;
}

export function listTemplates(library: TemplateLibrary, dialect: Dialect): TemplateSummary[] {
  const rows: TemplateSummary[] = [];
  for (const name of templateNames(library)) {
    let chosen: ChosenTemplate;
    try {
      chosen = chooseTemplate(library, name, dialect);
    } catch {
      continue;
    }
    const overridesShipped = chosen.source === 'project' && library.variants.some((v) => v.name === name && v.source === 'shipped');
    rows.push({ name, description: chosen.description, dialect: chosen.dialect, source: chosen.source, overridesShipped, path: chosen.path });
  }
  return rows;
}
