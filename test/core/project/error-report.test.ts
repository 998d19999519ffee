import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveProjectConfig } from '../../../src/core/config/config.js';
import { errorReport, writeLastErrorReport } from '../../../src/core/project/error-report.js';

describe('error report', () => {
  it("holds the file, statement, the database's words and code, versions and the redacted URL, and no secret", async () => {
    const cwd = mkdtempSync(path.join(os.tmpdir(), 'dbtk-error-report-'));
    const config = await resolveProjectConfig({
      cwd,
      url: 'postgres://app:hunter22@db.internal:5432/app?sslmode=disable',
      env: { PATH: '/usr/bin', API_TOKEN: 'tok-secret-1' },
    });
    const error = {
      kind: 'unknown' as const,
      message: '2_users.sql: schema "auth" does not exist.',
      hint: 'Create the schema first.',
      file: '2_users.sql',
      detail: 'pq: schema "auth" does not exist hunter22 tok-secret-1',
      code: '3F000',
      line: 3,
      statement: 'CREATE TABLE auth.users (id int);',
    };
    const text = errorReport(config, {
      error,
      action: 'applying pending migrations',
      dbmateVersion: '2.36.0',
      now: new Date('2024-06-01T12:00:00Z'),
    });
    expect(text).toContain('dbtk error report (2024-06-01T12:00:00.000Z)');
    expect(text).toContain('While:     applying pending migrations');
    expect(text).toContain('Error:     2_users.sql: schema "auth" does not exist.');
    expect(text).toContain('Fix:       Create the schema first.');
    expect(text).toContain('File:      2_users.sql (line 3)');
    expect(text).toContain('Code:      3F000');
    expect(text).toMatch(/Database said:\n {4}pq: schema "auth" does not exist \*\*\* \*\*\*/);
    expect(text).toContain('Statement:\n    CREATE TABLE auth.users (id int);');
    expect(text).toContain('Database:  postgres://app:***@db.internal:5432/app?sslmode=disable (PostgreSQL, from --url)');
    expect(text).toMatch(/Versions: {2}dbtk \d+\.\d+\.\d+, dbmate 2\.36\.0, node v\d+/);
    expect(text).not.toMatch(/hunter22|tok-secret-1/);

    const withSql = errorReport(config, { error: { kind: 'unknown', message: 'boom' }, sql: 'SELECT 1;' });
    expect(withSql).toContain('SQL of the migration section:\n    SELECT 1;');

    const file = await writeLastErrorReport(config, text);
    expect(file).toBe(path.join(cwd, '.dbtk', 'last-error.txt'));
    expect(readFileSync(file, 'utf8')).toBe(text);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });
});
