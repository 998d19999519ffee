// Issue 15: a dry run's copy is made without any password in a process argument. pg_dump,
// psql, mysqldump/mariadb-dump, mysql/mariadb and dbmate are wrapped by a PATH shim that logs
// their arguments, and a dry run (with its data) runs through the real binary with a URL
// holding a password. On MariaDB the user may only use its own databases, so the dry run goes
// to a shadow database (DBTK_SHADOW_URL), which is emptied again after.

import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeArgvShim } from '../helpers/argv-shim.js';
import { availableTargets, type TestDatabase } from '../helpers/databases.js';
import { DBMATE_BIN, makeTempProject, runDbtk } from '../helpers/project.js';

const targets = await availableTargets(['postgres', 'mysql']);

describe.each(targets.map((t) => [t.label, t] as const))('%s', (_label, target) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup().catch(() => undefined);
  });

  it('a dry run with --with-data never puts the password in a process argument', async () => {
    const db: TestDatabase = await target.createDatabase();
    cleanups.push(() => db.drop());
    const suffix = randomBytes(3).toString('hex');
    const user = `dbtk_dry_pw_${suffix}`;
    const password = `s3cr3t-${suffix}#"x`;
    const encoded = encodeURIComponent(password);
    let url: string;
    let shadowUrl: string | undefined;
    if (target.dialect === 'postgres') {
      const { default: pg } = await import('pg');
      const admin = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
      await admin.connect();
      await admin.query(`CREATE ROLE ${user} LOGIN SUPERUSER PASSWORD '${password.replace(/'/g, "''")}'`);
      await admin.end();
      cleanups.push(async () => {
        const c = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
        await c.connect();
        await c.query(`DROP ROLE IF EXISTS ${user}`);
        await c.end();
      });
      url = `postgres://${user}:${encoded}@127.0.0.1:5432/${db.name}?sslmode=disable`;
    } else {
      const mysql = await import('mysql2/promise');
      const admin = await mysql.createConnection({ host: '127.0.0.1', port: 3306, user: 'root' });
      const shadow = `${db.name}_shadow`;
      await admin.query(`CREATE DATABASE \`${shadow}\``);
      await admin.query(`CREATE USER '${user}'@'%' IDENTIFIED BY ?`, [password]);
      await admin.query(`GRANT ALL ON \`${db.name}\`.* TO '${user}'@'%'`);
      await admin.query(`GRANT ALL ON \`${shadow}\`.* TO '${user}'@'%'`);
      await admin.end();
      cleanups.push(async () => {
        const c = await mysql.createConnection({ host: '127.0.0.1', port: 3306, user: 'root' });
        await c.query(`DROP DATABASE IF EXISTS \`${shadow}\``);
        await c.query(`DROP USER IF EXISTS '${user}'@'%'`);
        await c.end();
      });
      url = `mysql://${user}:${encoded}@127.0.0.1:3306/${db.name}`;
      shadowUrl = `mysql://${user}:${encoded}@127.0.0.1:3306/${shadow}`;
    }
    const shim = makeArgvShim(['pg_dump', 'psql', 'mysqldump', 'mariadb-dump', 'mysql', 'mariadb']);
    cleanups.push(() => rm(shim.dir, { recursive: true, force: true }));
    const project = makeTempProject('dbtk-dry-secrets-');
    cleanups.push(() => rm(project.dir, { recursive: true, force: true }));
    project.addMigration(
      '20240101000000',
      'users',
      'CREATE TABLE users (id INTEGER PRIMARY KEY);\nINSERT INTO users VALUES (1), (2);',
      'DROP TABLE users;',
    );
    const env = {
      DATABASE_URL: url,
      ...(shadowUrl ? { DBTK_SHADOW_URL: shadowUrl } : {}),
      PATH: `${shim.dir}${path.delimiter}${process.env.PATH}`,
      DBTK_DBMATE: shim.wrap('dbmate', DBMATE_BIN),
    };
    const up = await runDbtk(['up'], { cwd: project.dir, env });
    expect(up.exitCode, up.stderr).toBe(0);
    const dry = await runDbtk(['down', '--dry-run', '--with-data', '--json'], { cwd: project.dir, env });
    expect(dry.exitCode, dry.stdout + dry.stderr).toBe(0);
    const report = dry.json<{ ok: boolean; copy: { kind: string; withData: boolean; removed: boolean } }>();
    expect(report.copy).toMatchObject({ kind: shadowUrl ? 'shadow_database' : 'scratch_database', withData: true, removed: true });

    if (shadowUrl) {
      // The shadow database is left empty again.
      const mysql = await import('mysql2/promise');
      const c = await mysql.createConnection({ host: '127.0.0.1', port: 3306, user: 'root' });
      const [rows] = await c.query('SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = ?', [`${db.name}_shadow`]);
      await c.end();
      expect(Number((rows as { n: number }[])[0].n)).toBe(0);
    }

    const calls = shim.calls();
    const loader = target.dialect === 'postgres' ? /^psql / : /^(mysql|mariadb) /;
    expect(calls.filter((c) => loader.test(c)).length).toBeGreaterThanOrEqual(1);
    for (const call of calls) {
      expect(call).not.toContain(password);
      expect(call).not.toContain(encoded);
      expect(call).not.toContain('s3cr3t');
    }
  });
});
