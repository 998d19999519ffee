import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyDbmateError } from '../../../src/core/dbmate/error-classifier.js';
import { GENERIC_HINT } from '../../../src/core/dbmate/error-explanations.js';

// Real dbmate error lines from SQLite, PostgreSQL 15 and MariaDB 10.11 runs (dbmate 2.36).
describe('classifyDbmateError', () => {
  it.each([
    ['Error: dial tcp 127.0.0.1:5439: connect: connection refused', 'connection_refused'],
    ['Error: dial tcp: lookup nohost.invalid: no such host', 'unknown_host'],
    ['Error: pq: password authentication failed for user "app" (28P01)', 'authentication'],
    ['Error: pq: role "nouser" does not exist (28000)', 'authentication'],
    ["Error: Error 1045 (28000): Access denied for user 'root'@'127.0.0.1' (using password: YES)", 'authentication'],
    ['Error: pq: database "nope_db" does not exist (3D000)', 'database_missing'],
    ["Error: Error 1049 (42000): Unknown database 'nope'", 'database_missing'],
    ['Error: pq: permission denied for schema public (42501)', 'insufficient_privilege'],
    [
      "Error: Error 1142 (42000): CREATE command denied to user 'lim'@'127.0.0.1' for table `db`.`schema_migrations`",
      'insufficient_privilege',
    ],
    ['Error: near ";": syntax error', 'sql_syntax'],
    ['Error: incomplete input', 'sql_syntax'],
    ['Error: pq: syntax error at or near "tabl" (42601)', 'sql_syntax'],
    ["Error: Error 1064 (42000): You have an error in your SQL syntax; check the manual near 'tabl x' at line 1", 'sql_syntax'],
    ['Error: pq: relation "a" already exists (42P07)', 'already_exists'],
    ["Error: Error 1050 (42S01): Table 'a' already exists", 'already_exists'],
    ['Error: table a already exists', 'already_exists'],
    ['Error: pq: role "postgres" already exists (42710)', 'already_exists'],
    ['Error: line: 2, column: 14, position: 29: pq: schema "auth" does not exist at position 2:14 (3F000)', 'undefined_object'],
    ['Error: pq: role "x" does not exist (42704)', 'undefined_object'],
    ["Error: Error 1146 (42S02): Table 'db.nope' doesn't exist", 'undefined_object'],
    ['Error: no such column: nocol', 'undefined_object'],
    ['Error: pq: extension "vector" is not available (0A000)', 'missing_extension'],
    [
      'Error: pq: could not open extension control file "/usr/share/postgresql/14/extension/vector.control": No such file or directory (58P01)',
      'missing_extension',
    ],
    ['Error: no such module: vec0', 'missing_extension'],
    ['Error: pq: SSL is not enabled on the server', 'ssl'],
    ['Error: TLS requested but server does not support TLS', 'ssl'],
    ['Error: pq: duplicate key value violates unique constraint "schema_migrations_pkey" (23505)', 'migration_recorded_twice'],
    ['Error: UNIQUE constraint failed: schema_migrations.version', 'migration_recorded_twice'],
    ['Error: UNIQUE constraint failed: users.email', 'unique_violation'],
    ['Error: pq: duplicate key value violates unique constraint "users_email_key" (23505)', 'unique_violation'],
    ["Error: Error 1062 (23000): Duplicate entry 'a' for key 'email'", 'unique_violation'],
    ['Error: pq: insert or update on table "f" violates foreign key constraint "f_t_id_fkey" (23503)', 'foreign_key_violation'],
    ['Error: Error 1452 (23000): Cannot add or update a child row: a foreign key constraint fails', 'foreign_key_violation'],
    ['Error: FOREIGN KEY constraint failed', 'foreign_key_violation'],
    ['Error: pq: null value in column "v" of relation "t" violates not-null constraint (23502)', 'not_null_violation'],
    ["Error: Error 1048 (23000): Column 'v' cannot be null", 'not_null_violation'],
    ['Error: NOT NULL constraint failed: t.v', 'not_null_violation'],
    ['Error: pq: new row for relation "t" violates check constraint "t_c_check" (23514)', 'check_violation'],
    ['Error: Error 4025 (23000): CONSTRAINT `t.c` failed for `db`.`t`', 'check_violation'],
    ['Error: CHECK constraint failed: c > 0', 'check_violation'],
    ['Error: pq: conflicting key value violates exclusion constraint "x" (23P01)', 'constraint_violation'],
    ['Error: pq: division by zero (22012)', 'data_exception'],
    ['Error: Error 1365 (22012): Division by 0', 'data_exception'],
    ['Error: integer overflow', 'data_exception'],
    ['Error: pq: deadlock detected (40P01)', 'deadlock'],
    ['Error: Error 1213 (40001): Deadlock found when trying to get lock; try restarting transaction', 'deadlock'],
    ['Error: pq: canceling statement due to lock timeout (55P03)', 'lock_timeout'],
    ['Error: Error 1205 (HY000): Lock wait timeout exceeded; try restarting transaction', 'lock_timeout'],
    ['Error: database is locked', 'lock_timeout'],
    ['Error: pq: canceling statement due to statement timeout (57014)', 'statement_timeout'],
    ['Error: Error 1969 (70100): Query execution was interrupted (max_statement_time exceeded)', 'statement_timeout'],
    ['Error: pq: could not extend file "base/1/2": No space left on device (53100)', 'disk_full'],
    ['Error: database or disk is full', 'disk_full'],
    ['Error: pq: too many connections for role "nc" (53300)', 'too_many_connections'],
    ["Error: Error 1226 (42000): User 'nc' has exceeded the 'max_user_connections' resource (current value: 1)", 'too_many_connections'],
    ['Error: pq: cannot execute CREATE TABLE in a read-only transaction (25006)', 'read_only'],
    ['Error: Error 1792 (25006): Cannot execute statement in a READ ONLY transaction', 'read_only'],
    ['Error: attempt to write a readonly database', 'read_only'],
    ['Error: SQL logic error: no such table: nope (1)', 'undefined_object'],
    ['Error: constraint failed: UNIQUE constraint failed: t.id (2067)', 'unique_violation'],
    ['Error: exec: "pg_dump": executable file not found in $PATH', 'dump_tool_missing'],
    ['Error: invalid url, have you set your --url flag or DATABASE_URL environment variable?', 'no_database_url'],
    ['Error: unsupported driver: foo', 'invalid_url'],
    ["Error: can't rollback: no migrations have been applied", 'nothing_to_rollback'],
    ['Error: no migration files found', 'no_migrations'],
    ['Error: could not find migrations directory `./db/migrations`', 'no_migrations'],
    ["Error: dbmate requires each migration to define a down block with '-- migrate:down'", 'migration_file'],
    ['Error: pq: CREATE INDEX CONCURRENTLY cannot run inside a transaction block (25001)', 'unknown'],
    ['Error: something nobody has seen', 'unknown'],
  ])('%s → %s', (stderr, kind) => {
    const error = classifyDbmateError(stderr);
    expect(error.kind).toBe(kind);
    expect(error.hint).toBeTruthy();
    expect(error.hint).not.toMatch(/detail below/i);
    expect(error.detail).toBeTruthy();
  });

  it('keeps the database code and its own message as detail', () => {
    const pg = classifyDbmateError('Error: pq: relation "a" already exists (42P07)');
    expect(pg).toMatchObject({ code: '42P07', detail: 'relation "a" already exists' });
    const my = classifyDbmateError("Error: Error 1050 (42S01): Table 'a' already exists");
    expect(my).toMatchObject({ code: '1050 (42S01)', detail: "Table 'a' already exists" });
    const lite = classifyDbmateError('Error: UNIQUE constraint failed: users.email');
    expect(lite).toMatchObject({ code: 'SQLITE_CONSTRAINT_UNIQUE', detail: 'UNIQUE constraint failed: users.email' });
  });

  it('says specific things for a missing role, a missing schema and SSL', () => {
    expect(classifyDbmateError('Error: pq: role "x" does not exist (42704)').hint).toBe(
      'Create the role, or run the migration that creates it first.',
    );
    expect(classifyDbmateError('Error: pq: schema "auth" does not exist (3F000)').message).toMatch(/schema/);
    expect(classifyDbmateError('Error: pq: SSL is not enabled on the server').hint).toContain('?sslmode=disable');
    expect(classifyDbmateError('Error: TLS requested but server does not support TLS').hint).toContain('tls=');
  });

  it('a MySQL duplicate of the running file version is the version recorded twice', () => {
    const stderr = "Error: Error 1062 (23000): Duplicate entry '20250101000000' for key 'PRIMARY'";
    expect(classifyDbmateError(stderr, { file: '20250101000000_pairs.sql' }).kind).toBe('migration_recorded_twice');
    expect(classifyDbmateError(stderr, { file: '20250202000000_other.sql' }).kind).toBe('unique_violation');
  });

  it('an unknown database inside a migration is a missing schema, not a missing database', () => {
    const stderr = "Error: Error 1049 (42000): Unknown database 'nodb'";
    expect(classifyDbmateError(stderr, { file: '1_x.sql' }).kind).toBe('undefined_object');
  });

  it('turns dbmate section lines into file lines, with the SQL on that line', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dbtk-classify-'));
    writeFileSync(
      path.join(dir, '1_x.sql'),
      '-- a comment\n\n-- migrate:up\nCREATE TABLE a (id int);\n\nCREATE TABLE b (\n  id int,\n  x nope\n);\n\n-- migrate:down\nDROP TABLE a;\nSELECT nocol FROM a;\n',
    );
    const up = classifyDbmateError('Error: line: 6, column: 5, position: 76: pq: type "nope" does not exist at position 6:5 (42704)', {
      file: '1_x.sql',
      direction: 'up',
      migrationsDirs: [dir],
    });
    expect(up).toMatchObject({
      kind: 'undefined_object',
      line: 8,
      statement: 'x nope',
      detail: 'type "nope" does not exist',
      code: '42704',
    });
    const down = classifyDbmateError('Error: line: 3, column: 19, position: 51: pq: relation "a" does not exist at position 3:19 (42P01)', {
      file: '1_x.sql',
      direction: 'down',
      migrationsDirs: [dir],
    });
    expect(down).toMatchObject({ line: 13, statement: 'SELECT nocol FROM a;' });
  });

  it('an error no rule knows gets a generic fix that is true, and the words as detail', () => {
    const error = classifyDbmateError('Error: something nobody has seen');
    expect(error.hint).toBe(GENERIC_HINT);
    expect(error.detail).toBe('something nobody has seen');
  });

  it('names the migration file that failed', () => {
    const error = classifyDbmateError('Error: near ";": syntax error', { file: '20240101_bad.sql' });
    expect(error.message).toMatch(/^20240101_bad\.sql: /);
    expect(error.file).toBe('20240101_bad.sql');
  });

  it('never repeats a password, even decoded inside a driver message', () => {
    const error = classifyDbmateError('Error: could not connect to postgres://app:s3cr3t@db/x with s3cr3t', { secrets: ['s3cr3t'] });
    expect(JSON.stringify(error.toJSON())).not.toContain('s3cr3t');
  });

  it('treats exit code 3 as an env file problem', () => {
    expect(classifyDbmateError('Error: unexpected character', { exitCode: 3 }).kind).toBe('env_file');
  });
});
