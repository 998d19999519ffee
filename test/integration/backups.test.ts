// Issue 15, items 2–4: automatic backups and restore, through the real bin/dbtk on real SQLite,
// PostgreSQL and MariaDB. A destructive rollback is undone by restoring the backup written
// before it; a backup that cannot be written refuses the run with nothing applied; retention
// prunes the oldest; no password reaches pg_dump's or mysqldump's argv.

import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeArgvShim } from '../helpers/argv-shim.js';
import { trackedResources } from '../helpers/cleanups.js';
import { availableTargets, mysqlConnectionOptions, type DatabaseTarget } from '../helpers/databases.js';
import type { FailureJson, RunJson } from '../helpers/cli-json.js';
import type { HistoryEntry } from '../../src/core/history/types.js';
import { runDbtk } from '../helpers/project.js';
import { tableVersions } from '../helpers/runs.js';

const targets = await availableTargets();

interface BackupJson {
  ok: true;
  backup: { id: string; path: string; appliedVersions: string[]; sha256: string; size: number };
  pruned: string[];
}
interface ListJson {
  ok: true;
  settings: { dir: string; keep: number };
  backups: { id: string }[];
}
interface RestoreJson {
  ok: true;
  versionsBefore: string[] | null;
  versionsAfter: string[];
  historyWritten: boolean;
}
type DownJson = RunJson & { checklist: { items: { id: string; status: string }[] } };

const { cleanups, database: newDatabase, project: newProject } = trackedResources('dbtk-backups-');

/** Rows in `notes`, read with the database's own client (not through dbtk); -1 when the table is gone. */
async function noteCount(target: DatabaseTarget, url: string): Promise<number> {
  try {
    if (target.dialect === 'sqlite')
      return Number(
        execFileSync('sqlite3', [url.replace(/^sqlite:/, ''), 'SELECT count(*) FROM notes;'], { encoding: 'utf8', stdio: 'pipe' }),
      );
    if (target.dialect === 'postgres') {
      const { default: pg } = await import('pg');
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        return Number((await client.query<{ n: string }>('SELECT count(*)::text AS n FROM notes')).rows[0].n);
      } finally {
        await client.end();
      }
    }
    const mysql = await import('mysql2/promise');
    const connection = await mysql.createConnection(mysqlConnectionOptions(url));
    try {
      const [rows] = await connection.query('SELECT count(*) AS n FROM notes');
      return Number((rows as { n: number }[])[0].n);
    } finally {
      await connection.end();
    }
  } catch {
    return -1;
  }
}

const NOTES_UP: Record<string, string> = {
  sqlite: "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);\nINSERT INTO notes (body) VALUES ('a'), ('b'), ('c');",
  postgres: "CREATE TABLE notes (id SERIAL PRIMARY KEY, body TEXT);\nINSERT INTO notes (body) VALUES ('a'), ('b'), ('c');",
  mysql: "CREATE TABLE notes (id INT AUTO_INCREMENT PRIMARY KEY, body TEXT);\nINSERT INTO notes (body) VALUES ('a'), ('b'), ('c');",
};

describe.each(targets.map((t) => [t.label, t] as const))('%s', (_label, target) => {
  it('backup → destructive rollback → restore brings the rows back, and history links both', async () => {
    const db = await newDatabase(target);
    const project = newProject();
    project.addMigration('20240101000000', 'notes', NOTES_UP[target.dialect], 'DROP TABLE notes;');
    project.addMigration('20240102000000', 'tags', 'CREATE TABLE tags (id INTEGER PRIMARY KEY);', 'DROP TABLE tags;');
    const dbtk = (args: string[]) => runDbtk(args, { cwd: project.dir, env: { DATABASE_URL: db.url } });

    const up = await dbtk(['up', '--json']);
    expect(up.exitCode, up.stderr).toBe(0);
    // Not before up by default (only on production connections).
    expect(up.json<RunJson>().backup).toEqual({ skipped: 'no backup before up (backups.before)' });

    const down = await dbtk(['down', '--to', '0', '--yes', '--json']);
    expect(down.exitCode, down.stdout + down.stderr).toBe(0);
    const result = down.json<DownJson>();
    const backup = result.backup as { id: string; path: string };
    expect(backup.id).toMatch(/^\d{8}t\d{6}-[0-9a-f]{8}$/);
    expect(result.checklist.items.map((i) => i.id)).toEqual(['connection', 'pending', 'syntax', 'backup', 'disk_space']);
    // The dump holds the data: only its owner may read it.
    expect(statSync(backup.path).mode & 0o777).toBe(0o600);
    expect(await noteCount(target, db.url)).toBe(-1);
    expect(await tableVersions(target.dialect, db.url, project.dir)).toEqual([]);

    const history = readFileSync(path.join(project.dir, '.dbtk', 'history.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as HistoryEntry);
    const downs = history.filter((e) => e.action === 'down');
    expect(downs).toHaveLength(2);
    for (const entry of downs) expect(entry.backupId).toBe(backup.id);

    const shown = await dbtk(['backup', 'show', backup.id, '--json']);
    expect(shown.json<BackupJson>().backup.appliedVersions).toEqual(['20240101000000', '20240102000000']);

    const restore = await dbtk(['backup', 'restore', backup.id.slice(0, 20), '--yes', '--json']);
    expect(restore.exitCode, restore.stdout + restore.stderr).toBe(0);
    expect(restore.json<RestoreJson>()).toMatchObject({
      ok: true,
      versionsBefore: [],
      versionsAfter: ['20240101000000', '20240102000000'],
    });
    expect(await noteCount(target, db.url)).toBe(3);
    expect(await tableVersions(target.dialect, db.url, project.dir)).toEqual(['20240101000000', '20240102000000']);
    const last = JSON.parse(
      readFileSync(path.join(project.dir, '.dbtk', 'history.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .at(-1)!,
    );
    expect(last).toMatchObject({ action: 'restore', status: 'success', backupId: backup.id });
  });

  it('a restore removes tables made after the backup', async () => {
    const db = await newDatabase(target);
    const project = newProject();
    project.addMigration('20240101000000', 'notes', NOTES_UP[target.dialect], 'DROP TABLE notes;');
    const dbtk = (args: string[]) => runDbtk(args, { cwd: project.dir, env: { DATABASE_URL: db.url } });
    expect((await dbtk(['up'])).exitCode).toBe(0);
    const created = await dbtk(['backup', 'create', '--json']);
    expect(created.exitCode, created.stdout + created.stderr).toBe(0);
    const id = created.json<BackupJson>().backup.id;
    project.addMigration('20240102000000', 'tags', 'CREATE TABLE tags (id INTEGER PRIMARY KEY);', 'DROP TABLE tags;');
    expect((await dbtk(['up'])).exitCode).toBe(0);

    const restore = await dbtk(['backup', 'restore', id, '--yes']);
    expect(restore.exitCode, restore.stdout + restore.stderr).toBe(0);
    expect(restore.stdout).toContain('20240102000000');
    expect(await tableVersions(target.dialect, db.url, project.dir)).toEqual(['20240101000000']);
    // The second migration applies again cleanly: its table is gone.
    const again = await dbtk(['up']);
    expect(again.exitCode, again.stdout + again.stderr).toBe(0);
  });
});

describe.each(targets.filter((t) => t.dialect !== 'sqlite').map((t) => [t.label, t] as const))('%s credentials', (_label, target) => {
  it('pg_dump, mysqldump, psql and the mysql client never get the password in their argv (nor one from ~/.my.cnf instead)', async () => {
    const db = await newDatabase(target);
    const password = `s3cr3t-${randomBytes(3).toString('hex')}`;
    let url: string;
    if (target.dialect === 'postgres') {
      // The test server trusts local connections: the password is carried, not checked.
      url = db.url.replace('://postgres@', `://postgres:${password}@`);
    } else {
      const mysql = await import('mysql2/promise');
      const user = `dbtk_bk_${randomBytes(3).toString('hex')}`;
      const admin = await mysql.createConnection({ ...mysqlConnectionOptions(db.url), database: undefined });
      await admin.query(`CREATE USER '${user}'@'%' IDENTIFIED BY ?`, [password]);
      await admin.query(`GRANT ALL ON \`${db.name}\`.* TO '${user}'@'%'`);
      await admin.end();
      cleanups.push(async () => {
        const c = await mysql.createConnection({ ...mysqlConnectionOptions(db.url), database: undefined });
        await c.query(`DROP USER IF EXISTS '${user}'@'%'`);
        await c.end();
      });
      url = db.url.replace('://root@', `://${user}:${password}@`);
    }
    const shim = makeArgvShim(['pg_dump', 'pg_restore', 'psql', 'mysqldump', 'mariadb-dump', 'mysql', 'mariadb']);
    cleanups.push(() => rmSync(shim.dir, { recursive: true, force: true }));
    const project = newProject();
    project.addMigration('20240101000000', 'notes', NOTES_UP[target.dialect], 'DROP TABLE notes;');
    const env: Record<string, string> = { DATABASE_URL: url, PATH: `${shim.dir}${path.delimiter}${process.env.PATH}` };
    if (target.dialect === 'mysql') {
      // A wrong password in ~/.my.cnf must not win over the URL's (the tools read only dbtk's option file).
      env.HOME = path.join(project.dir, 'home');
      mkdirSync(env.HOME);
      writeFileSync(path.join(env.HOME, '.my.cnf'), '[client]\npassword=not-the-right-one\n', { mode: 0o600 });
    }
    const dbtk = (args: string[]) => runDbtk(args, { cwd: project.dir, env });
    expect((await dbtk(['up'])).exitCode).toBe(0);
    const down = await dbtk(['down', '--yes', '--json']);
    expect(down.exitCode, down.stdout + down.stderr).toBe(0);
    const id = (down.json<RunJson>().backup as { id: string }).id;
    const restore = await dbtk(['backup', 'restore', id, '--yes']);
    expect(restore.exitCode, restore.stdout + restore.stderr).toBe(0);
    expect(await noteCount(target, db.url)).toBe(3);

    const calls = shim.calls();
    const dumper = target.dialect === 'postgres' ? /^pg_dump / : /^(mysqldump|mariadb-dump) .*--single-transaction/;
    expect(calls.some((c) => dumper.test(c))).toBe(true);
    expect(calls.some((c) => /^(psql|mariadb|mysql) /.test(c))).toBe(true);
    for (const call of calls) expect(call).not.toContain(password);
  });
});

describe('SQLite backup settings and refusals', () => {
  const sqlite = targets.find((t) => t.dialect === 'sqlite')!;

  async function sqliteProject() {
    const db = await newDatabase(sqlite);
    const project = newProject();
    project.addMigration('20240101000000', 'notes', NOTES_UP.sqlite, 'DROP TABLE notes;');
    const dbtk = (args: string[]) => runDbtk(args, { cwd: project.dir, env: { DATABASE_URL: db.url } });
    expect((await dbtk(['up'])).exitCode).toBe(0);
    return { db, project, dbtk };
  }

  it('retention keeps the newest backups.keep and prunes the oldest', async () => {
    const { project, dbtk } = await sqliteProject();
    project.writeFile('dbtk.config.json', JSON.stringify({ backups: { keep: 2 } }));
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const created = await dbtk(['backup', 'create', '--json']);
      expect(created.exitCode, created.stderr).toBe(0);
      ids.push(created.json<BackupJson>().backup.id);
    }
    const list = (await dbtk(['backup', 'list', '--json'])).json<ListJson>();
    expect(list.settings.keep).toBe(2);
    expect(list.backups.map((b) => b.id)).toEqual([ids[2], ids[1]]);
    const pruned = await dbtk(['backup', 'prune', '--keep', '1', '--json']);
    expect(pruned.json<{ pruned: string[] }>().pruned).toEqual([ids[1]]);
  });

  it('an unwritable backup folder refuses the run with nothing applied', async () => {
    const { db, project, dbtk } = await sqliteProject();
    // A folder inside a regular file cannot be created, even by root.
    project.writeFile('not-a-folder', 'x');
    project.writeFile('.dbtk/config.json', JSON.stringify({ backups: { dir: 'not-a-folder/backups' } }));
    const down = await dbtk(['down', '--yes', '--json']);
    expect(down.exitCode).toBe(1);
    expect(down.json<FailureJson>().error.message).toContain('backup folder');
    expect(await noteCount(sqlite, db.url)).toBe(3);
    expect(await tableVersions('sqlite', db.url, project.dir)).toEqual(['20240101000000']);
    // --no-backup runs it, and says so.
    const skipped = await dbtk(['down', '--yes', '--no-backup']);
    expect(skipped.exitCode).toBe(0);
    expect(skipped.stdout).toContain('No backup: skipped with --no-backup.');
  });

  it('a backup folder without room refuses the run with disk_space, saying needed and free', async (context) => {
    const { db, project, dbtk } = await sqliteProject();
    const mountPoint = path.join(project.dir, 'tiny');
    mkdirSync(mountPoint);
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mountPoint], { stdio: 'pipe' });
    } catch {
      console.log('skipping the full-disk test: mounting a tmpfs is not permitted here');
      context.skip();
      return;
    }
    cleanups.push(() => {
      execFileSync('umount', [mountPoint], { stdio: 'pipe' });
    });
    // 256 KiB of rows: more than the 64 KiB the folder has.
    execFileSync('sqlite3', [
      db.url.replace(/^sqlite:/, ''),
      "INSERT INTO notes (body) SELECT hex(randomblob(2048)) FROM (SELECT 1 UNION ALL SELECT 2) a, (SELECT value FROM json_each('[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,50,51,52,53,54,55,56,57,58,59,60,61,62,63,64]')) b;",
    ]);
    const rows = await noteCount(sqlite, db.url);
    writeFileSync(path.join(project.dir, 'dbtk.config.json'), JSON.stringify({ backups: { dir: mountPoint } }));
    const down = await dbtk(['down', '--yes', '--json']);
    expect(down.exitCode).toBe(1);
    const error = down.json<FailureJson>().error;
    expect(error.kind).toBe('disk_space');
    expect(error.message).toMatch(/needs about .* KiB .* free/);
    expect(await noteCount(sqlite, db.url)).toBe(rows);
    expect(await tableVersions('sqlite', db.url, project.dir)).toEqual(['20240101000000']);
  });

  it('a bad backup setting is a clear config error and nothing runs', async () => {
    const { db, project, dbtk } = await sqliteProject();
    project.writeFile('dbtk.config.json', JSON.stringify({ backups: { keep: 0 } }));
    const down = await dbtk(['down', '--yes', '--json']);
    expect(down.exitCode).toBe(2);
    const error = down.json<FailureJson>().error;
    expect(error.kind).toBe('config');
    expect(error.message).toContain('"backups.keep" must be a whole number of at least 1 (got 0)');
    expect(await tableVersions('sqlite', db.url, project.dir)).toEqual(['20240101000000']);
  });

  it('restore refuses without confirmation and leaves the database alone', async () => {
    const { db, project, dbtk } = await sqliteProject();
    const id = (await dbtk(['backup', 'create', '--json'])).json<BackupJson>().backup.id;
    expect((await dbtk(['down', '--yes', '--no-backup'])).exitCode).toBe(0);
    const refused = await dbtk(['backup', 'restore', id]);
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toContain('refused without confirmation');
    expect(await tableVersions('sqlite', db.url, project.dir)).toEqual([]);
    const unknown = await dbtk(['backup', 'show', '20990101t000000-00000000', '--json']);
    expect(unknown.json<FailureJson>().error.kind).toBe('not_found');
  });
});
