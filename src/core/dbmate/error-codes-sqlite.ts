// SQLite messages → dbtk error kinds. SQLite's result codes do not reach dbmate's output, so its
// message decides; each kind is named with the result code SQLite uses for it.
// https://www.sqlite.org/rescode.html

import type { ErrorKind } from '../shared/errors.js';

export interface SqliteRule {
  test: RegExp;
  kind: ErrorKind;
  /** SQLite's (extended) result code name. */
  code: string;
}

const SQLITE_RULES: readonly SqliteRule[] = [
  { test: /^UNIQUE constraint failed|^PRIMARY KEY must be unique/i, kind: 'unique_violation', code: 'SQLITE_CONSTRAINT_UNIQUE' },
  { test: /^NOT NULL constraint failed/i, kind: 'not_null_violation', code: 'SQLITE_CONSTRAINT_NOTNULL' },
  { test: /^CHECK constraint failed/i, kind: 'check_violation', code: 'SQLITE_CONSTRAINT_CHECK' },
  { test: /^FOREIGN KEY constraint failed/i, kind: 'foreign_key_violation', code: 'SQLITE_CONSTRAINT_FOREIGNKEY' },
  { test: /^cannot store \w+ value in \w+ column/i, kind: 'data_exception', code: 'SQLITE_CONSTRAINT_DATATYPE' },
  { test: /^(table|index|view|trigger) \S+ already exists|^duplicate column name/i, kind: 'already_exists', code: 'SQLITE_ERROR' },
  { test: /^no such module/i, kind: 'missing_extension', code: 'SQLITE_ERROR' },
  {
    test: /^no such (table|column|function|index|view|trigger|collation|savepoint)|^unknown database/i,
    kind: 'undefined_object',
    code: 'SQLITE_ERROR',
  },
  { test: /syntax error$|^incomplete input|^unrecognized token/i, kind: 'sql_syntax', code: 'SQLITE_ERROR' },
  { test: /^integer overflow|^datatype mismatch/i, kind: 'data_exception', code: 'SQLITE_MISMATCH' },
  { test: /^database or disk is full/i, kind: 'disk_full', code: 'SQLITE_FULL' },
  { test: /^attempt to write a readonly database/i, kind: 'read_only', code: 'SQLITE_READONLY' },
  { test: /^database is locked/i, kind: 'lock_timeout', code: 'SQLITE_BUSY' },
  { test: /^database table is locked/i, kind: 'lock_timeout', code: 'SQLITE_LOCKED' },
  { test: /^unable to open database file/i, kind: 'database_missing', code: 'SQLITE_CANTOPEN' },
];

// modernc.org/sqlite prints `<result text>: <message> (<code>)`; mattn/go-sqlite3 the message alone.
const MODERNC =
  /^(?:SQL logic error|constraint failed): (.*) \(\d+\)$|^(database is locked|database table is locked|attempt to write a readonly database|database or disk is full|unable to open database file) \(\d+\)$/s;

/** The SQLite message without the modernc driver's wrapping. */
export function sqliteMessage(reason: string): string {
  const match = MODERNC.exec(reason);
  return match ? (match[1] ?? match[2]) : reason;
}

export function sqliteRule(message: string): SqliteRule | undefined {
  return SQLITE_RULES.find((rule) => rule.test.test(message));
}
