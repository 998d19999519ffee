// Issue 14, item 7: small things that must say exactly what is true, through the real binary.

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempProject, runDbtk } from '../helpers/project.js';

describe('up without a database URL', () => {
  it('prints the no-URL error and nothing else, with --json too', async () => {
    const project = makeTempProject();
    project.addMigration('20240101000000', 'a', 'CREATE TABLE a (id INTEGER);', 'DROP TABLE a;');
    const text = await runDbtk(['up'], { cwd: project.dir });
    expect(text.exitCode).toBe(2);
    expect(text.stdout).toBe('');
    expect(text.stderr.trim().split('\n')).toEqual([
      'Error: No database URL is set, so `up` has nothing to connect to.',
      'Fix: Set DATABASE_URL (environment or .env), pass --url URL, or choose a connection with -c NAME.',
    ]);
    const json = await runDbtk(['up', '--json'], { cwd: project.dir });
    expect(json.exitCode).toBe(2);
    expect(json.stderr).toBe('');
    expect(json.json()).toEqual({
      ok: false,
      error: expect.objectContaining({ kind: 'no_database_url', message: 'No database URL is set, so `up` has nothing to connect to.' }),
    });
  });
});

describe('named connections', () => {
  it("added from inside a project, keeps that project's migrations folder", async () => {
    const project = makeTempProject();
    project.addMigration('20240101000000', 'a', 'CREATE TABLE a (id INTEGER);', 'DROP TABLE a;');
    const added = await runDbtk(['connections', 'add', 'local', '--url', 'sqlite:db/other.sqlite3', '--json'], { cwd: project.dir });
    expect(added.exitCode).toBe(0);
    expect(added.json<{ connection: { migrationsDir: string } }>().connection.migrationsDir).toBe(project.migrationsDir);
    const status = await runDbtk(['-c', 'local', 'status', '--json'], {
      cwd: os.tmpdir(),
      env: { DBTK_HOME: path.join(project.dir, '.dbtk-home') },
    });
    expect(status.json()).toMatchObject({ pending: 1, migrations: [{ name: 'a' }] });
  });

  it('follows DBMATE_MIGRATIONS_DIR from the project .env, and keeps its own folder outside a project', async () => {
    const project = makeTempProject();
    mkdirSync(path.join(project.dir, 'sql', 'changes'), { recursive: true });
    writeFileSync(path.join(project.dir, '.env'), 'DBMATE_MIGRATIONS_DIR=./sql/changes\n');
    const added = await runDbtk(['connections', 'add', 'custom', '--url', 'sqlite:x.sqlite3', '--json'], { cwd: project.dir });
    expect(added.json<{ connection: { migrationsDir: string } }>().connection.migrationsDir).toBe(path.join(project.dir, 'sql', 'changes'));

    const empty = mkdtempSync(path.join(os.tmpdir(), 'dbtk-not-a-project-'));
    const outside = await runDbtk(['connections', 'add', 'own', '--url', 'sqlite:x.sqlite3', '--json'], { cwd: empty });
    expect(outside.json<{ connection: { migrationsDir: string } }>().connection.migrationsDir).toBe(
      path.join(empty, '.dbtk-home', 'connections', 'own', 'migrations'),
    );
  });

  it('names an unset --url-env variable, when added and when used', async () => {
    const project = makeTempProject();
    const added = await runDbtk(['connections', 'add', 'staging', '--url-env', 'STAGING_DB_URL'], { cwd: project.dir });
    expect(added.exitCode).toBe(0);
    expect(added.stdout).toMatch(/STAGING_DB_URL is not set in this shell/);
    const used = await runDbtk(['-c', 'staging', 'status'], { cwd: project.dir });
    expect(used.exitCode).toBe(2);
    expect(used.stderr).toMatch(/the connection "staging" reads it from \$STAGING_DB_URL, which is not set/);
    expect(used.stderr).toMatch(/Fix: Set STAGING_DB_URL in the environment/);
  });
});
