// Rendering a template: the typed values checked by kind (template-values.ts), defaults
// computed from other values, derived values computed by helpers (template-derived.ts), then
// the Mustache body filled in. Live previews use the same path without touching a database.

import Mustache from 'mustache';
import type { Dialect } from '../shared/dialect.js';
import { DbtkError } from '../shared/errors.js';
import { parseMigrationContent } from '../migrations/file.js';
import { computeDerived, derivedNeedsSchema, previewDerived, validateDerived, type RenderContext } from './derived.js';
import { checkValue, identifierExtras, type Placeholder, type ResolvedValue } from './values.js';
import type { ChosenTemplate, TemplateVariant } from './types.js';

const RAW = { escape: (text: unknown) => String(text) };

export interface ValueResolution {
  values: Record<string, ResolvedValue | undefined>;
  /** Defaults in effect (computed from other values where the template says so). */
  defaults: Record<string, string>;
  /** Placeholder key → what is wrong with its value. */
  problems: Record<string, string>;
  /** Required placeholders with no value and no default. */
  missing: string[];
  /** Keys given that the template does not have. */
  unknown: string[];
}

/** A value inside a computed default: names as a plain slug (`public.users` → `users`, lists joined by `_`), anything else as typed. */
function defaultPart(placeholder: Placeholder | undefined, value: ResolvedValue | undefined): string {
  if (!placeholder || !value) return '';
  const isName = placeholder.kind === 'identifier' || (placeholder.kind === 'list' && placeholder.of !== 'expression');
  if (!isName) return value.raw.trim();
  const names = (value.parts ?? []).map((name) => name.split('.').pop() ?? name);
  const parts = placeholder.kind === 'identifier' ? names.slice(-1) : names;
  return parts.join('_').replace(/[^\p{L}\p{N}_]+/gu, '_').replace(/^_+|_+$/g, '');
}

function computedDefault(template: TemplateVariant, placeholder: Placeholder, values: Record<string, ResolvedValue | undefined>): string | undefined {
  const text = placeholder.default;
  if (!text?.includes('{{')) return text;
  let complete = true;
  const view = new Proxy({}, {
    has: () => true,
    get: (_target, key) => {
      const part = defaultPart(template.placeholders.find((p) => p.key === String(key)), values[String(key)]);
      if (!part) complete = false;
      return part;
    },
  });
  const rendered = Mustache.render(text, view, {}, RAW);
  if (!complete) return undefined;
  return placeholder.kind === 'identifier' ? rendered.slice(0, 63) : rendered;
}

/** Checks typed values (`input`, by placeholder key) against a template; never throws for bad values. */
export function resolveValues(template: TemplateVariant, input: Record<string, string>, dialect: Dialect): ValueResolution {
  const result: ValueResolution = { values: {}, defaults: {}, problems: {}, missing: [], unknown: [] };
  const keys = new Set(template.placeholders.map((p) => p.key));
  result.unknown = Object.keys(input).filter((key) => !keys.has(key));
  for (const placeholder of template.placeholders) {
    const fallback = computedDefault(template, placeholder, result.values);
    if (fallback !== undefined) result.defaults[placeholder.key] = fallback;
    const typed = input[placeholder.key];
    const raw = typed !== undefined && typed.trim() !== '' ? typed : fallback ?? '';
    if (raw.trim() === '') {
      if (placeholder.required) result.missing.push(placeholder.key);
      else result.values[placeholder.key] = { raw: '', sql: placeholder.kind === 'flag' ? false : '' };
      continue;
    }
    const check = checkValue(placeholder, raw, dialect);
    if (check.ok) result.values[placeholder.key] = check.value;
    else result.problems[placeholder.key] = check.problem;
  }
  for (const spec of template.derived) {
    const found = validateDerived(spec, result.values);
    if (found && !result.problems[found.key]) result.problems[found.key] = found.problem;
  }
  return result;
}

function placeholderView(template: TemplateVariant, values: Record<string, ResolvedValue | undefined>, dialect: Dialect, marker?: (p: Placeholder) => string | boolean): Record<string, unknown> {
  const view: Record<string, unknown> = {};
  for (const placeholder of template.placeholders) {
    const value = values[placeholder.key];
    view[placeholder.key] = value ? value.sql : marker ? marker(placeholder) : '';
    if (placeholder.kind === 'identifier') {
      Object.assign(view, value?.parts ? identifierExtras(placeholder.key, value, dialect) : { [`${placeholder.key}_schema`]: '', [`${placeholder.key}_name`]: view[placeholder.key] });
    }
  }
  return view;
}

/** Tidies rendered text: no trailing spaces, at most one blank line in a row, one final newline. */
function tidy(text: string): string {
  return `${text.split('\n').map((line) => line.replace(/[ \t]+$/, '')).join('\n').replace(/\n{3,}/g, '\n\n').trim()}\n`;
}

export interface RenderResult {
  content: string;
  template: ChosenTemplate | TemplateVariant;
  values: Record<string, ResolvedValue | undefined>;
  notes: string[];
}

/** The usage error for a resolution that is not complete, listing every problem. */
function resolutionError(template: TemplateVariant, resolution: ValueResolution): DbtkError | undefined {
  const label = (key: string) => template.placeholders.find((p) => p.key === key)?.label ?? key;
  if (resolution.unknown.length) {
    return new DbtkError('usage', `Template ${template.name} has no placeholder ${resolution.unknown.map((k) => `"${k}"`).join(', ')}.`, {
      hint: `Its placeholders: ${template.placeholders.map((p) => p.key).join(', ') || 'none'}.`,
    });
  }
  if (resolution.missing.length) {
    return new DbtkError('usage', `Missing required value${resolution.missing.length > 1 ? 's' : ''} for template ${template.name}: ${resolution.missing.map((k) => `${k} (${label(k)})`).join(', ')}.`, {
      hint: `Pass them as ${resolution.missing.map((k) => `--set ${k}=…`).join(' ')}.`,
    });
  }
  const problems = Object.entries(resolution.problems);
  if (problems.length) {
    return new DbtkError('usage', `Invalid value${problems.length > 1 ? 's' : ''} for template ${template.name}: ${problems.map(([k, p]) => `${k}: ${p}`).join('; ')}.`, {
      hint: 'Names may be quoted ("My Table"); expressions must be a single SQL value without ; or comments.',
    });
  }
  return undefined;
}

/**
 * Renders a template into migration text. Throws a usage error listing every missing or
 * invalid value; reads the schema only when the template derives something from it.
 */
export async function renderTemplate(template: ChosenTemplate | TemplateVariant, input: Record<string, string>, ctx: RenderContext): Promise<RenderResult> {
  const resolution = resolveValues(template, input, ctx.dialect);
  const error = resolutionError(template, resolution);
  if (error) throw error;
  const notes = [...('notes' in template ? template.notes : [])];
  const view = placeholderView(template, resolution.values, ctx.dialect);
  for (const spec of template.derived) view[spec.key] = await computeDerived(spec, resolution.values, view, ctx, notes);
  const content = tidy(Mustache.render(template.body, view, {}, RAW));
  const parsed = parseMigrationContent('00000000000000_check.sql', '', Buffer.from(content));
  if (!parsed.up || !parsed.down) throw new DbtkError('config', `Template ${template.name}: the rendered text lost its migrate:up / migrate:down lines`, { file: template.path });
  return { content, template, values: resolution.values, notes: [...new Set(notes)] };
}

/**
 * The template as it would render with what is typed so far, for live previews: valid values
 * are filled in, the rest shown as ‹label›; nothing is read from the database.
 */
export function previewTemplate(template: TemplateVariant, input: Record<string, string>, ctx: RenderContext): string {
  const resolution = resolveValues(template, input, ctx.dialect);
  for (const key of Object.keys(resolution.problems)) resolution.values[key] = undefined;
  // A default computed from values not typed yet shows as a marker, not as nothing.
  for (const p of template.placeholders) {
    if (p.default?.includes('{{') && resolution.defaults[p.key] === undefined && !input[p.key]?.trim()) resolution.values[p.key] = undefined;
  }
  const view = placeholderView(template, resolution.values, ctx.dialect, (p) => (p.kind === 'flag' ? false : `‹${p.key}›`));
  for (const spec of template.derived) view[spec.key] = previewDerived(spec, resolution.values, view, ctx);
  return tidy(Mustache.render(template.body, view, {}, RAW));
}

/** Whether rendering this template may read the schema (dump the live database). */
export function templateReadsSchema(template: TemplateVariant): boolean {
  return derivedNeedsSchema(template.derived);
}
