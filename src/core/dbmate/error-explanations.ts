// What each kind of database failure means and what to do about it, in words a person can act
// on. The database's own message is always shown beside these (the `Detail:` block), so they
// name the fix, not the object: that is in the detail.

import type { ErrorKind } from '../shared/errors.js';

export interface Explanation {
  message: string;
  hint: string;
}

export const EXPLANATIONS: Readonly<Partial<Record<ErrorKind, Explanation>>> = {
  authentication: {
    message: 'The database refused the user name or password.',
    hint: 'Check the user and password in the database URL (special characters must be URL-encoded).',
  },
  database_missing: {
    message: 'The database does not exist.',
    hint: 'Create it with `dbtk create` (or `dbtk up`, which creates it first).',
  },
  sql_syntax: {
    message: 'A statement in the migration is not valid SQL for this database.',
    hint: 'Fix the SQL where the database points (its message names the spot); `dbtk preview` lists the statements.',
  },
  already_exists: {
    message: 'The migration creates something that already exists.',
    hint: 'Check whether an earlier migration or someone by hand already created it (`dbtk diff`); drop or rename it, or write CREATE … IF NOT EXISTS.',
  },
  undefined_object: {
    message: 'The migration uses a table, column, schema, role, function or type that does not exist.',
    hint: 'Fix the name, or create the object first (in an earlier migration); `dbtk diff` shows what the database has.',
  },
  missing_extension: {
    message: 'The database extension is not installed on the server.',
    hint: 'Install the extension on the database server (for PostgreSQL its OS package, e.g. postgresql-15-pgvector for vector) or ask your provider to allow it; CREATE EXTENSION only enables an installed one.',
  },
  ssl: {
    message: 'The connection could not agree on TLS (SSL) with the server.',
    hint: 'Match the URL to the server: `?sslmode=disable` for a local server without TLS, or the certificate settings your provider documents.',
  },
  insufficient_privilege: {
    message: 'The database user lacks a privilege this needs.',
    hint: 'Grant it to this user (GRANT …), or run the migration as the user that owns the schema.',
  },
  migration_recorded_twice: {
    message:
      'dbmate tried to record this migration twice: the file has more than one `-- migrate:up`/`-- migrate:down` pair (dbmate issue 820).',
    hint: 'Keep one up and one down section per file: merge the sections, or move the second pair into a new migration (`dbtk new NAME`). Check with `dbtk status` what the first section already did.',
  },
  deadlock: {
    message: 'The migration deadlocked (or conflicted) with another session, and the database cancelled it.',
    hint: 'Run it again when the other work is done; if it keeps happening, run it at a quiet time or take locks in one order.',
  },
  statement_timeout: {
    message: "A statement ran longer than the database's statement time limit and was cancelled.",
    hint: 'Raise the limit for this migration (PostgreSQL: SET statement_timeout; MariaDB: SET max_statement_time; MySQL: SET max_execution_time) or do the work in smaller batches.',
  },
  lock_timeout: {
    message: 'The migration waited too long for a lock held by another session.',
    hint: 'Find what holds the lock (PostgreSQL: pg_stat_activity; MySQL: SHOW PROCESSLIST) and run again when it is done; long open transactions are the usual cause.',
  },
  disk_full: {
    message: 'The database ran out of space (disk full, or a table or file reached its size limit).',
    hint: 'Free disk space or raise the limit on the database server, then run again.',
  },
  too_many_connections: {
    message: 'The database refused the connection: too many connections are open (for the server or for this user).',
    hint: "Close idle connections (other apps, pools, consoles) or raise the limit (max_connections, or the user's connection limit), then retry.",
  },
  read_only: {
    message: 'The database is read-only for this connection.',
    hint: 'Connect to the writable primary, not a replica, or turn off the read-only setting (default_transaction_read_only, read_only, a read-only file).',
  },
  data_exception: {
    message: 'A value does not fit: a bad conversion, a number out of range, an invalid date, a division by zero or a string too long.',
    hint: "Fix the value the database's message names, or the conversion in the statement (a USING clause, a wider type, cleaning the rows first).",
  },
  foreign_key_violation: {
    message: 'A row refers to a row that does not exist, or a referenced row is still in use (foreign key).',
    hint: 'Insert or keep the referenced rows first, delete or fix the orphan rows before adding the constraint, or reorder the statements.',
  },
  not_null_violation: {
    message: 'A NOT NULL column would get NULL.',
    hint: 'Give the column a DEFAULT, fill the existing rows before adding NOT NULL, or supply the value in the INSERT.',
  },
  unique_violation: {
    message: 'Two rows would have the same value where it must be unique.',
    hint: 'Remove or merge the duplicate rows before adding the unique key, or change the rows the migration inserts.',
  },
  check_violation: {
    message: 'A row breaks a CHECK constraint.',
    hint: 'Fix the rows that break the condition before adding it, or change the condition.',
  },
  constraint_violation: {
    message: 'A statement broke a constraint.',
    hint: "Fix the data the migration touches (the database's message names the constraint), or change the migration so the data fits.",
  },
};

/** The plain fix for a failure no rule knows: true whatever it was. */
export const GENERIC_HINT =
  "dbtk has no specific advice for this one: the database's message is shown as Detail. `dbtk doctor` checks dbmate, the URL and the connection.";

/** Some kinds read better when the message says which object or which client it is about. */
export function explain(kind: ErrorKind, databaseMessage: string, reason: string): Explanation | undefined {
  const base = EXPLANATIONS[kind];
  if (!base) return undefined;
  if (kind === 'undefined_object') {
    if (/^role |user table/i.test(databaseMessage))
      return {
        message: 'A role (database user) the migration names does not exist.',
        hint: 'Create the role, or run the migration that creates it first.',
      };
    if (/^schema |^unknown database/i.test(databaseMessage))
      return {
        message: 'A schema the migration names does not exist.',
        hint: 'Create the schema (CREATE SCHEMA) in an earlier migration, or fix the name.',
      };
    if (/extension/i.test(databaseMessage)) return EXPLANATIONS.missing_extension;
    const object = missingObject(databaseMessage);
    if (object) return { ...base, message: `A ${object} the migration uses does not exist.` };
  }
  if (kind === 'ssl' && /TLS requested but server does not support TLS/i.test(reason))
    return {
      message: 'The URL asks for TLS but the MySQL/MariaDB server does not offer it.',
      hint: 'Remove `tls=…` from the URL for a local server without TLS, or enable TLS on the server.',
    };
  if (kind === 'ssl' && /SSL is not enabled on the server/i.test(reason))
    return {
      message:
        'The PostgreSQL server does not offer TLS (SSL), and the connection asks for it (it does unless the URL says `sslmode=disable`).',
      hint: 'Add `?sslmode=disable` to the URL for a local server without TLS (or enable TLS on the server).',
    };
  if (kind === 'lock_timeout' && /database (table )?is locked/i.test(databaseMessage))
    return {
      message: 'The SQLite database is locked by another connection.',
      hint: 'Close the other program or connection writing to the file (an open transaction, a GUI, the app), then run again.',
    };
  if (kind === 'read_only' && /readonly database/i.test(databaseMessage))
    return {
      message: 'The SQLite database cannot be written (a read-only file, folder or connection).',
      hint: 'Check the permissions of the database file and its folder, and that the URL does not open it read-only.',
    };
  return base;
}

/** Which kind of object a "does not exist" message is about, in each database's wording. */
function missingObject(message: string): string | undefined {
  const words: [RegExp, string][] = [
    [/^(relation|table) |^Table '.*' doesn't exist|^Unknown table|^no such table/i, 'table'],
    [/^column |^Unknown column|^Key column|^Can't DROP COLUMN|^no such column/i, 'column'],
    [/^function |^procedure |^FUNCTION |^PROCEDURE |^no such function/i, 'function'],
    [/^type |^Unknown data type/i, 'type'],
    [/^index |^no such index/i, 'index'],
    [/^view |^no such view/i, 'view'],
    [/^sequence /i, 'sequence'],
    [/^trigger |^no such trigger/i, 'trigger'],
  ];
  return words.find(([test]) => test.test(message))?.[1];
}
