// Schema drift: the live database's schema (dumped by dbmate into a temporary file — the
// project's schema file is never written) compared with the schema file, as normalised line
// differences plus an object-level summary.

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { alignLines, lineStats, unifiedPatch, type DiffLine } from './diff-lines.js';
import type { Dialect } from './dialect.js';
import { checkDumpTool, DUMP_TOOLS } from './doctor.js';
import { DbtkError, isDbtkError } from './errors.js';
import type { Project } from './project.js';
import { normalizeSchemaText } from './schema-normalize.js';
import { countChanges, diffSchemaObjects, parseSchemaObjects, type ObjectChange } from './schema-objects.js';

export { generateMigrationFromDiff } from './schema-migration.js';

export interface SchemaDiff {
  dialect: Dialect;
  /** Absolute path of the schema file compared against. */
  schemaFile: string;
  /** Labels for the two sides: `db/schema.sql` and `live database (postgres://…)`. */
  labels: { expected: string; actual: string };
  generatedAt: string;
  hasDrift: boolean;
  /** Normalised texts (noise removed): the schema file and the live dump. */
  expectedText: string;
  actualText: string;
  /** Every line of both, aligned. */
  lines: DiffLine[];
  stats: { added: number; removed: number };
  /** Object-level changes from the schema file to the live database. */
  changes: ObjectChange[];
  counts: ReturnType<typeof countChanges>;
}

export interface CompareSchemaInput {
  expected: string;
  actual: string;
  dialect: Dialect;
  migrationsTable?: string;
  schemaFile?: string;
  labels?: { expected: string; actual: string };
  now?: Date;
}

/** Compares two schema dump texts (pure: no database, no files). */
export function compareSchemas(input: CompareSchemaInput): SchemaDiff {
  const options = { migrationsTable: input.migrationsTable };
  const expectedText = normalizeSchemaText(input.expected, input.dialect, options);
  const actualText = normalizeSchemaText(input.actual, input.dialect, options);
  const lines = alignLines(expectedText, actualText);
  const stats = lineStats(lines);
  const changes = diffSchemaObjects(parseSchemaObjects(expectedText, input.dialect), parseSchemaObjects(actualText, input.dialect));
  return {
    dialect: input.dialect,
    schemaFile: input.schemaFile ?? '',
    labels: input.labels ?? { expected: 'schema file', actual: 'live database' },
    generatedAt: (input.now ?? new Date()).toISOString(),
    hasDrift: stats.added + stats.removed > 0,
    expectedText,
    actualText,
    lines,
    stats,
    changes,
    counts: countChanges(changes),
  };
}

/** The unified diff text of a schema diff, with `context` lines around each change. */
export function schemaPatch(diff: SchemaDiff, context = 3): string {
  return unifiedPatch(diff.expectedText, diff.actualText, { old: diff.labels.expected, new: diff.labels.actual }, context);
}

function dumpToolMissing(dialect: Dialect, detail?: string): DbtkError {
  const spec = DUMP_TOOLS[dialect];
  const tools = spec?.tools.join(' / ') ?? 'the dump tool';
  return new DbtkError('dump_tool_missing', `${tools} is not installed, so the live schema cannot be dumped for the comparison.`, {
    hint: `Install it (Debian/Ubuntu: apt-get install ${spec?.debianPackage ?? 'the database client'}) and run the diff again.`,
    detail,
  });
}

async function readSchemaFile(file: string, cwd: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new DbtkError('io', `The schema file ${file} cannot be read.`, { cause: error, detail: String(error) });
    }
    const shown = path.relative(cwd, file) || file;
    throw new DbtkError('not_found', `There is no schema file at ${shown} yet, so there is nothing to compare the database with.`, {
      hint: 'Write it from the database with `dbtk dump` (dbtk up also writes it after migrating).',
      file,
    });
  }
}

/** Dumps the live schema through dbmate into a temporary file and returns its text. */
export async function dumpLiveSchema(project: Project, options: { signal?: AbortSignal } = {}): Promise<string> {
  const { dialect, config } = project;
  const dbmate = await project.dbmate();
  const tool = await checkDumpTool(dialect, config.env);
  if (!tool.ok) throw dumpToolMissing(dialect);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'dbtk-diff-'));
  const schemaFile = path.join(dir, 'schema.sql');
  try {
    await dbmate.dump({ schemaFile, signal: options.signal });
    return await readFile(schemaFile, 'utf8');
  } catch (error) {
    if (isDbtkError(error, 'dump_tool_missing')) throw dumpToolMissing(dialect, error.detail);
    if (isDbtkError(error) && /server version mismatch/i.test(`${error.message}\n${error.detail ?? ''}`)) {
      // dbmate issue 594: pg_dump refuses to dump a newer server.
      throw new DbtkError(error.kind, 'pg_dump is older than the database server, so it refuses to dump the schema.', {
        hint: 'Install the client matching the server version (Debian/Ubuntu: apt-get install postgresql-client-<server major version>).',
        detail: error.detail,
      });
    }
    throw error;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Live database vs the project's schema file. Never writes the schema file. */
export async function diffLiveSchema(project: Project, options: { signal?: AbortSignal; now?: Date } = {}): Promise<SchemaDiff> {
  const { config } = project;
  const expected = await readSchemaFile(config.schemaFile, config.cwd);
  const actual = await dumpLiveSchema(project, options);
  return compareSchemas({
    expected,
    actual,
    dialect: project.dialect,
    migrationsTable: config.migrationsTable,
    schemaFile: config.schemaFile,
    labels: { expected: path.relative(config.cwd, config.schemaFile) || config.schemaFile, actual: `live database (${config.redactedUrl})` },
    now: options.now,
  });
}
