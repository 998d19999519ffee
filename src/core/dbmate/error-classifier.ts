// Turns dbmate's `Error: …` text into a classified DbtkError: a plain message and a fix from
// dbtk, and the database's own message and code as detail. Codes decide where the database
// gives one (PostgreSQL SQLSTATE, MySQL error number); English phrases only where it gives
// none (SQLite, dbmate's own errors, network errors).

import { DbtkError, type ErrorKind } from '../shared/errors.js';
import { redactSecrets } from '../shared/redact.js';
import { parseDatabaseMessage } from './database-message.js';
import { mysqlKind } from './error-codes-mysql.js';
import { postgresKind } from './error-codes-postgres.js';
import { sqliteMessage, sqliteRule } from './error-codes-sqlite.js';
import { explain, GENERIC_HINT, type Explanation } from './error-explanations.js';
import { locateInMigration } from './error-location.js';

interface TextRule {
  kind: ErrorKind;
  test: RegExp;
  /** Without one, the kind's own explanation (error-explanations.ts) is used. */
  explanation?: Explanation;
}

/** dbmate's own errors: checked before any database code. */
const DBMATE_RULES: TextRule[] = [
  {
    kind: 'no_database_url',
    test: /invalid url, have you set your --url flag or DATABASE_URL/i,
    explanation: {
      message: 'No database URL is set.',
      hint: 'Set DATABASE_URL (in the environment or .env), pass --url, or pick a connection with -c NAME.',
    },
  },
  {
    kind: 'invalid_url',
    test: /unsupported driver|invalid (database )?url|parse ".*": /i,
    explanation: {
      message: 'The database URL is not one dbmate understands.',
      hint: 'Use a URL such as postgres://user@host:5432/db, mysql://user@host:3306/db or sqlite:db/app.sqlite3.',
    },
  },
  {
    kind: 'dump_tool_missing',
    test: /executable file not found|(pg_dump|mysqldump|mariadb-dump|sqlite3)["']?: (command )?not found/i,
    explanation: {
      message: 'The schema dump tool is not installed.',
      hint: 'Install it (Debian/Ubuntu: apt-get install postgresql-client, mariadb-client or sqlite3), or set DBMATE_NO_DUMP_SCHEMA=true.',
    },
  },
  {
    kind: 'nothing_to_rollback',
    test: /can't rollback: no migrations have been applied/i,
    explanation: {
      message: 'There is nothing to roll back: no migration is applied.',
      hint: 'Run `dbtk status` to see what is applied.',
    },
  },
  {
    kind: 'no_migrations',
    test: /could not find migrations directory/i,
    explanation: {
      message: 'The migrations folder does not exist.',
      hint: 'Create it and a first migration with `dbtk new NAME`, or point --migrations-dir (DBMATE_MIGRATIONS_DIR) at the right folder.',
    },
  },
  {
    kind: 'no_migrations',
    test: /no migration files found/i,
    explanation: {
      message: 'The migrations folder has no migration files.',
      hint: 'Create one with `dbtk new NAME` (files are named like 20240101120000_name.sql).',
    },
  },
  {
    kind: 'migration_file',
    test: /requires each migration to define a down block/i,
    explanation: {
      message: 'The file has no `-- migrate:down` line, and dbmate requires one (even with nothing below it).',
      hint: 'Add a `-- migrate:down` line after the up section, followed by the SQL that undoes it (or nothing, if it cannot be undone).',
    },
  },
  {
    kind: 'migration_file',
    test: /requires each migration to define an up block/i,
    explanation: {
      message: 'The file has no `-- migrate:up` line, so dbmate cannot tell what to run.',
      hint: 'Start the file with a `-- migrate:up` line above its SQL, and put `-- migrate:down` above the SQL that undoes it.',
    },
  },
  {
    kind: 'ssl',
    test: /SSL is not enabled on the server|TLS requested but server does not support TLS|x509: |tls: |SSL (SYSCALL )?error|server does not support SSL/i,
  },
];

/** Failures with no database code: network, DNS, timeouts, files dbmate could not open. */
const CONNECTION_RULES: TextRule[] = [
  {
    kind: 'authentication',
    test: /password authentication failed|access denied for user|authentication failed|no password supplied/i,
    explanation: {
      message: 'The database refused the user name or password.',
      hint: 'Check the user and password in the database URL (special characters must be URL-encoded).',
    },
  },
  {
    kind: 'unknown_host',
    test: /no such host|server misbehaving|getaddrinfo|unknown mysql server host|name resolution/i,
    explanation: {
      message: 'The database host name cannot be resolved.',
      hint: 'Check the host in the database URL and your DNS or /etc/hosts.',
    },
  },
  {
    kind: 'connection_refused',
    test: /connection refused|ECONNREFUSED|can't connect to|no route to host|connect: network is unreachable|i\/o timeout|context deadline exceeded/i,
    explanation: {
      message: 'The database server is not accepting connections.',
      hint: 'Check that the server is running and the host and port in the URL are right (`dbtk wait` waits for it).',
    },
  },
  {
    kind: 'permission',
    test: /: permission denied$/i,
    explanation: {
      message: 'dbmate was not allowed to open a file or folder.',
      hint: 'Check the permissions of the path in the message (the schema file, the migrations folder or the SQLite database).',
    },
  },
];

export interface ClassifyContext {
  /** The migration that was running, if any: named in the message. */
  file?: string;
  /** Which section of `file` was running. */
  direction?: 'up' | 'down';
  /** Absolute migrations folders, to turn dbmate's section line into a file line. */
  migrationsDirs?: readonly string[];
  /** The migrations table (default schema_migrations): a duplicate version there is dbmate issue 820. */
  migrationsTable?: string;
  exitCode?: number;
  secrets?: readonly string[];
}

interface Classified {
  kind: ErrorKind;
  explanation?: Explanation;
  detail: string;
  code?: string;
  sectionLine?: number;
}

/** Classifies dbmate's error text (stderr). Always returns an error, `unknown` as a last resort. */
export function classifyDbmateError(stderr: string, context: ClassifyContext = {}): DbtkError {
  const text = redactSecrets(stderr.trim(), context.secrets ?? []);
  const reason = errorReason(text);
  const where = context.file ? `${context.file}: ` : '';
  if (context.exitCode === 3) {
    return new DbtkError('env_file', `dbmate could not read an env file: ${reason}`, {
      hint: 'Check the --env-file paths and the .env syntax (KEY=value per line).',
      detail: reason,
    });
  }
  const found = classify(reason, context);
  const location =
    found.sectionLine !== undefined && context.file && context.migrationsDirs
      ? locateInMigration(context.migrationsDirs, context.file, context.direction ?? 'up', found.sectionLine)
      : undefined;
  const options = {
    hint: found.explanation?.hint ?? GENERIC_HINT,
    detail: found.detail,
    file: context.file,
    code: found.code,
    line: location?.line,
    statement: location?.text || undefined,
  };
  const sentence = found.explanation?.message ?? (found.code ? 'The database returned an error.' : 'dbmate failed.');
  return new DbtkError(found.kind, `${where}${sentence}`, options);
}

/** The text after the last `Error: ` (and any lines after it, like pg_dump's own detail). */
function errorReason(text: string): string {
  const lines = text.split('\n');
  let index = -1;
  for (let i = lines.length - 1; i >= 0 && index === -1; i--) if (lines[i].startsWith('Error: ')) index = i;
  if (index === -1) return lines.at(-1)?.trim() || 'dbmate failed without a message';
  return [lines[index].slice('Error: '.length), ...lines.slice(index + 1)].join('\n').trim();
}

function classify(reason: string, context: ClassifyContext): Classified {
  const table = context.migrationsTable ?? 'schema_migrations';
  const dbmateRule = DBMATE_RULES.find((rule) => rule.test.test(reason));
  const db = parseDatabaseMessage(reason);
  const message = db?.message ?? sqliteMessage(reason);
  const lite = db ? undefined : sqliteRule(message);
  const code = db ? (db.sqlState ? `${db.code} (${db.sqlState})` : db.code) : lite?.code;
  if (dbmateRule) {
    const explanation = dbmateRule.explanation ?? explain(dbmateRule.kind, message, reason);
    return { kind: dbmateRule.kind, explanation, detail: message, code };
  }
  if (isRecordedTwice(message, table, context.file)) {
    return { kind: 'migration_recorded_twice', explanation: explain('migration_recorded_twice', message, reason), detail: message, code };
  }
  if (db?.code) {
    const kind =
      db.source === 'postgres'
        ? postgresKind(db.code, db.message)
        : mysqlKind(db.code, db.sqlState, { inMigration: Boolean(context.file) });
    const explanation = kind ? explain(kind, db.message, reason) : undefined;
    return { kind: kind ?? 'unknown', explanation, detail: message, code, sectionLine: db.sectionLine };
  }
  if (lite) return { kind: lite.kind, explanation: explain(lite.kind, message, reason), detail: message, code: lite.code };
  const connection = CONNECTION_RULES.find((rule) => rule.test.test(reason));
  if (connection) return { kind: connection.kind, explanation: connection.explanation, detail: message, code };
  return { kind: 'unknown', detail: message, code };
}

/** A duplicate version in the migrations table: dbmate inserted one file's version twice (dbmate issue 820). */
function isRecordedTwice(message: string, table: string, file: string | undefined): boolean {
  if (!/duplicate key|UNIQUE constraint failed|Duplicate entry/i.test(message)) return false;
  const bareTable = table.split('.').pop() ?? table;
  if (message.includes(bareTable)) return true;
  // MySQL names only the key (`Duplicate entry '20240101120000' for key 'PRIMARY'`): the running file's version tells.
  const version = /^\d+/.exec(file ?? '')?.[0];
  return version !== undefined && message.startsWith(`Duplicate entry '${version}' for key`);
}
