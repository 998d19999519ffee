// Confirmations end to end, in a real pseudo-terminal (tmux) with the real bin/dbtk.js: the
// app runs exactly the plan it showed (a migration file that appears while the `u` dialog is
// open runs nothing and is asked again), and the database a confirmation names is never cut,
// at 60 columns, in the app and in the CLI, for a long SQLite path and a long PostgreSQL name.

import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { makeTempProject, runDbtk, type TempProject } from '../helpers/project.js';
import { Screen } from './screen.js';

const tmuxMissing = await execa('tmux', ['-V']).then(
  () => false,
  () => true,
);
const PG_SERVER = 'postgres://postgres@127.0.0.1:5432';
const pgMissing = await execa('psql', [`${PG_SERVER}/postgres`, '-Atc', 'SELECT 1']).then(
  () => false,
  () => true,
);

let screen: Screen | undefined;
const projects: TempProject[] = [];
const databases: string[] = [];
afterEach(async () => {
  await screen?.kill();
  screen = undefined;
});
afterAll(async () => {
  for (const project of projects) rmSync(project.dir, { recursive: true, force: true });
  for (const name of databases) await execa('psql', [`${PG_SERVER}/postgres`, '-c', `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`]);
});

function project(url: string): TempProject {
  const made = makeTempProject('dbtk-e2e-');
  projects.push(made);
  made.writeFile('.env', `DATABASE_URL=${url}\n`);
  made.addMigration('20240101120000', 'create_users', 'CREATE TABLE users (id INTEGER PRIMARY KEY);', 'DROP TABLE users;');
  return made;
}

async function sqliteVersions(file: string): Promise<string[]> {
  const { stdout } = await execa('sqlite3', [file, 'SELECT version FROM schema_migrations ORDER BY version']);
  return stdout.split('\n').filter(Boolean);
}

/** The `Database:` line of a screen and the lines the app wrapped it onto, joined back into one (no spaces: the names have none). */
function databaseLine(view: string): string {
  const lines = view.split('\n').map((l) => l.trim());
  const at = lines.findIndex((l) => l.startsWith('Database:'));
  expect(at, view).toBeGreaterThanOrEqual(0);
  return lines
    .slice(at, at + 4)
    .join('')
    .replace(/\s/g, '');
}

describe.skipIf(tmuxMissing)('the app runs the plan it showed', () => {
  it('a migration file added while the u dialog is open runs nothing: the new plan is asked again', async () => {
    const sqlite = project('sqlite:db/dev.db');
    const up = await runDbtk(['up'], { cwd: sqlite.dir });
    expect(up.exitCode, up.stderr).toBe(0);
    sqlite.addMigration('20240102120000', 'create_posts', 'CREATE TABLE posts (id INTEGER PRIMARY KEY);', 'DROP TABLE posts;');
    const db = path.join(sqlite.dir, 'db', 'dev.db');
    screen = await Screen.start({ cwd: sqlite.dir, columns: 120 });
    await screen.waitFor('● 1 pending');

    await screen.press('u');
    await screen.waitFor('Apply 1 pending migration to');
    sqlite.addMigration('20240103120000', 'create_tags', 'CREATE TABLE tags (id INTEGER PRIMARY KEY);', 'DROP TABLE tags;');
    await screen.press('y');
    const again = await screen.waitFor('Apply 2 pending migrations to');
    expect(again).toMatch(/now also pending: 20240103120000_create_tags\.sql\. Nothing was run\./);
    expect(again).toMatch(/This is the new plan:\s+confirm it again\./);
    expect(again).toContain('2. 20240103120000_create_tags.sql');
    expect(await sqliteVersions(db)).toEqual(['20240101120000']);

    await screen.press('y');
    await screen.waitFor('Applied 2 migrations');
    expect(await sqliteVersions(db)).toEqual(['20240101120000', '20240102120000', '20240103120000']);
    await screen.press('enter', 'q');
    await screen.waitFor('[dbtk exited 0]');
  });
});

describe.skipIf(tmuxMissing)('confirmations never cut the database name, at 60 columns', () => {
  it('SQLite, a 120-character path: the app’s d dialog and `dbtk down` show it whole', async () => {
    const made = project('sqlite:db/dev.db');
    // An absolute path of at least 120 characters (exactly 120 unless the temp folder is already longer).
    const stem = path.join(made.dir, 'long_folder_');
    const file = `${stem}${'x'.repeat(Math.max(8, 120 - stem.length - '/dev.db'.length))}/dev.db`;
    expect(file.length).toBeGreaterThanOrEqual(120);
    mkdirSync(path.dirname(file), { recursive: true });
    made.writeFile('.env', `DATABASE_URL=sqlite:${file}\n`);
    const up = await runDbtk(['up'], { cwd: made.dir });
    expect(up.exitCode, up.stderr).toBe(0);

    screen = await Screen.start({ cwd: made.dir, columns: 60, rows: 20 });
    await screen.waitFor('✔ 1 applied');
    await screen.press('d');
    const dialog = await screen.waitFor('Run it?');
    expect(databaseLine(dialog)).toContain(`Database:sqlite:${file}`);
    expect(dialog.split('\n').every((l) => [...l].length <= 60)).toBe(true);
    await screen.press('n');
    await screen.waitFor('Cancelled. Nothing was run.');
    await screen.press('q');
    await screen.waitFor('[dbtk exited 0]');
    await screen.kill();

    // The CLI in the same narrow terminal: the line wraps, nothing is cut.
    screen = await Screen.start({ cwd: made.dir, columns: 60, rows: 20, args: ['down'] });
    await screen.waitFor('Continue? [y/N]');
    expect(await screen.captureJoined()).toContain(`  Database: sqlite:${file}\n`);
    await screen.press('n', 'enter');
    await screen.waitFor('[dbtk exited 2]');
    expect(await sqliteVersions(file)).toEqual(['20240101120000']);
  });

  it.skipIf(pgMissing)('PostgreSQL, a 60-character database name: the app’s u dialog and `dbtk down` show it whole', async () => {
    const name = `dbtk_e2e_${randomBytes(4).toString('hex')}_${'long_name_'.repeat(5)}`.slice(0, 60);
    expect(name).toHaveLength(60);
    databases.push(name);
    const made = project(`${PG_SERVER}/${name}?sslmode=disable`);
    const up = await runDbtk(['up'], { cwd: made.dir });
    expect(up.exitCode, up.stderr).toBe(0);
    made.addMigration('20240102120000', 'create_posts', 'CREATE TABLE posts (id INTEGER PRIMARY KEY);', 'DROP TABLE posts;');
    const label = `postgres://127.0.0.1:5432/${name}`;

    screen = await Screen.start({ cwd: made.dir, columns: 60, rows: 20 });
    await screen.waitFor('● 1 pending');
    await screen.press('u');
    const dialog = await screen.waitFor('Run it?');
    expect(databaseLine(dialog)).toContain(`Database:${label}`);
    await screen.press('n');
    await screen.waitFor('Cancelled. Nothing was run.');
    await screen.press('q');
    await screen.waitFor('[dbtk exited 0]');
    await screen.kill();

    screen = await Screen.start({ cwd: made.dir, columns: 60, rows: 20, args: ['down'] });
    await screen.waitFor('Continue? [y/N]');
    expect(await screen.captureJoined()).toContain(`  Database: ${label}\n`);
    await screen.press('n', 'enter');
    await screen.waitFor('[dbtk exited 2]');
    const { stdout } = await execa('psql', [`${PG_SERVER}/${name}`, '-Atc', 'SELECT version FROM schema_migrations ORDER BY version']);
    expect(stdout.split('\n')).toEqual(['20240101120000']);
  });
});
