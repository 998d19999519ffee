// The JSON that `dbtk … --json` prints, typed by the functions that build it: a test that reads
// a field the CLI no longer writes stops compiling.

import type { statusJson } from '../../src/cli/commands/status.js';
import type { runResultJson } from '../../src/cli/run-printer.js';
import type { HistoryEntry } from '../../src/core/history/types.js';
import type { schemaDiffJson } from '../../src/core/schema/report.js';
import type { ValidationReport } from '../../src/core/project/validate.js';
import type { SerializedError } from '../../src/core/shared/errors.js';

export type StatusJson = ReturnType<typeof statusJson>;
export type RunJson = ReturnType<typeof runResultJson>;
/** What every command prints when it fails. */
export interface FailureJson {
  ok: false;
  error: SerializedError;
}
export interface HistoryJson {
  ok: true;
  connection: string;
  file: string;
  count: number;
  entries: HistoryEntry[];
  warnings: string[];
}
export type ValidateJson = ValidationReport & { connection: string; url: string };
export type DiffJson = ReturnType<typeof schemaDiffJson> & {
  report: string | null;
  migration: { path: string; file: string; generated: number; skipped: unknown[] } | null;
};
