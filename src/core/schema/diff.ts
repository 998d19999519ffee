// Schema drift between two schema texts (the schema file and a dump of the live database, or
// any two dumps), as normalised line differences plus an object-level summary. Pure: dumping
// the live schema is project/live-schema.ts's work.

import { alignLines, lineStats, unifiedPatch, type DiffLine } from './line-diff.js';
import type { Dialect } from '../shared/dialect.js';
import { normalizeSchemaText } from './normalize.js';
import { countChanges, diffSchemaObjects, parseSchemaObjects, type ObjectChange } from './objects.js';

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
