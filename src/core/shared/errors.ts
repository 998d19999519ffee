// Typed errors for everything dbtk can meet. Core throws these; the CLI and the TUI render
// them. Core never prints or exits.

/** Every kind of error, stable: scripts match on them (`--json`), the README lists them. */
export const ERROR_KINDS = [
  'connection_refused',
  'unknown_host',
  'authentication',
  'database_missing',
  'permission',
  'sql_syntax',
  'constraint_violation',
  'lock_timeout',
  'already_exists',
  'undefined_object',
  'missing_extension',
  'ssl',
  'insufficient_privilege',
  'migration_recorded_twice',
  'deadlock',
  'statement_timeout',
  'disk_full',
  'disk_space',
  'backup_failed',
  'restore_failed',
  'too_many_connections',
  'read_only',
  'data_exception',
  'foreign_key_violation',
  'not_null_violation',
  'unique_violation',
  'check_violation',
  'dump_tool_missing',
  'dbmate_missing',
  'dbmate_too_old',
  'no_database_url',
  'invalid_url',
  'env_file',
  'migration_file',
  'no_migrations',
  'nothing_to_rollback',
  'not_found',
  'refused',
  'usage',
  'interrupted',
  'locked',
  'orphaned_run',
  'plan_changed',
  'missing_file',
  'invalid_migrations',
  'download',
  'checksum_mismatch',
  'io',
  'config',
  'unknown',
] as const;

export type ErrorKind = (typeof ERROR_KINDS)[number];

export interface DbtkErrorOptions {
  hint?: string;
  cause?: unknown;
  /** The database's own words (or other technical detail), already redacted. */
  detail?: string;
  /** The migration file the error belongs to, when there is one. */
  file?: string;
  /** The database's code: PostgreSQL SQLSTATE (`42P01`), MySQL number and state (`1050 (42S01)`), SQLite result name. */
  code?: string;
  /** Line of the migration file the database pointed at (1-based), when it said. */
  line?: number;
  /** The SQL the database pointed at, when known. */
  statement?: string;
}

export class DbtkError extends Error {
  readonly kind: ErrorKind;
  readonly hint?: string;
  readonly detail?: string;
  readonly file?: string;
  readonly code?: string;
  readonly line?: number;
  readonly statement?: string;

  constructor(kind: ErrorKind, message: string, options: DbtkErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DbtkError';
    this.kind = kind;
    this.hint = options.hint;
    this.detail = options.detail;
    this.file = options.file;
    this.code = options.code;
    this.line = options.line;
    this.statement = options.statement;
  }

  /** The same error with another message and some options replaced (the rest kept). */
  with(message: string, changes: Omit<DbtkErrorOptions, 'cause'> = {}): DbtkError {
    const { hint, detail, file, code, line, statement } = this;
    return new DbtkError(this.kind, message, { hint, detail, file, code, line, statement, cause: this.cause, ...changes });
  }

  toJSON(): SerializedError {
    return serializeError(this);
  }
}

export interface SerializedError {
  kind: ErrorKind;
  message: string;
  hint?: string;
  detail?: string;
  file?: string;
  code?: string;
  line?: number;
  statement?: string;
}

export function serializeError(error: unknown): SerializedError {
  if (error instanceof DbtkError) {
    const out: SerializedError = { kind: error.kind, message: error.message };
    if (error.hint) out.hint = error.hint;
    if (error.detail) out.detail = error.detail;
    if (error.file) out.file = error.file;
    if (error.code) out.code = error.code;
    if (error.line !== undefined) out.line = error.line;
    if (error.statement) out.statement = error.statement;
    return out;
  }
  const message = error instanceof Error ? error.message : String(error);
  return { kind: 'unknown', message };
}

export function isDbtkError(error: unknown, kind?: ErrorKind): error is DbtkError {
  return error instanceof DbtkError && (kind === undefined || error.kind === kind);
}

/** The database's words with their code, one string (undefined when the error has none). */
export function errorDetail(error: SerializedError): string | undefined {
  if (!error.detail) return undefined;
  return `${error.detail}${error.code ? ` (code ${error.code})` : ''}`;
}

/** The message with the database's words below it: what history keeps of a failure. */
export function errorText(error: SerializedError): string {
  const detail = errorDetail(error);
  return detail ? `${error.message}\nDetail: ${detail}` : error.message;
}
