// `dbtk report` writes a Markdown diagnostics file a user can attach to a bug report: versions,
// doctor, the last failure and recent history, with no password or secret in it.

import { randomBytes } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { availableTargets, type TestDatabase } from '../helpers/databases.js';
import { makeTempProject, runDbtk } from '../helpers/project.js';

const targets = await availableTargets(['postgres']);

describe.each(targets.map((t) => [t.label, t] as const))('dbtk report on %s', (_label, target) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup().catch(() => undefined);
  });

  it('holds versions, doctor, the last failure and history, and no secret', async () => {
    const db: TestDatabase = await target.createDatabase();
    const { default: pg } = await import('pg');
    const suffix = randomBytes(3).toString('hex');
    const user = `dbtk_report_${suffix}`;
    const password = `pw-${suffix}-Secret!`;
    const envSecret = `env-token-${suffix}`;
    const admin = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
    await admin.connect();
    await admin.query(`CREATE ROLE ${user} LOGIN SUPERUSER PASSWORD '${password}'`);
    await admin.end();
    cleanups.push(async () => {
      await db.drop();
      const c = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
      await c.connect();
      await c.query(`DROP ROLE IF EXISTS ${user}`);
      await c.end();
    });
    const url = `postgres://${user}:${encodeURIComponent(password)}@127.0.0.1:5432/${db.name}?sslmode=disable`;
    const project = makeTempProject();
    writeFileSync(path.join(project.dir, '.env'), `DATABASE_URL=${url}\nAPI_TOKEN=${envSecret}\n`);
    project.addMigration('20240101000000', 'create_users', 'CREATE TABLE users (id INTEGER);', 'DROP TABLE users;');
    // The database repeats the secret in its error, so history holds it.
    project.addMigration('20240102000000', 'boom', `DO $$ BEGIN RAISE EXCEPTION 'boom ${envSecret} ${password}'; END $$;`, '');
    expect((await runDbtk(['up'], { cwd: project.dir })).exitCode).toBe(1);

    const run = await runDbtk(['report', '--json'], { cwd: project.dir });
    expect(run.exitCode, run.stderr).toBe(0);
    const file = run.json<{ path: string }>().path;
    expect(run.json()).toEqual({ ok: true, path: file });
    expect(path.dirname(file)).toBe(path.join(project.dir, '.dbtk'));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const report = readFileSync(file, 'utf8');
    expect(report).toMatch(/^# dbtk diagnostics report/);
    expect(report).toMatch(/- dbtk: \d+\.\d+\.\d+/);
    expect(report).toMatch(/- dbmate: 2\.\d+\.\d+/);
    expect(report).toContain(`- node: ${process.version}`);
    expect(report).toMatch(/## Doctor[\s\S]*\| connection \| ok \| database reachable/);
    expect(report).toMatch(/## Last failure[\s\S]*what: up 20240102000000_boom\.sql/);
    expect(report).toMatch(/## Last 20 history entries[\s\S]*\| up \| 20240101000000 \| 20240101000000_create_users\.sql \| success/);
    expect(report).toContain(`postgres://${user}:***@127.0.0.1:5432/${db.name}`);
    for (const secret of [password, encodeURIComponent(password), envSecret]) expect(report).not.toContain(secret);

    const text = await runDbtk(['report', '-o', 'out/report.md'], { cwd: project.dir });
    expect(text.exitCode).toBe(0);
    expect(text.stdout).toMatch(/^Wrote out\/report\.md\n/);
    expect(readFileSync(path.join(project.dir, 'out', 'report.md'), 'utf8')).not.toContain(envSecret);
  });
});
