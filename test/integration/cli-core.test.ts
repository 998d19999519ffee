// Issue 2 end to end: the real bin/dbtk and the real dbmate on SQLite, PostgreSQL and MariaDB.

import { chmodSync, existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import type { FailureJson, RunJson, StatusJson } from '../helpers/cli-json.js';
import { availableTargets, type TestDatabase } from '../helpers/databases.js';
import { DBTK_BIN, makeTempProject, runDbtk, type TempProject } from '../helpers/project.js';

const targets = await availableTargets();

describe.each(targets.map((t) => [t.label, t] as const))('%s', (_label, target) => {
  const databases: TestDatabase[] = [];
  afterAll(async () => {
    for (const db of databases) await db.drop().catch(() => undefined);
  });

  async function setup(): Promise<{
    project: TempProject;
    db: TestDatabase;
    dbtk: (args: string[], env?: Record<string, string>) => ReturnType<typeof runDbtk>;
  }> {
    const db = await target.createDatabase();
    databases.push(db);
    const project = makeTempProject();
    return { project, db, dbtk: (args, env = {}) => runDbtk(args, { cwd: project.dir, env: { DATABASE_URL: db.url, ...env } }) };
  }

  it('new, status, up, dump, down: the whole lifecycle', async () => {
    const { project, dbtk } = await setup();
    const created = await dbtk(['new', 'create_users', '--json']);
    expect(created.exitCode).toBe(0);
    const usersFile = created.json<{ path: string }>().path;
    expect(readFileSync(usersFile, 'utf8')).toMatch(/-- migrate:up[\s\S]*-- migrate:down/);
    writeFileSync(
      usersFile,
      '-- migrate:up\nCREATE TABLE users (id INTEGER PRIMARY KEY, email VARCHAR(200));\n\n-- migrate:down\nDROP TABLE users;\n',
    );
    const usersVersion = path.basename(usersFile).split('_')[0];
    const postsFile = project.addMigration(
      '29990101000000',
      'create_posts',
      'CREATE TABLE posts (id INTEGER PRIMARY KEY, title VARCHAR(100));',
      'DROP TABLE posts;',
    );

    const before = (await dbtk(['status', '--json'])).json<StatusJson>();
    expect(before).toMatchObject({ applied: 0, pending: 2 });
    expect(before.migrations[0]).toMatchObject({
      version: usersVersion,
      name: 'create_users',
      file: path.basename(usersFile),
      status: 'pending',
    });
    expect((await dbtk(['status', '--exit-code'])).exitCode).toBe(1);

    const up = await dbtk(['up', '--json']);
    expect(up.exitCode).toBe(0);
    const applied = up.json<RunJson>().migrations;
    expect(applied.map((m) => m.name)).toEqual(['create_users', 'create_posts']);
    for (const m of applied) {
      expect(m.status).toBe('done');
      expect(typeof m.durationMs).toBe('number');
    }
    const after = await dbtk(['status', '--json']);
    expect(after.json()).toMatchObject({ applied: 2, pending: 0 });
    expect((await dbtk(['status', '--exit-code'])).exitCode).toBe(0);
    const text = await dbtk(['status']);
    expect(text.stdout).toMatch(/applied\s+\d+\s+create_users/);

    rmSync(path.join(project.dir, 'db', 'schema.sql'), { force: true });
    const dump = await dbtk(['dump']);
    expect(dump.exitCode).toBe(0);
    expect(readFileSync(path.join(project.dir, 'db', 'schema.sql'), 'utf8')).toMatch(/posts/);

    // Without a terminal and without --yes, down refuses and changes nothing.
    const refused = await dbtk(['down']);
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toMatch(/refused without confirmation/);
    expect((await dbtk(['status', '--json'])).json<StatusJson>().applied).toBe(2);

    const down = await dbtk(['down', '--yes', '--json']);
    expect(down.exitCode).toBe(0);
    expect(down.json<RunJson>().migrations).toMatchObject([{ version: '29990101000000', status: 'done' }]);
    expect((await dbtk(['status', '--json'])).json()).toMatchObject({ applied: 1, pending: 1 });
    expect(existsSync(postsFile)).toBe(true);
  });

  it('rolls back several steps, or down to a version that stays applied', async () => {
    const { project, dbtk } = await setup();
    for (const v of ['1', '2', '3', '4'])
      project.addMigration(`2024010100000${v}`, `t${v}`, `CREATE TABLE t${v} (id INTEGER);`, `DROP TABLE t${v};`);
    expect((await dbtk(['up'])).exitCode).toBe(0);
    const toV2 = await dbtk(['down', '--to', '20240101000002', '--yes', '--json']);
    expect(toV2.json<RunJson>().migrations.map((m) => m.version)).toEqual(['20240101000004', '20240101000003']);
    const status = (await dbtk(['status', '--json'])).json<StatusJson>();
    expect(status.migrations.map((m) => m.status)).toEqual(['applied', 'applied', 'pending', 'pending']);
    const steps = await dbtk(['down', '--steps', '2', '--yes']);
    expect(steps.exitCode).toBe(0);
    expect(steps.stdout).toMatch(/Rolled back 2 migrations/);
    const bad = await dbtk(['down', '--to', '20240101000004', '--yes']);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/is not applied/);
    const badSteps = await dbtk(['down', '--steps', 'two', '--yes']);
    expect(badSteps.exitCode).toBe(2);
  });

  it('a failing migration names its file, is classified, and stops the batch', async () => {
    const { project, dbtk } = await setup();
    project.addMigration('20240101000001', 'good', 'CREATE TABLE good (id INTEGER);', 'DROP TABLE good;');
    project.addMigration('20240101000002', 'broken', 'CREATE TABLE broken (id INTEGER;', 'DROP TABLE broken;');
    project.addMigration('20240101000003', 'later', 'CREATE TABLE later (id INTEGER);', 'DROP TABLE later;');
    const up = await dbtk(['up', '--json']);
    expect(up.exitCode).toBe(1);
    const body = up.json<RunJson>();
    expect(body.ok).toBe(false);
    expect(body.error?.kind).toBe('sql_syntax');
    expect(body.error?.message).toContain('20240101000002_broken.sql');
    expect(body.migrations.map((m) => m.status)).toEqual(['done', 'failed', 'not_run']);
    const status = (await dbtk(['status', '--json'])).json<StatusJson>();
    expect(status.migrations.map((m) => m.status)).toEqual(['applied', 'pending', 'pending']);
    const text = await dbtk(['up']);
    expect(text.stderr).toMatch(/Error: 20240101000002_broken\.sql: A statement in the migration is not valid SQL/);
    expect(text.stderr).toMatch(/Fix: /);
  });

  it('shows an applied migration whose file was deleted as missing', async () => {
    const { project, dbtk } = await setup();
    const file = project.addMigration('20240101000001', 'gone', 'CREATE TABLE gone (id INTEGER);', 'DROP TABLE gone;');
    await dbtk(['up']);
    rmSync(file);
    const status = (await dbtk(['status', '--json'])).json<StatusJson>();
    expect(status).toMatchObject({ applied: 0, missing: 1 });
    expect(status.migrations[0]).toMatchObject({ version: '20240101000001', status: 'missing', file: null });
  });

  it('up on a database that does not exist yet creates it and counts every migration', async () => {
    const { project, db } = await setup();
    const url = target.dialect === 'sqlite' ? db.url.replace('test.sqlite3', 'fresh.sqlite3') : db.url.replace(db.name, `${db.name}_fresh`);
    project.addMigration('20240101000001', 'a', 'CREATE TABLE a (id INTEGER);', 'DROP TABLE a;');
    project.addMigration('20240101000002', 'b', 'CREATE TABLE b (id INTEGER);', 'DROP TABLE b;');
    const up = await runDbtk(['up'], { cwd: project.dir, env: { DATABASE_URL: url } });
    expect(up.exitCode).toBe(0);
    expect(up.stdout).toMatch(/\[1\/2\] Applied 20240101000001_a\.sql[\s\S]*\[2\/2\] Applied 20240101000002_b\.sql/);
    expect((await runDbtk(['drop', '--yes'], { cwd: project.dir, env: { DATABASE_URL: url } })).exitCode).toBe(0);
  });

  it('create, wait and drop a database (drop asks first)', async () => {
    const { project, db } = await setup();
    const url =
      target.dialect === 'sqlite' ? db.url.replace('test.sqlite3', 'other.sqlite3') : `${db.url.replace(db.name, `${db.name}_x`)}`;
    const dbtk = (args: string[]) => runDbtk(args, { cwd: project.dir, env: { DATABASE_URL: url } });
    expect((await dbtk(['create', '--json'])).json()).toMatchObject({ ok: true, command: 'create' });
    expect((await dbtk(['wait'])).exitCode).toBe(0);
    // load: the schema of another database, dumped to schema.sql, recreated here.
    project.addMigration('20240101000001', 'loaded', 'CREATE TABLE loaded (id INTEGER);', 'DROP TABLE loaded;');
    expect((await runDbtk(['up'], { cwd: project.dir, env: { DATABASE_URL: db.url } })).exitCode).toBe(0);
    const load = await dbtk(['load', '--json']);
    expect(load.exitCode).toBe(0);
    expect((await dbtk(['status', '--json'])).json()).toMatchObject({ applied: 1, pending: 0 });
    const refused = await dbtk(['drop']);
    expect(refused.exitCode).toBe(2);
    expect((await dbtk(['status'])).exitCode).toBe(0);
    const dropped = await dbtk(['drop', '--yes']);
    expect(dropped.exitCode).toBe(0);
    const gone = await dbtk(['status', '--json']);
    if (target.dialect !== 'sqlite') {
      expect(gone.exitCode).toBe(1);
      expect(gone.json<FailureJson>().error.kind).toBe('database_missing');
    }
  });

  it('doctor reports dbmate, the connection and the dump tool', async () => {
    const { dbtk } = await setup();
    const doctor = await dbtk(['doctor', '--json']);
    expect(doctor.exitCode).toBe(0);
    const checks = Object.fromEntries(doctor.json<{ checks: { id: string; ok: boolean }[] }>().checks.map((c) => [c.id, c]));
    expect(checks.dbmate).toMatchObject({ ok: true, data: { source: 'npm', version: expect.stringMatching(/^2\./) } });
    expect(checks.connection.ok).toBe(true);
    expect(checks.dump_tool).toMatchObject({
      ok: true,
      data: { tool: { sqlite: 'sqlite3', postgres: 'pg_dump', mysql: expect.stringMatching(/mysqldump|mariadb-dump/) }[target.dialect] },
    });
  });
});

describe('errors and secrets', () => {
  it('connection refused is classified with a fix, and passwords never appear', async () => {
    const project = makeTempProject();
    const url = 'postgres://app:hunter22secret@127.0.0.1:5439/app?sslmode=disable';
    for (const args of [['status'], ['status', '--json'], ['up', '--json'], ['doctor'], ['doctor', '--json']]) {
      const run = await runDbtk(args, { cwd: project.dir, env: { DATABASE_URL: url } });
      expect(run.exitCode).toBe(1);
      expect(run.stdout + run.stderr).not.toContain('hunter22secret');
    }
    const json = (await runDbtk(['status', '--json'], { cwd: project.dir, env: { DATABASE_URL: url } })).json<FailureJson>();
    expect(json.error).toMatchObject({ kind: 'connection_refused', hint: expect.stringMatching(/server is running/) });
  });

  it('an unknown host is told apart from a refused connection', async () => {
    const project = makeTempProject();
    const run = await runDbtk(['status', '--json'], {
      cwd: project.dir,
      env: { DATABASE_URL: 'postgres://u@no-such-host.invalid:5432/x?sslmode=disable' },
    });
    expect(run.json<FailureJson>().error.kind).toBe('unknown_host');
  });

  it('no URL: exit 2 with the fix; --help, --version and help COMMAND work', async () => {
    const project = makeTempProject();
    const run = await runDbtk(['status'], { cwd: project.dir });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/No database URL is set[\s\S]*Fix: Set DATABASE_URL/);
    expect((await runDbtk(['--version'], { cwd: project.dir })).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const help = await runDbtk(['--help'], { cwd: project.dir });
    expect(help.exitCode).toBe(0);
    for (const command of [
      'status',
      'new',
      'up',
      'migrate',
      'down',
      'create',
      'drop',
      'wait',
      'dump',
      'load',
      'doctor',
      'setup',
      'connections',
    ])
      expect(help.stdout).toContain(command);
    const helpUp = await runDbtk(['help', 'down'], { cwd: project.dir });
    expect(helpUp.stdout).toMatch(/--steps <n>[\s\S]*--to <version>/);
    const unknown = await runDbtk(['frobnicate'], { cwd: project.dir });
    expect(unknown.exitCode).toBe(2);
  });

  it('new --edit opens $EDITOR on the created file', async () => {
    const project = makeTempProject();
    const editor = project.writeFile('fake-editor.sh', '#!/bin/sh\nprintf "\\n-- edited by the fake editor\\n" >> "$1"\n');
    chmodSync(editor, 0o755);
    const run = await runDbtk(['new', 'add_index', '--edit', '--json'], {
      cwd: project.dir,
      env: { DATABASE_URL: 'sqlite:db/x.db', EDITOR: editor },
    });
    expect(run.exitCode).toBe(0);
    expect(readFileSync(run.json<{ path: string }>().path, 'utf8')).toMatch(/-- migrate:up[\s\S]*-- edited by the fake editor/);
  });

  it('bad migration names are refused and nothing is written', async () => {
    const project = makeTempProject();
    const run = await runDbtk(['new', 'Add Users!'], { cwd: project.dir, env: { DATABASE_URL: 'sqlite:db/x.db' } });
    expect(run.exitCode).toBe(2);
    expect(readdirSync(project.migrationsDir)).toEqual([]);
  });

  it('malformed migration files are reported per file, never a crash', async () => {
    const project = makeTempProject();
    project.writeFile('db/migrations/20240101000001_garbage.sql', Buffer.from([0, 159, 146, 150, 0, 1]));
    project.writeFile('db/migrations/20240101000002_no_markers.sql', 'create table x (id int);');
    const run = await runDbtk(['status', '--json'], { cwd: project.dir, env: { DATABASE_URL: 'sqlite:db/x.db' } });
    expect(run.exitCode).toBe(0);
    const problems = run.json<StatusJson>().migrations.map((m) => m.problems.map((p) => p.code));
    expect(problems).toEqual([['not_text'], ['no_up', 'no_down_marker']]);
  });
});

describe('named connections and production confirmation', () => {
  it('add, use with -c, list, and refuse destructive commands on production without the name', async () => {
    const project = makeTempProject();
    const env = {};
    const dbtk = (args: string[]) => runDbtk(args, { cwd: project.dir, env });
    const add = await dbtk(['connections', 'add', 'prod', '--url', 'sqlite:db/prod.sqlite3', '--production', '--json']);
    expect(add.exitCode).toBe(0);
    const migrations = add.json<{ connection: { migrationsDir: string } }>().connection.migrationsDir;
    writeFileSync(
      path.join(migrations, '20240101000001_t.sql'),
      '-- migrate:up\nCREATE TABLE t (id INTEGER);\n-- migrate:down\nDROP TABLE t;\n',
    );
    expect((await dbtk(['-c', 'prod', 'up'])).exitCode).toBe(0);
    const list = await dbtk(['connections', 'list']);
    expect(list.stdout).toMatch(/prod\s+production/);
    const refused = await dbtk(['-c', 'prod', 'down']);
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toMatch(/--yes --connection prod/);
    expect((await dbtk(['-c', 'prod', 'status', '--json'])).json<StatusJson>().applied).toBe(1);
    const confirmed = await dbtk(['down', '--yes', '--connection', 'prod']);
    expect(confirmed.exitCode).toBe(0);
    expect((await dbtk(['-c', 'prod', 'status', '--json'])).json<StatusJson>().applied).toBe(0);
    const unknown = await dbtk(['-c', 'nope', 'status']);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toMatch(/no connection named "nope"[\s\S]*Known connections: prod/);
  });
});

describe('Ctrl-C during up', () => {
  it('stops dbmate, exits non-zero and says which migrations finished', async () => {
    const project = makeTempProject();
    project.addMigration('20240101000001', 'quick', 'CREATE TABLE quick (id INTEGER);', 'DROP TABLE quick;');
    // A slow statement in SQLite: a large recursive count, long enough to interrupt.
    project.addMigration(
      '20240101000002',
      'slow',
      'CREATE TABLE slow AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 300000000) SELECT count(*) AS n FROM c;',
      'DROP TABLE slow;',
    );
    const child = execa('node', [DBTK_BIN, 'up'], {
      cwd: project.dir,
      env: { PATH: process.env.PATH, DATABASE_URL: 'sqlite:db/app.sqlite3', NO_COLOR: '1' },
      extendEnv: false,
      reject: false,
    });
    let seen = '';
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => {
        seen += chunk.toString();
        if (seen.includes('Applying 20240101000002_slow.sql')) resolve();
      });
    });
    child.kill('SIGINT');
    const result = await child;
    expect(result.exitCode).not.toBe(0);
    expect(String(result.stderr)).toMatch(/Interrupted/);
    expect(String(result.stderr)).toMatch(/Applied before the stop: 20240101000001_quick\.sql/);
    const status = (
      await runDbtk(['status', '--json'], { cwd: project.dir, env: { DATABASE_URL: 'sqlite:db/app.sqlite3' } })
    ).json<StatusJson>();
    expect(status.migrations.map((m) => m.status)).toEqual(['applied', 'pending']);
  });
});
