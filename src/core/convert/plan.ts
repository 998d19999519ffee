// The conversion plan: another tool's folder read by its parser, each migration given a dbmate
// version that keeps the tool's order when sorted as text (dbmate sorts file names), named and
// written as a dbmate file. Nothing is written here; write.ts does that.

import path from 'node:path';
import { parseMigrationContent } from '../migrations/file.js';
import { DbtkError } from '../shared/errors.js';
import { parseFlyway } from './flyway.js';
import { parseGolangMigrate } from './golang-migrate.js';
import { parseGoose } from './goose.js';
import { parsePrisma } from './prisma.js';
import { parseSqlMigrate } from './sql-migrate.js';
import {
  SOURCE_TOOLS,
  type ConversionPlan,
  type ConvertedMigration,
  type ConvertedSection,
  type ParsedSource,
  type SourceMigration,
  type SourceTool,
} from './types.js';

const PARSERS: Record<SourceTool, (dir: string) => Promise<ParsedSource>> = {
  'golang-migrate': parseGolangMigrate,
  goose: parseGoose,
  flyway: parseFlyway,
  'sql-migrate': parseSqlMigrate,
  prisma: parsePrisma,
};

export function parseSourceTool(value: string): SourceTool {
  const tool = value
    .toLowerCase()
    .replace(/^migrate$/, 'golang-migrate')
    .replace(/^sqlmigrate$/, 'sql-migrate');
  if ((SOURCE_TOOLS as readonly string[]).includes(tool)) return tool as SourceTool;
  throw new DbtkError('usage', `dbtk cannot convert from "${value}".`, { hint: `Choose one of: ${SOURCE_TOOLS.join(', ')}.` });
}

function compareOrder(a: readonly bigint[], b: readonly bigint[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? 0n;
    const y = b[i] ?? 0n;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/**
 * dbmate versions for migrations in order: each numeric part padded to the widest of its
 * position, parts joined, so that text order is the tool's order (`1`, `1.1`, `2` → `10`,
 * `11`, `20`; `1`…`10` → `01`…`10`). Versions that are already alike stay as they are.
 */
export function assignVersions(orders: readonly (readonly bigint[])[]): string[] {
  const count = Math.max(1, ...orders.map((o) => o.length));
  const widths = Array.from({ length: count }, (_, i) => Math.max(1, ...orders.map((o) => (o[i] ?? 0n).toString().length)));
  return orders.map((order) => widths.map((width, i) => (order[i] ?? 0n).toString().padStart(width, '0')).join(''));
}

/** `Create Users-table` → `create_users_table`. */
export function dbmateName(description: string): string {
  const name = description
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return name || 'migration';
}

function sectionText(marker: 'up' | 'down', part: ConvertedSection): string {
  const head = `-- migrate:${marker}${part.transaction ? '' : ' transaction:false'}`;
  const body = part.sql || (part.note ? `-- ${part.note}` : '');
  return body ? `${head}\n${body}\n` : `${head}\n`;
}

function fileContent(tool: SourceTool, migration: SourceMigration): string {
  const origin = `-- Converted by dbtk from ${tool}: ${migration.files.join(', ')}`;
  const notes = migration.notes.map((note) => `-- Note: ${note}`);
  const up = sectionText('up', migration.up).replace(/\n/, `\n${[origin, ...notes].join('\n')}\n`);
  return `${up}\n${sectionText('down', migration.down)}`;
}

/** Reads `dir` as `tool`'s migrations and plans their dbmate files. Nothing is written. */
export async function planConversion(tool: SourceTool, dir: string): Promise<ConversionPlan> {
  const sourceDir = path.resolve(dir);
  const parsed = await PARSERS[tool](sourceDir);
  const sorted = [...parsed.migrations].sort((a, b) => compareOrder(a.order, b.order));
  for (let i = 1; i < sorted.length; i++) {
    if (compareOrder(sorted[i - 1].order, sorted[i].order) === 0)
      throw new DbtkError(
        'migration_file',
        `Version clash: ${sorted[i - 1].files[0]} and ${sorted[i].files[0]} have the same version. Nothing was converted.`,
        {
          hint: 'Give each migration its own version, then convert again.',
          file: path.join(sourceDir, sorted[i].files[0]),
        },
      );
  }
  const versions = assignVersions(sorted.map((m) => m.order));
  const migrations: ConvertedMigration[] = sorted.map((migration, i) => {
    const file = `${versions[i]}_${dbmateName(migration.description)}.sql`;
    const content = fileContent(tool, migration);
    // The file must be one dbmate runs: the same checks dbtk applies to every migration.
    const check = parseMigrationContent(file, file, Buffer.from(content));
    const errors = check.problems.filter((p) => p.severity === 'error');
    if (errors.length)
      throw new DbtkError(
        'migration_file',
        `${migration.files[0]} would become a file dbmate cannot run (${errors.map((e) => e.message).join('; ')}). Nothing was converted.`,
        {
          hint: 'Fix the source file (an empty up section has nothing to run), then convert again.',
          file: path.join(sourceDir, migration.files[0]),
        },
      );
    return { ...migration, version: versions[i], file, content };
  });
  // sql-migrate and Prisma name a migration by its file or folder: its number is the version shown.
  const shownVersion = (source: string) => (/^\d+([._]\d+)*$/.test(source) ? source : (/^\d+/.exec(source)?.[0] ?? source));
  const mappings = migrations
    .filter((m) => m.version !== shownVersion(m.sourceVersion))
    .map((m) => ({ from: shownVersion(m.sourceVersion), to: m.version }));
  return { tool, sourceDir, migrations, skipped: parsed.skipped, mappings };
}
