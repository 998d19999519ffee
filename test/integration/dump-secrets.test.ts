// Issue 14, item 4: no password in any child process's argv. Every tool dbtk or dbmate starts
// (dbmate, pg_dump, mysqldump, mariadb-dump, mysql, psql) is wrapped by a PATH shim that logs
// its arguments; dump, up, down, diff and load run through the real binary against real
// PostgreSQL and MariaDB with a URL holding a password, and the log must not hold it.

import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeArgvShim } from '../helpers/argv-shim.js';
import { availableTargets, type TestDatabase } from '../helpers/databases.js';
import { DBMATE_BIN, makeTempProject, runDbmate, runDbtk } from '../helpers/project.js';

const targets = await availableTargets(['postgres', 'mysql']);

interface PasswordUser {
  url: string;
  password: string;
  drop(): Promise<void>;
}

/** A user with a password on the test database (PostgreSQL trusts local connections, so there it is carried, not checked). */
async function passwordUser(dialect: string, db: TestDatabase): Promise<PasswordUser> {
  const suffix = randomBytes(3).toString('hex');
  const user = `dbtk_pw_${suffix}`;
  // Characters that need percent-encoding in a URL, and one an option file must escape.
  const password = `s3cr3t-${suffix}#"x`;
  const encoded = encodeURIComponent(password);
  if (dialect === 'postgres') {
    const { default: pg } = await import('pg');
    const admin = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
    await admin.connect();
    await admin.query(`CREATE ROLE ${user} LOGIN SUPERUSER PASSWORD '${password.replace(/'/g, "''")}'`);
    await admin.end();
    return {
      url: `postgres://${user}:${encoded}@127.0.0.1:5432/${db.name}?sslmode=disable`,
      password,
      drop: async () => {
        await db.drop();
        const c = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
        await c.connect();
        await c.query(`DROP ROLE IF EXISTS ${user}`);
        await c.end();
      },
    };
  }
  const mysql = await import('mysql2/promise');
  const admin = await mysql.createConnection({ host: '127.0.0.1', port: 3306, user: 'root' });
  await admin.query(`CREATE USER '${user}'@'%' IDENTIFIED BY ?`, [password]);
  await admin.query(`GRANT ALL ON \`${db.name}\`.* TO '${user}'@'%'`);
  await admin.end();
  return {
    url: `mysql://${user}:${encoded}@127.0.0.1:3306/${db.name}`,
    password,
    drop: async () => {
      await db.drop();
      const c = await mysql.createConnection({ host: '127.0.0.1', port: 3306, user: 'root' });
      await c.query(`DROP USER IF EXISTS '${user}'@'%'`);
      await c.end();
    },
  };
}

describe.each(targets.map((t) => [t.label, t] as const))('%s', (_label, target) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup().catch(() => undefined);
  });

  it('dump, up, down, diff and load never put the password in a process argument', async () => {
    const db = await target.createDatabase();
    const user = await passwordUser(target.dialect, db);
    cleanups.push(() => user.drop());
    const shim = makeArgvShim(['pg_dump', 'mysqldump', 'mariadb-dump', 'mysql', 'mariadb', 'psql']);
    const dbmate = shim.wrap('dbmate', DBMATE_BIN);
    const project = makeTempProject();
    project.addMigration(
      '20240101000000',
      'create_users',
      'CREATE TABLE users (id INTEGER PRIMARY KEY, email VARCHAR(200));',
      'DROP TABLE users;',
    );
    project.addMigration('20240102000000', 'create_posts', 'CREATE TABLE posts (id INTEGER PRIMARY KEY);', 'DROP TABLE posts;');
    const env = { DATABASE_URL: user.url, PATH: `${shim.dir}${path.delimiter}${process.env.PATH}`, DBTK_DBMATE: dbmate };
    const dbtk = (args: string[]) => runDbtk(args, { cwd: project.dir, env });
    const schemaFile = path.join(project.dir, 'db', 'schema.sql');

    const up = await dbtk(['up']);
    expect(up.exitCode, up.stderr).toBe(0);
    expect(readFileSync(schemaFile, 'utf8')).toMatch(/posts[\s\S]*20240102000000/);
    const down = await dbtk(['down', '--yes']);
    expect(down.exitCode, down.stderr).toBe(0);
    const afterDown = readFileSync(schemaFile, 'utf8');
    expect(afterDown).not.toMatch(/CREATE TABLE [`"]?(public\.)?posts/);
    expect(afterDown).toContain('20240101000000');
    rmSync(schemaFile);
    const dump = await dbtk(['dump']);
    expect(dump.exitCode, dump.stderr).toBe(0);
    expect(readFileSync(schemaFile, 'utf8')).toMatch(/users[\s\S]*20240101000000/);
    const diff = await dbtk(['diff', '--exit-code']);
    expect(diff.exitCode, diff.stdout + diff.stderr).toBe(0);
    const load = await dbtk(['load', '--yes']);
    // Loading into a database that has the tables fails for MariaDB and PostgreSQL alike; only its argv matters here.
    expect([0, 1]).toContain(load.exitCode);

    const calls = shim.calls();
    const dumpTool = target.dialect === 'postgres' ? /^pg_dump / : /^(mysqldump|mariadb-dump) /;
    expect(calls.filter((c) => dumpTool.test(c)).length).toBeGreaterThanOrEqual(3);
    expect(calls.filter((c) => c.startsWith('dbmate ')).length).toBeGreaterThan(3);
    const encoded = encodeURIComponent(user.password);
    for (const call of calls) {
      expect(call).not.toContain(user.password);
      expect(call).not.toContain(encoded);
      expect(call).not.toContain('s3cr3t');
      if (call.startsWith('dbmate ')) expect(call).not.toMatch(/(postgres|mysql):\/\//);
    }
    // The password reached the tools another way: PostgreSQL's through PGPASSWORD.
    if (target.dialect === 'postgres') {
      const dumps = shim.envs().filter((e) => e.startsWith('pg_dump '));
      expect(dumps.every((e) => e.includes(`PGPASSWORD=${user.password} `))).toBe(true);
    }
  });

  if (target.dialect === 'mysql') {
    it('writes the same schema.sql as `dbmate dump`, byte for byte', async () => {
      const db = await target.createDatabase();
      const user = await passwordUser(target.dialect, db);
      cleanups.push(() => user.drop());
      const project = makeTempProject();
      project.addMigration(
        '20240101000000',
        'create_users',
        [
          'CREATE TABLE users (id INT AUTO_INCREMENT PRIMARY KEY, email VARCHAR(200) NOT NULL COMMENT "it\'s   spaced  ", KEY email_idx (email));',
          "INSERT INTO users (email) VALUES ('a'), ('b');",
          'CREATE VIEW user_emails AS SELECT email FROM users;',
        ].join('\n'),
        'DROP VIEW user_emails; DROP TABLE users;',
      );
      project.addMigration(
        '20240102000000',
        'add_fn',
        'CREATE FUNCTION answer() RETURNS INT DETERMINISTIC RETURN 42;',
        'DROP FUNCTION answer;',
      );
      const env = { DATABASE_URL: user.url };
      const up = await runDbtk(['--no-dump-schema', 'up'], { cwd: project.dir, env });
      expect(up.exitCode, up.stderr).toBe(0);

      const theirs = path.join(project.dir, 'theirs.sql');
      const dbmate = await runDbmate(['--schema-file', theirs, 'dump'], { cwd: project.dir, url: user.url });
      expect(dbmate.exitCode, String(dbmate.stderr)).toBe(0);
      const dump = await runDbtk(['dump'], { cwd: project.dir, env });
      expect(dump.exitCode, dump.stderr).toBe(0);
      const ours = readFileSync(path.join(project.dir, 'db', 'schema.sql'));
      expect(ours.toString('utf8')).toContain('INSERT INTO `schema_migrations` (version) VALUES');
      expect(ours.equals(readFileSync(theirs))).toBe(true);
    });

    it("uses the URL's password even when ~/.my.cnf names another one", async () => {
      const db = await target.createDatabase();
      const user = await passwordUser(target.dialect, db);
      cleanups.push(() => user.drop());
      const project = makeTempProject();
      project.addMigration('20240101000000', 'create_users', 'CREATE TABLE users (id INT PRIMARY KEY);', 'DROP TABLE users;');
      const home = path.join(project.dir, 'home');
      mkdirSync(home);
      writeFileSync(path.join(home, '.my.cnf'), '[client]\npassword=not-the-right-one\n[mysqldump]\npassword=not-the-right-one\n', {
        mode: 0o600,
      });
      const env = { DATABASE_URL: user.url, HOME: home };
      const up = await runDbtk(['up'], { cwd: project.dir, env });
      expect(up.exitCode, up.stderr).toBe(0);
      expect(readFileSync(path.join(project.dir, 'db', 'schema.sql'), 'utf8')).toContain('CREATE TABLE `users`');
    });
  }
});
