import { describe, expect, it } from 'vitest';
import { classifyDbmateError } from '../../../src/core/dbmate/error-classifier.js';

// Real dbmate error lines from SQLite, PostgreSQL and MariaDB runs.
describe('classifyDbmateError', () => {
  it.each([
    ['Error: dial tcp 127.0.0.1:5439: connect: connection refused', 'connection_refused'],
    ['Error: dial tcp: lookup nohost.invalid: no such host', 'unknown_host'],
    ['Error: pq: password authentication failed for user "app" (28P01)', 'authentication'],
    ["Error: Error 1045 (28000): Access denied for user 'root'@'127.0.0.1' (using password: YES)", 'authentication'],
    ['Error: pq: database "nope_db" does not exist (3D000)', 'database_missing'],
    ["Error: Error 1049 (42000): Unknown database 'nope'", 'database_missing'],
    ['Error: pq: permission denied for schema public (42501)', 'permission'],
    ['Error: near ";": syntax error', 'sql_syntax'],
    ['Error: pq: syntax error at or near "tabl" (42601)', 'sql_syntax'],
    ["Error: Error 1064 (42000): You have an error in your SQL syntax; check the manual near 'tabl x' at line 1", 'sql_syntax'],
    ['Error: UNIQUE constraint failed: users.email', 'constraint_violation'],
    ['Error: pq: duplicate key value violates unique constraint "users_email_key" (23505)', 'constraint_violation'],
    ["Error: Error 1062 (23000): Duplicate entry 'a' for key 'email'", 'constraint_violation'],
    ['Error: database is locked', 'lock_timeout'],
    ['Error: pq: canceling statement due to lock timeout (55P03)', 'lock_timeout'],
    ['Error: exec: "pg_dump": executable file not found in $PATH', 'dump_tool_missing'],
    ['Error: invalid url, have you set your --url flag or DATABASE_URL environment variable?', 'no_database_url'],
    ['Error: unsupported driver: foo', 'invalid_url'],
    ["Error: can't rollback: no migrations have been applied", 'nothing_to_rollback'],
    ['Error: something nobody has seen', 'unknown'],
  ])('%s → %s', (stderr, kind) => {
    const error = classifyDbmateError(stderr);
    expect(error.kind).toBe(kind);
    expect(error.hint).toBeTruthy();
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
