// Typed errors for everything dbtk can meet. Core throws these; the CLI and the TUI render
// them. Core never prints or exits.

export type ErrorKind =
  | 'connection_refused'
  | 'unknown_host'
  | 'authentication'
  | 'database_missing'
  | 'permission'
  | 'sql_syntax'
  | 'constraint_violation'
  | 'lock_timeout'
  | 'dump_tool_missing'
  | 'dbmate_missing'
  | 'dbmate_too_old'
  | 'no_database_url'
  | 'invalid_url'
  | 'env_file'
  | 'migration_file'
  | 'no_migrations'
  | 'nothing_to_rollback'
  | 'not_found'
  | 'refused'
  | 'usage'
  | 'interrupted'
  | 'locked'
  | 'plan_changed'
  | 'missing_file'
  | 'invalid_migrations'
  | 'download'
  | 'checksum_mismatch'
  | 'io'
  | 'config'
  | 'unknown';

export interface DbtkErrorOptions {
  hint?: string;
  cause?: unknown;
  /** Technical detail (raw dbmate stderr, stack…), already redacted. */
  detail?: string;
  /** The migration file the error belongs to, when there is one. */
  file?: string;
}

export class DbtkError extends Error {
  readonly kind: ErrorKind;
  readonly hint?: string;
  readonly detail?: string;
  readonly file?: string;

  constructor(kind: ErrorKind, message: string, options: DbtkErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DbtkError';
    this.kind = kind;
    this.hint = options.hint;
    this.detail = options.detail;
    this.file = options.file;
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
}

export function serializeError(error: unknown): SerializedError {
  if (error instanceof DbtkError) {
    const out: SerializedError = { kind: error.kind, message: error.message };
    if (error.hint) out.hint = error.hint;
    if (error.detail) out.detail = error.detail;
    if (error.file) out.file = error.file;
    return out;
  }
  const message = error instanceof Error ? error.message : String(error);
  return { kind: 'unknown', message };
}

export function isDbtkError(error: unknown, kind?: ErrorKind): error is DbtkError {
  return error instanceof DbtkError && (kind === undefined || error.kind === kind);
}
