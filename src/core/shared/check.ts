// The result of one set-up check (doctor, validate): what is fine, what to fix and how.

export interface DoctorCheck {
  id: 'dbmate' | 'database_url' | 'connection' | 'dump_tool' | 'migrations_dir' | 'schema_file';
  ok: boolean;
  /** `warn` checks do not fail the run (e.g. no schema file yet). */
  level: 'ok' | 'warn' | 'error';
  message: string;
  hint?: string;
  /** The database's (or dbmate's) own words, with its code: what the message is about. */
  detail?: string;
  data?: Record<string, unknown>;
}
