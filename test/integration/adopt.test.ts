// Issue 19 end to end: `dbtk convert` (files and history), `dbtk baseline` and `dbtk mark`
// through the real bin/dbtk and dbmate, on SQLite, PostgreSQL and MariaDB. Each tool's history
// table is created the way that tool creates it; the "original" database is the schema the
// tool's migrations built, with the tool's history rows.

import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import type { DiffJson, StatusJson } from '../helpers/cli-json.js';
import { trackedResources } from '../helpers/cleanups.js';
import { availableTargets, mariadbClientArgs, type TestDialect } from '../helpers/databases.js';
import { runDbtk } from '../helpers/project.js';

const FIXTURES = path.join(import.meta.dirname, '..', 'fixtures', 'convert');
const targets = await availableTargets();
const { database: newDatabase, project } = trackedResources('dbtk-adopt-');

/** Runs SQL with the database's own command-line client. */
async function sql(dialect: TestDialect, url: string, text: string): Promise<void> {
  if (dialect === 'postgres') await execa('psql', ['-q', '-v', 'ON_ERROR_STOP=1', url], { input: text });
  else if (dialect === 'mysql') await execa('mariadb', mariadbClientArgs(url), { input: text });
  else await execa('sqlite3', ['-bail', url.replace(/^sqlite:/, '')], { input: text });
}

/** What every fixture's migrations build (the same schema in each tool's format). */
const ORIGINAL_SCHEMA = `
CREATE TABLE users (id integer PRIMARY KEY, email varchar(255) NOT NULL, name varchar(100));
CREATE TABLE posts (id integer PRIMARY KEY, user_id integer NOT NULL, title varchar(200));
CREATE INDEX posts_user_id_idx ON posts (user_id);
`;

const now = (d: TestDialect) => (d === 'sqlite' ? "datetime('now')" : 'CURRENT_TIMESTAMP');
const bool = (d: TestDialect, value: boolean) => (d === 'sqlite' ? (value ? '1' : '0') : value ? 'true' : 'false');

/** Each tool's history table, as the tool creates it, with the rows of the fixture applied. */
const TOOL_HISTORY: Record<string, { table: string; create: (d: TestDialect, options: { dirty?: boolean }) => string }> = {
  'golang-migrate': {
    table: 'schema_migrations',
    create: (d, { dirty = false }) =>
      (d === 'sqlite'
        ? 'CREATE TABLE IF NOT EXISTS schema_migrations (version uint64,dirty bool); CREATE UNIQUE INDEX IF NOT EXISTS version_unique ON schema_migrations (version);'
        : 'CREATE TABLE IF NOT EXISTS schema_migrations (version bigint not null primary key, dirty boolean not null);') +
      ` INSERT INTO schema_migrations (version, dirty) VALUES (10, ${bool(d, dirty)});`,
  },
  goose: {
    table: 'goose_db_version',
    create: (d) =>
      (d === 'sqlite'
        ? "CREATE TABLE goose_db_version (id INTEGER PRIMARY KEY AUTOINCREMENT, version_id INTEGER NOT NULL, is_applied INTEGER NOT NULL, tstamp TIMESTAMP DEFAULT (datetime('now')));"
        : 'CREATE TABLE goose_db_version (id serial NOT NULL, version_id bigint NOT NULL, is_applied boolean NOT NULL, tstamp timestamp NULL default now(), PRIMARY KEY(id));') +
      ` INSERT INTO goose_db_version (version_id, is_applied) VALUES (0, ${bool(d, true)}), (1, ${bool(d, true)}), (2, ${bool(d, true)}), (3, ${bool(d, true)}), (4, ${bool(d, true)});`,
  },
  flyway: {
    table: 'flyway_schema_history',
    create: (d) => {
      const q = (name: string) => (d === 'mysql' ? `\`${name}\`` : `"${name}"`);
      const row = (rank: number, version: string | null, description: string, script: string) =>
        `(${rank}, ${version === null ? 'NULL' : `'${version}'`}, '${description}', 'SQL', '${script}', 12345, 'flyway', ${now(d)}, 4, ${bool(d, true)})`;
      return (
        `CREATE TABLE flyway_schema_history (${q('installed_rank')} INT NOT NULL, ${q('version')} VARCHAR(50), ${q('description')} VARCHAR(200) NOT NULL, ${q('type')} VARCHAR(20) NOT NULL, ${q('script')} VARCHAR(1000) NOT NULL, ${q('checksum')} INT, ${q('installed_by')} VARCHAR(100) NOT NULL, ${q('installed_on')} TIMESTAMP NOT NULL DEFAULT ${d === 'sqlite' ? "(strftime('%Y-%m-%d %H:%M:%f','now'))" : 'CURRENT_TIMESTAMP'}, ${q('execution_time')} INT NOT NULL, ${q('success')} BOOLEAN NOT NULL, PRIMARY KEY (${q('installed_rank')}));` +
        ` INSERT INTO flyway_schema_history VALUES ${[
          row(1, '1', 'Create users', 'V1__Create_users.sql'),
          row(2, '1.1', 'Create posts', 'V1.1__Create_posts.sql'),
          row(3, '2', 'Add user name', 'V2__Add_user_name.sql'),
          row(4, null, 'Backfill names', 'R__Backfill_names.sql'),
        ].join(', ')};`
      );
    },
  },
  'sql-migrate': {
    table: 'gorp_migrations',
    create: (d) =>
      `CREATE TABLE gorp_migrations (id varchar(255) not null primary key, applied_at ${d === 'postgres' ? 'timestamp with time zone' : 'datetime'});` +
      ` INSERT INTO gorp_migrations VALUES ('1_create_users.sql', ${now(d)}), ('2_create_posts.sql', ${now(d)}), ('3_add_user_name.sql', ${now(d)});`,
  },
  prisma: {
    table: '_prisma_migrations',
    create: (d) => {
      const ts = d === 'postgres' ? 'TIMESTAMPTZ' : d === 'mysql' ? 'DATETIME(3)' : 'DATETIME';
      const row = (id: string, name: string) => `('${id}', 'abc', ${now(d)}, '${name}', NULL, NULL, ${now(d)}, 1)`;
      return (
        `CREATE TABLE _prisma_migrations (id VARCHAR(36) PRIMARY KEY NOT NULL, checksum VARCHAR(64) NOT NULL, finished_at ${ts}, migration_name VARCHAR(255) NOT NULL, logs TEXT, rolled_back_at ${ts}, started_at ${ts} NOT NULL DEFAULT CURRENT_TIMESTAMP, applied_steps_count INTEGER NOT NULL DEFAULT 0);` +
        ` INSERT INTO _prisma_migrations VALUES ${[row('a1', '20240101000000_init'), row('a2', '20240102000000_add_posts'), row('a3', '20240103000000_add_user_name')].join(', ')};`
      );
    },
  },
};

/** What a baseline must also carry over: a foreign key to a table dumped after it, a view, a trigger. */
const BASELINE_EXTRAS: Record<TestDialect, string> = {
  postgres: `
ALTER TABLE posts ADD CONSTRAINT posts_user_fk FOREIGN KEY (user_id) REFERENCES users (id);
CREATE VIEW user_emails AS SELECT email FROM users;
CREATE FUNCTION lower_email() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.email := lower(NEW.email); RETURN NEW; END $$;
CREATE TRIGGER users_lower_email BEFORE INSERT ON users FOR EACH ROW EXECUTE FUNCTION lower_email();
`,
  mysql: `
ALTER TABLE posts ADD CONSTRAINT posts_user_fk FOREIGN KEY (user_id) REFERENCES users (id);
CREATE VIEW user_emails AS SELECT email FROM users;
CREATE TRIGGER users_lower_email BEFORE INSERT ON users FOR EACH ROW SET NEW.email = LOWER(NEW.email);
`,
  sqlite: `
CREATE TABLE comments (id integer PRIMARY KEY, post_id integer REFERENCES posts (id));
CREATE VIEW user_emails AS SELECT email FROM users;
CREATE TRIGGER users_lower_email AFTER INSERT ON users BEGIN UPDATE users SET email = lower(email) WHERE id = NEW.id; END;
`,
};

/** golang-migrate's table is dbmate's default name: dbmate gets its own. */
/**
 * The same schema: no object differs (the schema diff's object comparison). PostgreSQL and
 * MariaDB dumps are canonical, so their text matches too; SQLite's dump is each table's text as
 * it was written (and in creation order), so only the objects are compared there.
 */
async function expectSameSchema(dialect: TestDialect, cwd: string, env: Record<string, string>): Promise<void> {
  const diff = (await runDbtk(['diff', '--json'], { cwd, env })).json<DiffJson>();
  expect(diff.changes).toEqual([]);
  if (dialect !== 'sqlite') expect(diff.drift).toBe(false);
}

const tableEnv = (tool: string): Record<string, string> =>
  tool === 'golang-migrate' ? { DBMATE_MIGRATIONS_TABLE: 'dbmate_migrations' } : {};

for (const target of targets) {
  const d = target.dialect;
  describe.skipIf(!target.available)(`adopting a project on ${target.label}`, () => {
    for (const tool of Object.keys(TOOL_HISTORY)) {
      it(`converts ${tool} files and history; status is clean and up on a fresh database builds the same schema`, async () => {
        const original = await newDatabase(target);
        await sql(d, original.url, ORIGINAL_SCHEMA + TOOL_HISTORY[tool].create(d, {}));
        const p = project();
        const env = { DATABASE_URL: original.url, ...tableEnv(tool) };
        const converted = await runDbtk(
          ['convert', '--from', tool, path.join(FIXTURES, tool), '--out', 'db/migrations', '--database', '--yes', '--json'],
          {
            cwd: p.dir,
            env,
          },
        );
        expect(converted.stderr).toBe('');
        expect(converted.exitCode).toBe(0);
        const result = converted.json<{
          written: string[];
          history: { recorded: string[]; unmatched: string[] };
          skipped: { file: string }[];
        }>();
        expect(result.written).toHaveLength(3);
        expect(result.history.recorded).toHaveLength(3);
        if (tool === 'goose') expect(result.history.unmatched).toEqual(['4']);
        if (tool === 'goose') expect(result.skipped.map((s) => s.file)).toContain('00004_backfill_names.go');
        if (tool === 'flyway') expect(result.skipped.map((s) => s.file)).toContain('R__Backfill_names.sql');

        const status = (await runDbtk(['status', '--json'], { cwd: p.dir, env })).json<StatusJson>();
        expect(status.pending).toBe(0);
        expect(status.applied).toBe(3);
        const history = await runDbtk(['history', '--action', 'convert', '--json'], { cwd: p.dir, env });
        expect(history.json<{ entries: unknown[] }>().entries).toHaveLength(3);

        // A fresh database from the converted files, its schema file compared with the original's live schema.
        const fresh = await newDatabase(target);
        const up = await runDbtk(['up'], { cwd: p.dir, env: { ...env, DATABASE_URL: fresh.url } });
        expect(up.exitCode, up.stderr).toBe(0);
        await sql(d, original.url, `DROP TABLE ${TOOL_HISTORY[tool].table};`);
        await expectSameSchema(d, p.dir, env);
      });
    }

    it('refuses golang-migrate history in dbmate’s own table, and a dirty state, changing nothing', async () => {
      const db = await newDatabase(target);
      const p = project();
      await sql(d, db.url, ORIGINAL_SCHEMA + TOOL_HISTORY['golang-migrate'].create(d, { dirty: true }));
      const args = [
        'convert',
        '--from',
        'golang-migrate',
        path.join(FIXTURES, 'golang-migrate'),
        '--out',
        'db/migrations',
        '--database',
        '--yes',
      ];
      const clash = await runDbtk(args, { cwd: p.dir, env: { DATABASE_URL: db.url } });
      expect(clash.exitCode).toBe(2);
      expect(clash.stderr).toContain('both "schema_migrations"');
      expect(clash.stderr).toContain('DBMATE_MIGRATIONS_TABLE=dbmate_migrations');
      const dirty = await runDbtk(args, { cwd: p.dir, env: { DATABASE_URL: db.url, DBMATE_MIGRATIONS_TABLE: 'dbmate_migrations' } });
      expect(dirty.exitCode).toBe(2);
      expect(dirty.stderr).toContain('version 10 is dirty');
      expect(readdirSync(p.migrationsDir)).toEqual([]);
      const status = (
        await runDbtk(['status', '--json'], { cwd: p.dir, env: { DATABASE_URL: db.url, DBMATE_MIGRATIONS_TABLE: 'dbmate_migrations' } })
      ).json<StatusJson>();
      expect(status.applied).toBe(0);
    });

    it('baselines a database with tables; up on a fresh database gives an empty diff; the down drops it all', async () => {
      const db = await newDatabase(target);
      await sql(d, db.url, ORIGINAL_SCHEMA + BASELINE_EXTRAS[d]);
      const p = project();
      const baseline = await runDbtk(['baseline', '--yes'], { cwd: p.dir, env: { DATABASE_URL: db.url } });
      expect(baseline.exitCode, baseline.stderr).toBe(0);
      expect(baseline.stdout).toMatch(/Created db\/migrations\/\d+_baseline\.sql/);
      expect(existsSync(path.join(p.dir, 'db', 'schema.sql'))).toBe(true);
      const status = (await runDbtk(['status', '--json'], { cwd: p.dir, env: { DATABASE_URL: db.url } })).json<StatusJson>();
      expect([status.applied, status.pending]).toEqual([1, 0]);
      const again = await runDbtk(['baseline', 'second', '--yes'], { cwd: p.dir, env: { DATABASE_URL: db.url } });
      expect(again.exitCode).toBe(2);
      expect(again.stderr).toContain('already has 1 migration file');

      const fresh = await newDatabase(target);
      const up = await runDbtk(['--no-dump-schema', 'up'], { cwd: p.dir, env: { DATABASE_URL: fresh.url } });
      expect(up.exitCode, up.stderr).toBe(0);
      await expectSameSchema(d, p.dir, { DATABASE_URL: fresh.url });
      if (d === 'postgres') expect(baseline.stdout).toContain('function lower_email() is not dropped');
      // A function the down section leaves (said in its note) is dropped by hand before the up again.
      const down = await runDbtk(['--no-dump-schema', 'down', '--yes'], { cwd: p.dir, env: { DATABASE_URL: fresh.url } });
      expect(down.exitCode, down.stderr).toBe(0);
      if (d === 'postgres') await sql(d, fresh.url, 'DROP FUNCTION lower_email();');
      const reapplied = await runDbtk(['--no-dump-schema', 'up'], { cwd: p.dir, env: { DATABASE_URL: fresh.url } });
      expect(reapplied.exitCode, reapplied.stderr).toBe(0);
    });

    it('diff --generate prints the exact mark command; after it, status is clean and there is no drift', async () => {
      const db = await newDatabase(target);
      const p = project();
      const env = { DATABASE_URL: db.url };
      p.addMigration('20240101000000', 'create_users', 'CREATE TABLE users (id integer PRIMARY KEY);', 'DROP TABLE users;');
      expect((await runDbtk(['up'], { cwd: p.dir, env })).exitCode).toBe(0);
      await sql(d, db.url, 'CREATE TABLE audit (id integer PRIMARY KEY);');
      const generated = await runDbtk(['diff', '--generate', 'record_audit'], { cwd: p.dir, env });
      const command = /dbtk mark applied (\d+)/.exec(generated.stdout);
      expect(command, generated.stdout).not.toBeNull();
      expect(readdirSync(p.migrationsDir)).toContain(`${command![1]}_record_audit.sql`);
      const marked = await runDbtk(['mark', 'applied', command![1], '--yes'], { cwd: p.dir, env });
      expect(marked.exitCode, marked.stderr).toBe(0);
      expect((await runDbtk(['status', '--json'], { cwd: p.dir, env })).json<StatusJson>().pending).toBe(0);
      expect((await runDbtk(['diff', '--json'], { cwd: p.dir, env })).json<DiffJson>().changes).toEqual([]);
    });

    it('marks a version applied and pending without running it, with history; bad versions change nothing', async () => {
      const db = await newDatabase(target);
      const p = project();
      p.addMigration('20240101000000', 'create_users', 'CREATE TABLE users (id integer PRIMARY KEY);', 'DROP TABLE users;');
      await sql(d, db.url, 'CREATE TABLE users (id integer PRIMARY KEY);');
      const env = { DATABASE_URL: db.url };
      const unknown = await runDbtk(['mark', 'applied', '20240101000000', '29990101000000', '--yes'], { cwd: p.dir, env });
      expect(unknown.exitCode).toBe(2);
      expect(unknown.stderr).toContain('29990101000000 has no migration file');
      expect((await runDbtk(['status', '--json'], { cwd: p.dir, env })).json<StatusJson>().applied).toBe(0);

      const refused = await runDbtk(['mark', 'applied', '20240101000000'], { cwd: p.dir, env });
      expect(refused.exitCode).toBe(2);
      expect(refused.stderr).toContain('refused without confirmation');

      const marked = await runDbtk(['mark', 'applied', '20240101000000', '--yes'], { cwd: p.dir, env });
      expect(marked.exitCode, marked.stderr).toBe(0);
      expect((await runDbtk(['status', '--json'], { cwd: p.dir, env })).json<StatusJson>().applied).toBe(1);
      const twice = await runDbtk(['mark', 'applied', '20240101000000', '--yes'], { cwd: p.dir, env });
      expect(twice.stderr).toContain('already applied');

      const pending = await runDbtk(['mark', 'pending', '20240101000000', '--yes'], { cwd: p.dir, env });
      expect(pending.exitCode, pending.stderr).toBe(0);
      expect((await runDbtk(['status', '--json'], { cwd: p.dir, env })).json<StatusJson>().pending).toBe(1);
      const history = (await runDbtk(['history', '--action', 'mark', '--json'], { cwd: p.dir, env })).json<{
        entries: { detail?: string }[];
      }>();
      expect(history.entries.map((e) => e.detail)).toEqual([
        'marked pending without running its down SQL',
        'marked applied without running its SQL',
      ]);
    });
  });
}

describe('bad conversion inputs give clear errors and write nothing', () => {
  it('an unknown goose marker, a version clash, clashing output files', async () => {
    const p = project();
    p.writeFile('goose/00001_a.sql', '-- +goose Up\nCREATE TABLE a (id int);\n-- +goose Sideways\n');
    const marker = await runDbtk(['convert', '--from', 'goose', 'goose', '--out', 'out'], { cwd: p.dir });
    expect(marker.exitCode).toBe(1);
    expect(marker.stderr).toContain('00001_a.sql:3: unknown goose marker "-- +goose Sideways"');
    expect(existsSync(path.join(p.dir, 'out'))).toBe(false);

    p.writeFile('gm/1_a.up.sql', 'CREATE TABLE a (id int);');
    p.writeFile('gm/001_b.up.sql', 'CREATE TABLE b (id int);');
    const clash = await runDbtk(['convert', '--from', 'golang-migrate', 'gm', '--out', 'out'], { cwd: p.dir });
    expect(clash.stderr).toContain('version 1 is used twice');
    expect(existsSync(path.join(p.dir, 'out'))).toBe(false);

    p.writeFile('out/2_create_posts.sql', '-- migrate:up\n-- migrate:down\n');
    const files = await runDbtk(['convert', '--from', 'sql-migrate', path.join(FIXTURES, 'sql-migrate'), '--out', 'out'], { cwd: p.dir });
    expect(files.exitCode).toBe(1);
    expect(files.stderr).toContain('would clash with');
    expect(files.stderr).toContain('2_create_posts.sql');
    expect(readdirSync(path.join(p.dir, 'out'))).toEqual(['2_create_posts.sql']);
  });
});
