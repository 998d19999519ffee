// Issue 7 end to end: `dbtk diff` through the real bin/dbtk, the real dbmate and the real dump
// tools on SQLite, PostgreSQL and MariaDB. The drift is made behind dbmate's back with psql,
// mariadb and sqlite3.

import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import type { DiffJson } from '../helpers/cli-json.js';
import { availableTargets, mariadbClientArgs, type DatabaseTarget, type TestDatabase } from '../helpers/databases.js';
import { DBTK_BIN, makeTempProject, runDbtk, type TempProject } from '../helpers/project.js';

const FIXTURES = path.join(import.meta.dirname, '..', 'fixtures', 'schema-diff');
const targets = await availableTargets();

/** Runs the fixture's drift.sql with the database's own command-line client. */
async function driftBehindDbmatesBack(target: DatabaseTarget, db: TestDatabase): Promise<void> {
  const file = path.join(FIXTURES, target.dialect, 'drift.sql');
  if (target.dialect === 'postgres') await execa('psql', ['-q', '-v', 'ON_ERROR_STOP=1', db.url, '-f', file]);
  else if (target.dialect === 'mysql') await execa('mariadb', mariadbClientArgs(db.url), { inputFile: file });
  else await execa('sqlite3', [db.url.replace(/^sqlite:/, '')], { inputFile: file });
}

const EXPECTED_CHANGES: Record<string, string[]> = {
  postgres: [
    'added column users.nickname',
    'added function add_one(x integer)',
    'added index users.users_created_at_idx',
    'added table tags',
    'changed column users.name',
    'changed function touch()',
    'changed view user_posts',
    'removed column users.age',
    'removed constraint users.email_has_at',
    'removed index posts.posts_user_id_idx',
  ],
  mysql: [
    'added column users.nickname',
    'added function add_two()',
    'added index users.users_created_at_idx',
    'added table tags',
    'changed column users.name',
    'changed function add_one()',
    'changed view user_posts',
    'removed column users.age',
    'removed constraint users.email_has_at',
    'removed index posts.posts_title_uq',
  ],
  sqlite: [
    'added column users.nickname',
    'added index users.users_created_at_idx',
    'added table tags',
    'changed view user_posts',
    'removed index posts.posts_user_id_idx',
  ],
};

// What --generate cannot express safely, so it stays as drift after the generated migration ran.
const NOT_GENERATED: Record<string, string[]> = {
  postgres: [
    'added function add_one(x integer)',
    'changed column users.name',
    'changed function touch()',
    'changed view user_posts',
    'removed column users.age',
  ],
  mysql: [
    'added function add_two()',
    'changed column users.name',
    'changed function add_one()',
    'changed view user_posts',
    'removed column users.age',
  ],
  sqlite: ['changed view user_posts'],
};

interface JsonChange {
  change: string;
  kind: string;
  table: string | null;
  name: string;
}
const changeList = (changes: JsonChange[]) => changes.map((c) => `${c.change} ${c.kind} ${c.table ? `${c.table}.` : ''}${c.name}`).sort();

describe.each(targets.map((t) => [t.label, t] as const))('dbtk diff on %s', (_label, target) => {
  const databases: TestDatabase[] = [];
  afterAll(async () => {
    for (const db of databases) await db.drop().catch(() => undefined);
  });

  async function migratedProject(): Promise<{
    project: TempProject;
    db: TestDatabase;
    dbtk: (args: string[]) => ReturnType<typeof runDbtk>;
  }> {
    const db = await target.createDatabase();
    databases.push(db);
    const project = makeTempProject();
    for (const file of readdirSync(path.join(FIXTURES, target.dialect, 'migrations'))) {
      copyFileSync(path.join(FIXTURES, target.dialect, 'migrations', file), path.join(project.migrationsDir, file));
    }
    const dbtk = (args: string[]) => runDbtk(args, { cwd: project.dir, env: { DATABASE_URL: db.url } });
    const up = await dbtk(['up']);
    expect(up.exitCode, up.stderr).toBe(0);
    return { project, db, dbtk };
  }

  it("shows no drift after up, reports drift made behind dbmate's back, and never touches schema.sql", async () => {
    const { project, db, dbtk } = await migratedProject();
    const schemaFile = path.join(project.dir, 'db', 'schema.sql');
    const schemaBefore = readFileSync(schemaFile);

    const clean = await dbtk(['diff', '--exit-code']);
    expect(clean.exitCode, clean.stderr).toBe(0);
    expect(clean.stdout).toContain('No drift: the live schema matches db/schema.sql.');
    expect((await dbtk(['diff', '--json'])).json()).toMatchObject({ ok: true, drift: false, changes: [], diff: '' });

    await driftBehindDbmatesBack(target, db);

    const drift = await dbtk(['diff', '--exit-code', '--unified', '1']);
    expect(drift.exitCode, drift.stderr).toBe(1);
    expect(drift.stdout).toMatch(/^Drift between db\/schema\.sql and the live database/);
    expect(drift.stdout).toMatch(/\+ added\s+table tags/);
    expect(drift.stdout).toMatch(/\+ added\s+column users\.nickname/);
    expect(drift.stdout).toMatch(/^--- db\/schema\.sql$/m);
    expect(drift.stdout).toMatch(/^\+.*nickname/m);
    expect((await dbtk(['diff'])).exitCode).toBe(0); // drift without --exit-code is not a failure

    const json = await dbtk(['diff', '--json']);
    expect(json.exitCode).toBe(0);
    const body = json.json<DiffJson>();
    expect(body.drift).toBe(true);
    expect(changeList(body.changes)).toEqual(EXPECTED_CHANGES[target.dialect]);
    expect(body.summary.table).toEqual({ added: 1, removed: 0, changed: 0 });

    const md = await dbtk(['diff', '--output', 'drift-report.md']);
    expect(md.exitCode).toBe(0);
    expect(md.stdout).toContain(`Report written to ${path.join(project.dir, 'drift-report.md')}`);
    const report = readFileSync(path.join(project.dir, 'drift-report.md'), 'utf8');
    expect(report).toContain('| Object | Added | Removed | Changed |');
    expect(report).toContain('```diff\n--- db/schema.sql');
    const html = await dbtk(['diff', '--output', 'drift-report.html']);
    expect(html.exitCode).toBe(0);
    expect(readFileSync(path.join(project.dir, 'drift-report.html'), 'utf8')).toMatch(
      /^<!DOCTYPE html>[\s\S]*<td>table<\/td>[\s\S]*<span class="add">\+/,
    );

    // A file that is not an earlier report is left alone.
    writeFileSync(path.join(project.dir, 'notes.md'), 'my notes\n');
    const refused = await dbtk(['diff', '--output', 'notes.md']);
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toMatch(/notes\.md already exists and is not a schema drift report[\s\S]*--force/);
    expect(readFileSync(path.join(project.dir, 'notes.md'), 'utf8')).toBe('my notes\n');

    expect(readFileSync(schemaFile).equals(schemaBefore)).toBe(true);
  });

  it('--generate writes a migration that records the drift, and whose down undoes it', async () => {
    const { project, db, dbtk } = await migratedProject();
    await driftBehindDbmatesBack(target, db);
    const generated = await dbtk(['diff', '--generate', 'record_drift', '--json']);
    expect(generated.exitCode, generated.stderr).toBe(0);
    const migration = generated.json<DiffJson>().migration;
    expect(migration?.file).toMatch(/^\d+_record_drift\.sql$/);
    expect(migration?.skipped).toHaveLength(NOT_GENERATED[target.dialect].length);

    // A fresh database migrated with the original migrations plus the generated one…
    const fresh = await target.createDatabase();
    databases.push(fresh);
    const copy = makeTempProject();
    for (const file of readdirSync(project.migrationsDir))
      copyFileSync(path.join(project.migrationsDir, file), path.join(copy.migrationsDir, file));
    const freshDbtk = (args: string[]) => runDbtk(args, { cwd: copy.dir, env: { DATABASE_URL: fresh.url } });
    const up = await freshDbtk(['up']);
    expect(up.exitCode, up.stderr + up.stdout).toBe(0);

    // …differs from the drifted database only by what could not be generated.
    const compared = await dbtk(['diff', '--json', '--schema-file', path.join(copy.dir, 'db', 'schema.sql')]);
    expect(changeList(compared.json<DiffJson>().changes)).toEqual([...NOT_GENERATED[target.dialect]].sort());

    const down = await freshDbtk(['down', '--yes']);
    expect(down.exitCode, down.stderr + down.stdout).toBe(0);
    const back = await runDbtk(['diff', '--json', '--schema-file', path.join(project.dir, 'db', 'schema.sql')], {
      cwd: copy.dir,
      env: { DATABASE_URL: fresh.url },
    });
    expect(back.json<DiffJson>().changes).toEqual([]);
  });
});

describe('dbtk diff without what it needs', () => {
  function sqliteProject(withSchema: boolean): TempProject {
    const project = makeTempProject();
    if (withSchema) project.writeFile('db/schema.sql', 'CREATE TABLE t (id int);\n');
    return project;
  }

  it('says there is no schema file yet and how to write one', async () => {
    const project = sqliteProject(false);
    const result = await runDbtk(['diff'], { cwd: project.dir, env: { DATABASE_URL: 'sqlite:db/app.sqlite3' } });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('There is no schema file at db/schema.sql yet');
    expect(result.stderr).toMatch(/Fix: .*dbtk dump/);
    const json = await runDbtk(['diff', '--json'], { cwd: project.dir, env: { DATABASE_URL: 'sqlite:db/app.sqlite3' } });
    expect(json.json()).toMatchObject({ ok: false, error: { kind: 'not_found' } });
  });

  it('names the package to install when the dump tool is missing', async () => {
    const project = sqliteProject(true);
    const emptyPath = mkdtempSync(path.join(os.tmpdir(), 'dbtk-no-tools-'));
    // node itself by absolute path: PATH holds no tools at all.
    const result = await execa(process.execPath, [DBTK_BIN, 'diff'], {
      cwd: project.dir,
      env: { PATH: emptyPath, HOME: project.dir, NO_COLOR: '1', DATABASE_URL: 'sqlite:db/app.sqlite3' },
      extendEnv: false,
      reject: false,
    });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('sqlite3 is not installed, so the live schema cannot be dumped');
    expect(result.stderr).toContain('apt-get install sqlite3');
    expect(readFileSync(path.join(project.dir, 'db', 'schema.sql'), 'utf8')).toBe('CREATE TABLE t (id int);\n');
  });

  it('rejects bad options before touching anything', async () => {
    const project = sqliteProject(true);
    const env = { DATABASE_URL: 'sqlite:db/app.sqlite3' };
    const unified = await runDbtk(['diff', '--unified', 'lots'], { cwd: project.dir, env });
    expect(unified.exitCode).toBe(2);
    expect(unified.stderr).toContain('expected a whole number of lines');
    const format = await runDbtk(['diff', '--output', 'report.pdf'], { cwd: project.dir, env });
    expect(format.exitCode).toBe(2);
    expect(format.stderr).toContain('FILE.md');
    const name = await runDbtk(['diff', '--generate', 'Bad Name'], { cwd: project.dir, env });
    expect(name.exitCode).toBe(2);
    expect(name.stderr).toContain('not a valid migration name');
    expect(readdirSync(path.join(project.dir, 'db', 'migrations'))).toEqual([]);
    expect(readdirSync(project.dir).sort()).toEqual(['db']);
  });
});
