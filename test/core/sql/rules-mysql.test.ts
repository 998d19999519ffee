// MySQL/MariaDB rules that depend on how ALTER TABLE runs (ENUM/SET copies, ALGORITHM=INSTANT)
// and on the target server (MariaDB 10.5 makes inline foreign keys).

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMigrationContent } from '../../../src/core/migrations/file.js';
import { assessMigrations } from '../../../src/core/sql/assess.js';
import { lintMigrations } from '../../../src/core/sql/lint.js';
import type { TargetVersions } from '../../../src/core/sql/rules.js';
import { versionAtLeast } from '../../../src/core/sql/rules-mysql.js';

const file = (up: string, down = 'SELECT 1;') => `-- migrate:up\n${up}\n\n-- migrate:down\n${down}\n`;

async function findings(content: string, versions?: TargetVersions): Promise<{ rule: string; message: string }[]> {
  const migration = parseMigrationContent('20240102000000_change.sql', '/virtual/20240102000000_change.sql', Buffer.from(content));
  const result = await assessMigrations([migration], { dialect: 'mysql', sources: new Map([[migration.path, content]]), versions });
  // The down sections here are placeholders: whether they undo the up is other rules' business.
  return result.migrations[0].findings.filter((f) => f.rule !== 'down-not-reversing').map((f) => ({ rule: f.rule, message: f.message }));
}

const rules = async (content: string, versions?: TargetVersions) => (await findings(content, versions)).map((f) => f.rule);

describe('mysql-enum-copies-table', () => {
  const down = "ALTER TABLE orders MODIFY status ENUM('new', 'shipped') NOT NULL;";

  it('appending members at the end is instant: no finding, and no column-type-change either', async () => {
    expect(await rules(file("ALTER TABLE orders MODIFY status ENUM('new', 'shipped', 'paid') NOT NULL;", down))).toEqual([]);
    expect(await rules(file("ALTER TABLE orders CHANGE COLUMN status status ENUM('new', 'shipped', 'paid');", down))).toEqual([]);
  });

  it('inserting a member before the end copies the table: one finding naming table.column', async () => {
    const found = await findings(file("ALTER TABLE orders MODIFY status ENUM('new', 'paid', 'shipped') NOT NULL;", down));
    expect(found.map((f) => f.rule)).toEqual(['mysql-enum-copies-table']);
    expect(found[0].message).toContain('orders.status');
  });

  it('removing or renaming members copies the table', async () => {
    expect(await rules(file("ALTER TABLE orders MODIFY status ENUM('new');", down))).toEqual(['mysql-enum-copies-table']);
    expect(await rules(file("ALTER TABLE orders MODIFY status ENUM('created', 'shipped');", down))).toEqual(['mysql-enum-copies-table']);
  });

  it('a SET growing past 8 members needs a wider storage size', async () => {
    const eight = Array.from({ length: 8 }, (_, i) => `'m${i}'`);
    const before = `ALTER TABLE t MODIFY flags SET(${eight.join(', ')});`;
    expect(await rules(file(`ALTER TABLE t MODIFY flags SET(${[...eight, "'m8'"].join(', ')});`, before))).toEqual([
      'mysql-enum-copies-table',
    ]);
  });

  it('without the old members in the down section, the redefinition is column-type-change’s', async () => {
    expect(await rules(file("ALTER TABLE orders MODIFY status ENUM('new', 'paid');"))).toEqual(['column-type-change']);
  });

  it('a table created in the same migration is not checked', async () => {
    expect(
      await rules(file("CREATE TABLE orders (status ENUM('a'));\nALTER TABLE orders MODIFY status ENUM('b');", 'DROP TABLE orders;')),
    ).toEqual([]);
  });
});

describe('mysql-not-instant', () => {
  it('appending a nullable column never fires', async () => {
    for (const versions of [undefined, { mysql: 8.0 }, { mariadb: '10.3' }])
      expect(await rules(file('ALTER TABLE users ADD COLUMN nickname VARCHAR(40);'), versions)).toEqual([]);
  });

  it('AFTER/FIRST fires on MySQL 8.0 (maybe before 8.0.29) and MariaDB 10.3, not on a current server or MySQL 8.4', async () => {
    const sql = file('ALTER TABLE users ADD COLUMN nickname VARCHAR(40) AFTER email;');
    expect(await rules(sql, { mysql: 8.0 })).toEqual(['mysql-not-instant']);
    expect(await rules(sql, { mariadb: '10.3' })).toEqual(['mysql-not-instant']);
    expect(await rules(sql)).toEqual([]);
    expect(await rules(sql, { mysql: 8.4 })).toEqual([]);
    expect(await rules(sql, { mariadb: '10.11' })).toEqual([]);
  });

  it('a column called first is not a position', async () => {
    expect(await rules(file('ALTER TABLE users ADD COLUMN first VARCHAR(40);'), { mysql: 8.0 })).toEqual([]);
    expect(await rules(file('ALTER TABLE users ADD first VARCHAR(40) FIRST;'), { mysql: 8.0 })).toEqual(['mysql-not-instant']);
  });

  it('any ADD COLUMN on MySQL 5.7 rebuilds the table', async () => {
    const found = await findings(file('ALTER TABLE users ADD COLUMN nickname VARCHAR(40);'), { mysql: 5.7 });
    expect(found.map((f) => f.rule)).toEqual(['mysql-not-instant']);
    expect(found[0].message).toContain('MySQL 5.7');
  });

  it('DROP COLUMN before 8.0.29 is reported next to drop-column; on a current server only drop-column', async () => {
    const sql = file('ALTER TABLE users DROP COLUMN legacy;');
    expect(await rules(sql, { mysql: 8.0 })).toEqual(expect.arrayContaining(['drop-column', 'mysql-not-instant']));
    expect(await rules(sql)).toEqual(['drop-column']);
  });

  it('adding a primary key and converting the character set always rebuild', async () => {
    expect(await rules(file('ALTER TABLE users ADD PRIMARY KEY (id);'))).toContain('mysql-not-instant');
    expect(await rules(file('ALTER TABLE users CONVERT TO CHARACTER SET utf8mb4;'))).toContain('mysql-not-instant');
    expect(await rules(file('ALTER TABLE users DEFAULT CHARSET = utf8mb4;'))).not.toContain('mysql-not-instant');
  });

  it('a type change is reported once, by column-type-change', async () => {
    const found = await rules(file('ALTER TABLE users MODIFY age BIGINT;'), { mysql: 8.0 });
    expect(found).toEqual(['column-type-change']);
  });

  it('indexes and new tables are not its business', async () => {
    expect(await rules(file('ALTER TABLE users ADD INDEX users_email (email);'), { mysql: 5.7 })).toEqual([]);
    expect(await rules(file('CREATE TABLE t (a int);\nALTER TABLE t ADD COLUMN b int FIRST;', 'DROP TABLE t;'), { mysql: 5.7 })).toEqual(
      [],
    );
  });
});

describe('mysql-inline-references-ignored and the target server', () => {
  const sql = file('CREATE TABLE orders (id INT PRIMARY KEY, user_id INT REFERENCES users (id));', 'DROP TABLE orders;');

  it('MariaDB 10.5 and later create the key: no finding', async () => {
    expect(await rules(sql, { mariadb: '10.5' })).toEqual([]);
    expect(await rules(sql, { mariadb: '10.11' })).toEqual([]);
    expect(await rules(sql, { mariadb: '11.4' })).toEqual([]);
  });

  it('MariaDB before 10.5 and MySQL before 9.0 ignore it', async () => {
    const found = await findings(sql, { mariadb: '10.4' });
    expect(found.map((f) => f.rule)).toEqual(['mysql-inline-references-ignored']);
    expect(found[0].message).toContain('MariaDB 10.4');
    expect(await rules(sql, { mysql: 8.0 })).toEqual(['mysql-inline-references-ignored']);
    expect(await rules(sql)).toEqual(['mysql-inline-references-ignored']);
    expect(await rules(sql, { mysql: 9.1 })).toEqual([]);
  });

  it('a MySQL version set next to a MariaDB one wins', async () => {
    expect(await rules(sql, { mysql: 8.0, mariadb: '10.11' })).toEqual(['mysql-inline-references-ignored']);
  });
});

describe('versionAtLeast', () => {
  it('compares part by part', () => {
    expect(versionAtLeast('10.11', 10, 5)).toBe(true);
    expect(versionAtLeast('10.4', 10, 5)).toBe(false);
    expect(versionAtLeast('11.0', 10, 5)).toBe(true);
    expect(versionAtLeast(8.0, 8, 0, 29)).toBe(false);
  });
});

describe('lint.mariadb in the project config', () => {
  let dir: string;
  const write = (config: unknown) => writeFileSync(path.join(dir, 'dbtk.config.json'), JSON.stringify(config));
  const lint = (detectedVersions?: TargetVersions) =>
    lintMigrations({ cwd: dir, dialect: 'mysql', migrationsDirs: [path.join(dir, 'db', 'migrations')], detectedVersions });

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'dbtk-lint-mariadb-'));
    mkdirSync(path.join(dir, 'db', 'migrations'), { recursive: true });
    writeFileSync(
      path.join(dir, 'db', 'migrations', '20240101000000_orders.sql'),
      '-- migrate:up\nCREATE TABLE orders (id INT PRIMARY KEY, user_id INT REFERENCES users (id));\n\n-- migrate:down\nDROP TABLE orders;\n',
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a MariaDB 10.11 target (config or detected) makes inline REFERENCES fine; the config wins over a detected MySQL', async () => {
    write({ lint: { mariadb: '10.11' } });
    let result = await lint({ mysql: 8.0 });
    expect(result.versions).toEqual({ mariadb: '10.11' });
    expect(result.files[0].findings).toEqual([]);
    write({});
    result = await lint({ mariadb: '10.6' });
    expect(result.files[0].findings).toEqual([]);
    result = await lint();
    expect(result.files[0].findings.map((f) => f.rule)).toEqual(['mysql-inline-references-ignored']);
  });

  it('a MariaDB version that is not one is a clear config error', async () => {
    write({ lint: { mariadb: 'latest' } });
    await expect(lint()).rejects.toThrow(/"lint.mariadb" must be a MariaDB version such as "10.11"/);
  });
});
