// dbtk test's long-lived sqlite3 shell (real sqlite3, real dbmate): it reads exactly what
// `dbmate dump` writes, sees what other processes change, and steps aside when it cannot answer.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveDbmate } from '../../../src/core/dbmate/locate.js';
import { SqliteStateReader } from '../../../src/core/runs/sqlite-state.js';
import { defaultProcessRunner, type ProcessRunner } from '../../../src/core/shared/process-runner.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'dbtk-sqlite-state-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const env = { PATH: process.env.PATH, cwd: dir };
const sqlite = (file: string, sql: string) => execFileSync('sqlite3', [file, sql]);

async function dbmateDump(file: string): Promise<string> {
  const { path: binary } = await resolveDbmate(defaultProcessRunner, {});
  const schemaFile = path.join(dir, 'schema.sql');
  execFileSync(binary, ['--schema-file', schemaFile, 'dump'], { env: { PATH: process.env.PATH, DATABASE_URL: `sqlite:${file}` } });
  return readFileSync(schemaFile, 'utf8');
}

describe('SqliteStateReader', () => {
  it('dumps the same text as dbmate, with and without applied versions, and sees changes made by other processes', async () => {
    const file = path.join(dir, 'a.sqlite3');
    const reader = new SqliteStateReader(defaultProcessRunner, file, 'schema_migrations', env);
    try {
      expect(await reader.dump()).toBeUndefined(); // no file yet: the caller asks dbmate, which creates it
      const empty = await dbmateDump(file);
      expect(await reader.dump()).toBe(empty);
      expect(await reader.versions()).toEqual([]);
      sqlite(
        file,
        "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL); CREATE INDEX t_name ON t (name); INSERT INTO schema_migrations VALUES ('2'), ('1');",
      );
      expect(await reader.dump()).toBe(await dbmateDump(file));
      expect(await reader.versions()).toEqual(['1', '2']);
      sqlite(file, "DROP INDEX t_name; DELETE FROM schema_migrations WHERE version = '2';");
      expect(await reader.dump()).toBe(await dbmateDump(file));
      expect(await reader.versions()).toEqual(['1']);
    } finally {
      reader.close();
    }
  });

  it('answers no versions without a migrations table, and undefined when it cannot answer', async () => {
    const file = path.join(dir, 'b.sqlite3');
    sqlite(file, 'CREATE TABLE other (x);');
    const reader = new SqliteStateReader(defaultProcessRunner, file, 'schema_migrations', env);
    expect(await reader.versions()).toEqual([]);
    reader.close();
    const noSessions: ProcessRunner = { run: defaultProcessRunner.run.bind(defaultProcessRunner) };
    expect(await new SqliteStateReader(noSessions, file, 'schema_migrations', env).dump()).toBeUndefined();
    expect(await new SqliteStateReader(defaultProcessRunner, file, 'main.schema_migrations', env).versions()).toBeUndefined();
    const gone = new SqliteStateReader(defaultProcessRunner, file, 'other', env);
    expect(await gone.versions()).toBeUndefined(); // `other` has no version column: the usual read answers
    gone.close();
  });
});
