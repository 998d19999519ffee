// What a parsed migration file is: shared by the reader, the scan cache and everything that
// analyses or runs migrations. Types only, so every module can depend on it.

export type MigrationProblemCode =
  | 'bad_name'
  | 'not_text'
  | 'too_large'
  | 'no_up'
  | 'no_down_marker'
  | 'empty_up'
  | 'empty_down'
  | 'multiple_sections'
  | 'unknown_option'
  | 'read_error';

export interface MigrationProblem {
  code: MigrationProblemCode;
  /** `error`: dbmate will refuse or misbehave; `warning`: it runs, but something is off. */
  severity: 'error' | 'warning';
  message: string;
  line?: number;
}

export interface MigrationSection {
  sql: string;
  options: Record<string, string>;
  /** 1-based line of the `-- migrate:…` marker. */
  markerLine: number;
  /** 1-based line of the first non-blank line of the section's SQL (what `sql` starts with). */
  startLine: number;
  /** 1-based column where `sql` starts on its first line (after the indentation trimmed away); 1 when absent. */
  startColumn?: number;
}

export interface MigrationFile {
  version: string;
  name: string;
  /** Base name, e.g. `20240101120000_create_users.sql`. */
  file: string;
  path: string;
  up: MigrationSection | null;
  down: MigrationSection | null;
  /** `transaction:false` on the up section. */
  transaction: boolean;
  /** sha256 of the raw bytes, hex. */
  checksum: string;
  sizeBytes: number;
  problems: MigrationProblem[];
}
