// Reads the database's own words out of dbmate's `Error: …` line: its code and its message.
// dbmate prints them in each driver's format:
//   PostgreSQL (lib/pq)  `[line: 6, column: 5, position: 76: ]pq: type "x" does not exist[ at position 6:5] (42704)`
//   MySQL/MariaDB        `Error 1050 (42S01): Table 'a' already exists`
//   SQLite               `no such table: x` (no code; see error-codes-sqlite.ts)

export interface DatabaseMessage {
  source: 'postgres' | 'mysql';
  /** The message without driver prefix, code or dbmate's position prefix. */
  message: string;
  /** PostgreSQL SQLSTATE (`42P01`) or MySQL error number (`1050`). */
  code?: string;
  /** MySQL's SQLSTATE next to its number (`42S01`). */
  sqlState?: string;
  /** Line and column inside the section dbmate ran (its line 1 is the `-- migrate:…` marker). */
  sectionLine?: number;
  column?: number;
}

const POSTGRES = /^(?:line: (\d+), column: (\d+), position: \d+: )?pq: (.*?)(?: \(([0-9A-Z]{5})\))?$/s;
const POSTGRES_POSITION = / at position \d+:\d+$/;
const MYSQL = /^Error (\d+)(?: \(([0-9A-Z]{5})\))?: (.*)$/s;

/** The database's message in `reason` (dbmate's error line without `Error: `), if it is one. */
export function parseDatabaseMessage(reason: string): DatabaseMessage | undefined {
  const pg = POSTGRES.exec(reason);
  if (pg) {
    const [, line, column, message, code] = pg;
    return {
      source: 'postgres',
      // `at position 6:5` counts from the section's marker line; the file line is shown instead.
      message: line ? message.replace(POSTGRES_POSITION, '') : message,
      code,
      sectionLine: line ? Number(line) : undefined,
      column: column ? Number(column) : undefined,
    };
  }
  const my = MYSQL.exec(reason);
  if (my) return { source: 'mysql', code: my[1], sqlState: my[2], message: my[3] };
  return undefined;
}
