// Turns dbmate's `Error: …` text into a classified DbtkError with a plain message and a fix.
// The patterns cover the messages of dbmate's PostgreSQL, MySQL/MariaDB and SQLite drivers.

import { DbtkError, type ErrorKind } from '../shared/errors.js';
import { redactSecrets } from '../shared/redact.js';

interface Rule {
  kind: ErrorKind;
  test: RegExp;
  message: string;
  hint: string;
}

// Order matters: the first rule that matches wins, so specific ones come first.
const RULES: Rule[] = [
  {
    kind: 'no_database_url',
    test: /invalid url, have you set your --url flag or DATABASE_URL/i,
    message: 'No database URL is set.',
    hint: 'Set DATABASE_URL (in the environment or .env), pass --url, or pick a connection with -c NAME.',
  },
  {
    kind: 'invalid_url',
    test: /unsupported driver|invalid (database )?url|parse ".*": /i,
    message: 'The database URL is not one dbmate understands.',
    hint: 'Use a URL such as postgres://user@host:5432/db, mysql://user@host:3306/db or sqlite:db/app.sqlite3.',
  },
  {
    kind: 'dump_tool_missing',
    test: /executable file not found|(pg_dump|mysqldump|mariadb-dump|sqlite3)["']?: (command )?not found/i,
    message: 'The schema dump tool is not installed.',
    hint: 'Install it (Debian/Ubuntu: apt-get install postgresql-client, mariadb-client or sqlite3), or set DBMATE_NO_DUMP_SCHEMA=true.',
  },
  {
    kind: 'nothing_to_rollback',
    test: /can't rollback: no migrations have been applied/i,
    message: 'There is nothing to roll back: no migration is applied.',
    hint: 'Run `dbtk status` to see what is applied.',
  },
  {
    kind: 'authentication',
    test: /password authentication failed|access denied for user|authentication failed|no password supplied|\(28000\)|\(28P01\)|role ".*" does not exist/i,
    message: 'The database refused the user name or password.',
    hint: 'Check the user and password in the database URL (special characters must be URL-encoded).',
  },
  {
    kind: 'database_missing',
    test: /database ".*" does not exist|unknown database|\(3D000\)|Error 1049|unable to open database file/i,
    message: 'The database does not exist.',
    hint: 'Create it with `dbtk create` (or `dbtk up`, which creates it first).',
  },
  {
    kind: 'unknown_host',
    test: /no such host|server misbehaving|getaddrinfo|unknown mysql server host|name resolution/i,
    message: 'The database host name cannot be resolved.',
    hint: 'Check the host in the database URL and your DNS or /etc/hosts.',
  },
  {
    kind: 'connection_refused',
    test: /connection refused|ECONNREFUSED|can't connect to|no route to host|connect: network is unreachable/i,
    message: 'The database server is not accepting connections.',
    hint: 'Check that the server is running and the host and port in the URL are right (`dbtk wait` waits for it).',
  },
  {
    kind: 'permission',
    test: /permission denied|must be owner|insufficient privilege|\(42501\)|command denied|Error 1142|Error 1044|readonly database|read-only/i,
    message: 'The database user lacks a permission this needs.',
    hint: 'Grant the privilege to this user, or run with a user that owns the schema.',
  },
  {
    kind: 'constraint_violation',
    test: /violates .*constraint|constraint failed|duplicate entry|duplicate key|\(23\d{3}\)|Error 10(62|48|451|452)|Error 14(51|52)|cannot add or update a child row|cannot delete or update a parent row|check constraint/i,
    message: 'A statement broke a constraint (unique, foreign key, not null or check).',
    hint: 'Fix the data the migration touches, or change the migration so the data fits the constraint.',
  },
  {
    kind: 'lock_timeout',
    test: /lock timeout|lock wait timeout|deadlock|database is locked|\(55P03\)|\(40P01\)|statement timeout|i\/o timeout|context deadline exceeded|timed out/i,
    message: 'The database timed out or was locked by another session.',
    hint: 'Retry when the other work finishes; look for long transactions holding locks.',
  },
  {
    kind: 'sql_syntax',
    test: /syntax error|\(42601\)|Error 1064|you have an error in your sql syntax|incomplete input|unrecognized token|no such (table|column)|does not exist|already exists|\(42P0\d\)|\(42703\)|Error 1146|Error 1054|Error 1050|duplicate column/i,
    message: 'A statement in the migration is not valid SQL for this database.',
    hint: 'Fix the SQL at the reported position and run again; `dbtk preview` shows the statements.',
  },
];

export interface ClassifyContext {
  /** The migration that was running, if any: named in the message. */
  file?: string;
  exitCode?: number;
  secrets?: readonly string[];
}

/** Classifies dbmate's error text (stderr). Always returns an error, `unknown` as a last resort. */
export function classifyDbmateError(stderr: string, context: ClassifyContext = {}): DbtkError {
  const text = redactSecrets(stderr.trim(), context.secrets ?? []);
  const errorLine =
    text
      .split('\n')
      .reverse()
      .find((line) => line.startsWith('Error: ')) ??
    text.split('\n').pop() ??
    '';
  const reason = errorLine.replace(/^Error: /, '').trim();
  if (context.exitCode === 3) {
    return new DbtkError('env_file', `dbmate could not read an env file: ${reason}`, {
      hint: 'Check the --env-file paths and the .env syntax (KEY=value per line).',
      detail: text,
    });
  }
  const rule = RULES.find((r) => r.test.test(reason) || r.test.test(text));
  const where = context.file ? `${context.file}: ` : '';
  if (!rule) {
    return new DbtkError('unknown', `${where}${reason || 'dbmate failed'}`, {
      hint: 'See the detail below; run `dbtk doctor` to check the set-up.',
      detail: text,
      file: context.file,
    });
  }
  return new DbtkError(rule.kind, `${where}${rule.message} (${reason})`, { hint: rule.hint, detail: text, file: context.file });
}
