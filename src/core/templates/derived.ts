// Values a template computes instead of asking for: a row-match condition from columns and
// values, a table's definition read from the schema (to recreate a dropped table), and the
// pieces of a SQLite table rebuild. Templates name them in their front matter under
// `derived:`; each helper here says which arguments it takes.

import Mustache from 'mustache';
import type { Dialect } from '../shared/dialect.js';
import { DbtkError } from '../shared/errors.js';
import type { SchemaModel } from '../schema/objects.js';
import {
  applySqliteChange, copyableColumns, findSqliteTable, parseCreateTable, renameCreateTable, sqliteName, usesAutoincrement,
  type SqliteTableChange,
} from './sqlite-rebuild.js';
import { schemaDisplayName, tableDefinitionStatements, withSemicolon } from '../schema/table-definition.js';
import type { ResolvedValue } from './values.js';

/** One schema dump, parsed, with where it came from ("the live database", "db/schema.sql"). */
export interface LoadedSchema {
  origin: string;
  model: SchemaModel;
}

/** Where templates read table definitions from. */
export interface SchemaSource {
  /** Schemas to look tables up in, best first; notes say what could not be read and why. */
  load(): Promise<{ schemas: LoadedSchema[]; notes: string[] }>;
  /** Pending migrations whose SQL mentions the table (their changes are not in the schema yet). */
  pendingMentioning?(table: string): Promise<string[]>;
}

export interface RenderContext {
  dialect: Dialect;
  /** The database URL: a SQLite rebuild turns foreign keys back on when the URL enables them. */
  url?: string;
  schema?: SchemaSource;
}

type HelperArgKind = 'placeholder' | 'text' | 'sql';

interface HelperInput {
  /** Arguments naming placeholders: their checked values (undefined when left empty). */
  values: Record<string, ResolvedValue | undefined>;
  /** Literal and SQL-template arguments, rendered. */
  text: Record<string, string>;
}

interface Helper {
  args: Record<string, HelperArgKind>;
  required: string[];
  /** A problem with the user's values, reported on the placeholder named by `arg`. */
  validate?(input: HelperInput): { arg: string; problem: string } | undefined;
  compute(input: HelperInput, ctx: RenderContext, notes: string[]): Promise<unknown>;
  /** Stand-in for the live preview, which never reads the database. */
  preview(input: HelperInput, ctx: RenderContext): unknown;
}

function matchRow(input: HelperInput): string {
  const columns = input.values.columns?.items ?? [];
  const values = input.values.values?.items ?? [];
  return columns.map((column, i) => (/^null$/i.test(values[i]) ? `${column} IS NULL` : `${column} = ${values[i]}`)).join(' AND ');
}

function lastPart(value: ResolvedValue | undefined): string {
  const parts = value?.parts ?? [];
  return parts[parts.length - 1] ?? '';
}

/** Looks a table up in each schema, best first. */
async function lookup<T>(ctx: RenderContext, notes: string[], find: (schema: LoadedSchema) => T | undefined): Promise<{ found: T; origin: string } | undefined> {
  if (!ctx.schema) return undefined;
  const { schemas, notes: loadNotes } = await ctx.schema.load();
  notes.push(...loadNotes);
  for (const schema of schemas) {
    const found = find(schema);
    if (found !== undefined) return { found, origin: schema.origin };
  }
  return undefined;
}

async function notePending(ctx: RenderContext, table: string, notes: string[]): Promise<void> {
  const pending = (await ctx.schema?.pendingMentioning?.(table)) ?? [];
  if (pending.length) {
    notes.push(`Pending migration${pending.length > 1 ? 's' : ''} ${pending.join(', ')} mention${pending.length > 1 ? '' : 's'} ${table} but ${pending.length > 1 ? 'are' : 'is'} not applied yet: check that the table definition in the new file is current.`);
  }
}

function notFound(table: string): string {
  return `The definition of ${table} was not found in the live database or the schema file: the new file has TODO lines to fill in.`;
}

function sqlString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** mattn/go-sqlite3 (dbmate's driver) enables foreign keys with `_foreign_keys` or `_fk`. */
export function sqliteUrlEnablesForeignKeys(url: string | undefined): boolean {
  const query = url?.split('?')[1];
  if (!query) return false;
  const params = new URLSearchParams(query);
  return ['_foreign_keys', '_fk'].some((key) => /^(1|true|yes|on)$/i.test(params.get(key) ?? ''));
}

function sqliteChange(input: HelperInput): SqliteTableChange {
  const change = input.text.change;
  if (change === 'modify_column') return { kind: 'modify_column', column: lastPart(input.values.column), type: String(input.values.type?.sql ?? '') };
  if (change === 'drop_foreign_key') return { kind: 'drop_foreign_key', columns: input.values.columns?.parts ?? [] };
  if (change === 'add_constraint') return { kind: 'add_constraint', sql: input.text.constraint ?? '' };
  throw new DbtkError('config', `sqlite_rebuild: unknown change "${change}" (use modify_column, drop_foreign_key or add_constraint).`);
}

function rebuildBase(input: HelperInput, ctx: RenderContext) {
  const table = lastPart(input.values.table);
  return { found: false, temp: sqliteName(`_dbtk_new_${table}`), fk_on: sqliteUrlEnablesForeignKeys(ctx.url) ? 'PRAGMA foreign_keys = ON;' : '' };
}

const HELPERS: Record<string, Helper> = {
  match_row: {
    args: { columns: 'placeholder', values: 'placeholder' },
    required: ['columns', 'values'],
    validate(input) {
      const columns = input.values.columns?.items?.length ?? 0;
      const values = input.values.values?.items?.length ?? 0;
      if (columns && values && columns !== values) return { arg: 'values', problem: `${values} value${values === 1 ? '' : 's'} for ${columns} column${columns === 1 ? '' : 's'}: give one value per column` };
      return undefined;
    },
    compute: (input) => Promise.resolve(matchRow(input)),
    preview: (input) => matchRow(input) || '‹columns = values›',
  },

  table_definition: {
    args: { table: 'placeholder' },
    required: ['table'],
    async compute(input, ctx, notes) {
      const name = schemaDisplayName(input.values.table?.parts ?? [], ctx.dialect);
      const hit = await lookup(ctx, notes, (schema) => tableDefinitionStatements(schema.model, name));
      if (!hit) {
        notes.push(notFound(name));
        return { found: false, sql: '', origin: '' };
      }
      await notePending(ctx, name, notes);
      return { found: true, sql: hit.found.join('\n\n'), origin: hit.origin.replace(/[\r\n]+/g, ' ') };
    },
    preview: () => ({ found: true, sql: '-- ‹the table\'s definition, read from the schema when the file is made›', origin: 'the schema' }),
  },

  sqlite_rebuild: {
    args: { table: 'placeholder', change: 'text', column: 'placeholder', type: 'placeholder', columns: 'placeholder', constraint: 'sql' },
    required: ['table', 'change'],
    async compute(input, ctx, notes) {
      const base = rebuildBase(input, ctx);
      const name = schemaDisplayName(input.values.table?.parts ?? [], 'sqlite');
      const hit = await lookup(ctx, notes, (schema) => findSqliteTable(schema.model, name));
      if (!hit) {
        notes.push(notFound(name));
        return base;
      }
      await notePending(ctx, name, notes);
      const { createSql, dependents } = hit.found;
      const parsed = parseCreateTable(createSql);
      const table = sqliteName(hit.found.name);
      const keepSequence = usesAutoincrement(createSql)
        ? [
          `UPDATE sqlite_sequence SET seq = (SELECT seq FROM sqlite_sequence WHERE name = ${sqlString(hit.found.name)}) WHERE name = ${sqlString(`_dbtk_new_${hit.found.name}`)};`,
          `INSERT INTO sqlite_sequence (name, seq) SELECT ${sqlString(`_dbtk_new_${hit.found.name}`)}, seq FROM sqlite_sequence WHERE name = ${sqlString(hit.found.name)} AND NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = ${sqlString(`_dbtk_new_${hit.found.name}`)});`,
        ].join('\n')
        : '';
      return {
        ...base,
        found: true,
        table,
        origin: hit.origin.replace(/[\r\n]+/g, ' '),
        create_new: withSemicolon(renameCreateTable(applySqliteChange(createSql, sqliteChange(input), hit.found.name), base.temp)),
        create_old: withSemicolon(renameCreateTable(createSql, base.temp)),
        columns: copyableColumns(parsed).map(sqliteName).join(', '),
        keep_sequence: keepSequence,
        after: dependents.map(withSemicolon).join('\n'),
      };
    },
    preview: (input, ctx) => ({
      ...rebuildBase(input, ctx),
      found: true,
      create_new: '-- ‹the new table definition, read from the schema when the file is made›',
      create_old: '-- ‹the current table definition, read from the schema when the file is made›',
      columns: '‹columns›',
      keep_sequence: '',
      after: '',
    }),
  },
};

const HELPER_NAMES = Object.keys(HELPERS);

export interface DerivedSpec {
  key: string;
  helper: string;
  /** Argument name → placeholder key, literal text or SQL template (per the helper). */
  args: Record<string, string>;
}

/** Problems with a `derived:` entry of a template (unknown helper, argument, placeholder). */
export function derivedSpecProblem(spec: DerivedSpec, placeholderKeys: ReadonlySet<string>): string | undefined {
  const helper = HELPERS[spec.helper];
  if (!helper) return `derived "${spec.key}": unknown helper "${spec.helper}" (known: ${HELPER_NAMES.join(', ')})`;
  for (const [arg, value] of Object.entries(spec.args)) {
    const kind = helper.args[arg];
    if (!kind) return `derived "${spec.key}": ${spec.helper} takes no argument "${arg}" (it takes ${Object.keys(helper.args).join(', ')})`;
    if (kind === 'placeholder' && !placeholderKeys.has(value)) return `derived "${spec.key}": "${value}" is not a placeholder of this template`;
  }
  const missing = helper.required.filter((arg) => spec.args[arg] === undefined);
  return missing.length ? `derived "${spec.key}": ${spec.helper} needs ${missing.join(', ')}` : undefined;
}

const RAW = { escape: (text: unknown) => String(text) };

function helperInput(spec: DerivedSpec, values: Record<string, ResolvedValue | undefined>, view: Record<string, unknown>): HelperInput {
  const helper = HELPERS[spec.helper];
  const input: HelperInput = { values: {}, text: {} };
  for (const [arg, value] of Object.entries(spec.args)) {
    if (helper.args[arg] === 'placeholder') input.values[arg] = values[value];
    else if (helper.args[arg] === 'sql') input.text[arg] = Mustache.render(value, view, {}, RAW);
    else input.text[arg] = value;
  }
  return input;
}

/** A problem the helper sees in the values: `{key, problem}` with the placeholder key, or undefined. */
export function validateDerived(spec: DerivedSpec, values: Record<string, ResolvedValue | undefined>): { key: string; problem: string } | undefined {
  const helper = HELPERS[spec.helper];
  const found = helper.validate?.(helperInput(spec, values, {}));
  return found ? { key: spec.args[found.arg], problem: found.problem } : undefined;
}

export function computeDerived(spec: DerivedSpec, values: Record<string, ResolvedValue | undefined>, view: Record<string, unknown>, ctx: RenderContext, notes: string[]): Promise<unknown> {
  return HELPERS[spec.helper].compute(helperInput(spec, values, view), ctx, notes);
}

export function previewDerived(spec: DerivedSpec, values: Record<string, ResolvedValue | undefined>, view: Record<string, unknown>, ctx: RenderContext): unknown {
  return HELPERS[spec.helper].preview(helperInput(spec, values, view), ctx);
}

/** Whether a template's helpers read the schema (so rendering may dump the live database). */
export function derivedNeedsSchema(specs: readonly DerivedSpec[]): boolean {
  return specs.some((spec) => spec.helper === 'table_definition' || spec.helper === 'sqlite_rebuild');
}
