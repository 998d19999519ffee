// The terminal app end to end: the real bin/dbtk.js in a real pseudo-terminal (tmux) on a
// real SQLite project, checking the screen and the database after each step.

import { chmodSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { makeTempProject, runDbtk, type TempProject } from '../helpers/project.js';
import { Screen } from './screen.js';

const tmuxMissing = await execa('tmux', ['-V']).then(
  () => false,
  () => true,
);

let screen: Screen | undefined;
const projects: TempProject[] = [];
afterEach(async () => {
  await screen?.kill();
  screen = undefined;
});
afterAll(() => {
  for (const project of projects) rmSync(project.dir, { recursive: true, force: true });
});

async function statuses(project: TempProject): Promise<Record<string, string>> {
  const run = await runDbtk(['status', '--json'], { cwd: project.dir });
  expect(run.exitCode).toBe(0);
  return Object.fromEntries(run.json<{ migrations: { name: string; status: string }[] }>().migrations.map((m) => [m.name, m.status]));
}

/** Three applied migrations and two pending ones, on SQLite. */
async function sqliteProject(): Promise<TempProject> {
  const project = makeTempProject('dbtk-e2e-');
  projects.push(project);
  project.writeFile('.env', 'DATABASE_URL=sqlite:db/dev.db\n');
  project.addMigration(
    '20240101120000',
    'create_users',
    'CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL);',
    'DROP TABLE users;',
  );
  project.addMigration('20240102120000', 'create_posts', 'CREATE TABLE posts (id INTEGER PRIMARY KEY, body TEXT);', 'DROP TABLE posts;');
  project.addMigration('20240103120000', 'add_name', 'ALTER TABLE users ADD COLUMN name TEXT;', 'ALTER TABLE users DROP COLUMN name;');
  const up = await runDbtk(['up'], { cwd: project.dir });
  expect(up.exitCode, up.stderr).toBe(0);
  project.addMigration('20240104120000', 'create_tags', 'CREATE TABLE tags (id INTEGER PRIMARY KEY, label TEXT);', 'DROP TABLE tags;');
  project.addMigration(
    '20240105120000',
    'create_comments',
    'CREATE TABLE comments (id INTEGER PRIMARY KEY, post_id INTEGER);',
    'DROP TABLE comments;',
  );
  return project;
}

describe.skipIf(tmuxMissing)('dbtk in a terminal', () => {
  beforeAll(() => {
    if (tmuxMissing) console.log('tmux is not installed: skipping the terminal app end-to-end tests');
  });

  it('opens on the migrations; moves, searches, shows help, quits and gives the terminal back', async () => {
    const project = await sqliteProject();
    screen = await Screen.start({ cwd: project.dir });
    let view = await screen.waitFor('● 2 pending');
    expect(view).toMatch(/dbtk dbtk-e2e-\w+ sqlite:db\/dev\.db · dbmate \d+\.\d+\.\d+/);
    expect(view).toContain('✔ 3 applied');
    expect(view).toMatch(/› ✔ applied 20240101120000 create_users\s+just now/);
    await screen.waitFor('CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL);');

    await screen.press('j', 'j', 'j');
    view = await screen.waitFor('› ● pending 20240104120000 create_tags');
    expect(view).toContain('CREATE TABLE tags');

    await screen.press('/');
    await screen.type('post_id');
    view = await screen.waitFor('1 match');
    expect(view).toContain('create_comments');
    expect(view).not.toContain('create_users');
    await screen.press('esc');
    await screen.waitFor('create_users');

    await screen.press('?');
    view = await screen.waitFor('Keys · Migrations');
    expect(view).toContain('run all pending migrations');
    await screen.press('esc');
    await screen.waitFor('STATUS');

    // A file added behind the app's back shows up by itself.
    project.addMigration('20240106120000', 'create_likes', 'CREATE TABLE likes (id INTEGER PRIMARY KEY);', 'DROP TABLE likes;');
    await screen.waitFor('● pending 20240106120000 create_likes');
    expect(await screen.capture()).toContain('● 3 pending');

    await screen.press('q');
    view = await screen.waitFor('[dbtk exited 0]');
    // The alternate screen is gone: the app's frame is not left behind.
    expect(view).not.toContain('STATUS');
    expect(await statuses(project)).toMatchObject({ create_tags: 'pending', create_comments: 'pending' });
  });

  it('runs the pending migrations after showing them, then rolls back the last; the database follows', async () => {
    const project = await sqliteProject();
    screen = await Screen.start({ cwd: project.dir });
    await screen.waitFor('● 2 pending');

    await screen.press('u');
    let view = await screen.waitFor('Apply 2 pending migrations to');
    expect(view).toContain('1. 20240104120000_create_tags.sql');
    expect(view).toContain('CREATE TABLE comments (id INTEGER PRIMARY KEY, post_id INTEGER);');
    await screen.press('n');
    await screen.waitFor('Cancelled. Nothing was run.');
    expect(await statuses(project)).toMatchObject({ create_tags: 'pending', create_comments: 'pending' });

    await screen.press('u');
    await screen.waitFor('Run it?');
    await screen.press('y');
    view = await screen.waitFor('Applied 2 migrations');
    expect(view).toMatch(/✔ 20240104120000_create_tags\.sql {2}in \d/);
    expect(view).toContain('Schema written to');
    expect(await statuses(project)).toMatchObject({ create_tags: 'applied', create_comments: 'applied' });
    await screen.press('enter');
    await screen.waitFor('✔ 5 applied');

    await screen.press('d');
    view = await screen.waitFor('Roll back 1 migration on');
    expect(view).toContain('DROP TABLE comments;');
    await screen.press('y');
    await screen.waitFor('Rolled back 1 migration');
    expect(await statuses(project)).toMatchObject({ create_tags: 'applied', create_comments: 'pending' });
    await screen.press('enter');
    await screen.waitFor('● pending 20240105120000 create_comments');

    await screen.press('2');
    view = await screen.waitFor('[2 Timeline]');
    const rows = view.split('\n').filter((l) => l.includes(' 2024010'));
    expect(rows[0]).toMatch(/› ↺ rolled back\s+just now\s+20240105120000 create_comments\s+[\d.]+ms\s+\S+@\S+\s+dbtk-e2e-/);
    expect(rows[1]).toMatch(/▲ applied\s+just now\s+20240105120000 create_comments/);
    expect(rows).toHaveLength(6);
    await screen.press('q');
    await screen.waitFor('[dbtk exited 0]');
  });

  it('a roll back writes a backup first; the Backups screen restores it after asking', async () => {
    const project = await sqliteProject();
    const sqlite = (sql: string) => execa('sqlite3', [path.join(project.dir, 'db', 'dev.db'), sql]).then((r) => r.stdout);
    await sqlite("INSERT INTO posts (body) VALUES ('kept'), ('also kept');");
    screen = await Screen.start({ cwd: project.dir });
    await screen.waitFor('● 2 pending');

    await screen.press('d');
    let view = await screen.waitFor('needed');
    expect(view).toMatch(/✓ backup\s+will be written and verified first/);
    await screen.press('y');
    await screen.waitFor('was written first: the Backups screen (6) restores it.');
    await screen.press('enter');
    await screen.press('d');
    await screen.waitFor('DROP TABLE posts;');
    await screen.press('y');
    await screen.waitFor('Rolled back 1 migration');
    await screen.press('enter');
    expect(await statuses(project)).toMatchObject({ create_posts: 'pending' });

    await screen.press('6');
    // Two backups, one before each roll back, newest first.
    view = await screen.waitFor((frame) => frame.split('\n').filter((l) => /t\d{6}-\w+ .* before down/.test(l)).length === 2);
    expect(view).toContain('[6 Backups]');
    await screen.press('R');
    view = await screen.waitFor('Restore it?');
    expect(view).toContain('back           20240102120000');
    await screen.press('y');
    await screen.waitFor('as in the backup.');
    expect(await statuses(project)).toMatchObject({ create_users: 'applied', create_posts: 'applied', add_name: 'pending' });
    expect(await sqlite('SELECT count(*) FROM posts;')).toBe('2');
    await screen.press('q');
    await screen.waitFor('[dbtk exited 0]');
  });

  it('shows a failed migration’s classified error and fix, and what was applied before it', async () => {
    const project = await sqliteProject();
    project.addMigration('20240106120000', 'broken', 'CREATE TABEL broken (id INTEGER);', 'DROP TABLE broken;');
    screen = await Screen.start({ cwd: project.dir });
    await screen.waitFor('● 3 pending');
    await screen.press('u');
    await screen.waitFor('Run it?');
    await screen.press('y');
    const view = await screen.waitFor('✖ Failed');
    expect(view).toContain('20240106120000_broken.sql');
    expect(view).toContain('Fix:');
    expect(view).toContain('Applied before the stop: 20240104120000_create_tags.sql, 20240105120000_create_comments.sql.');
    expect(await statuses(project)).toMatchObject({ create_comments: 'applied', broken: 'pending' });
    await screen.press('enter');
    await screen.waitFor('✖ failed  20240106120000 broken');
    // Ctrl-C quits from the list, and the terminal comes back.
    await screen.press('ctrl+c');
    await screen.waitFor('[dbtk exited 0]');
  });

  it('e hands the file to $EDITOR and comes back with the change', async () => {
    const project = await sqliteProject();
    const editor = project.writeFile('editor.sh', '#!/bin/sh\nprintf -- "-- reviewed in the editor\\n" >> "$1"\n');
    chmodSync(editor, 0o755);
    screen = await Screen.start({ cwd: project.dir, env: { EDITOR: editor, VISUAL: '' } });
    await screen.waitFor('● 2 pending');
    await screen.press('G', 'e');
    const view = await screen.waitFor('Edited 20240105120000_create_comments.sql.');
    expect(view).toContain('› ● pending 20240105120000 create_comments');
    expect(readFileSync(path.join(project.migrationsDir, '20240105120000_create_comments.sql'), 'utf8')).toMatch(
      /-- reviewed in the editor\n$/,
    );
    await screen.waitFor('-- reviewed in the editor');
    // Keys work again after the editor.
    await screen.press('k');
    await screen.waitFor('› ● pending 20240104120000 create_tags');
    await screen.press('q');
    await screen.waitFor('[dbtk exited 0]');
  });

  it('follows resizes: compact at 80x24, a notice when too small, side by side when wide', async () => {
    const project = await sqliteProject();
    screen = await Screen.start({ cwd: project.dir, columns: 100, rows: 30 });
    await screen.waitFor('● 2 pending');
    await screen.resize(80, 24);
    let view = await screen.waitFor((s) => s.split('\n').length === 24 && s.includes('STATUS'));
    expect(view.split('\n').every((l) => [...l].length <= 80)).toBe(true);
    await screen.resize(50, 12);
    view = await screen.waitFor('Terminal too small');
    expect(view).toContain('50x12');
    await screen.resize(140, 40);
    view = await screen.waitFor((s) => /STATUS.*── SQL/.test(s));
    expect(view).toContain('create_comments');
    await screen.press('q');
    await screen.waitFor('[dbtk exited 0]');
  });

  it('reads without colour under NO_COLOR: badges are words and symbols', async () => {
    const project = await sqliteProject();
    screen = await Screen.start({ cwd: project.dir, env: { NO_COLOR: '1' } });
    await screen.waitFor('● 2 pending');
    const stdout = await screen.capture({ escapes: true });
    // eslint-disable-next-line no-control-regex -- a colour code is what must be absent
    expect(stdout).not.toMatch(/\x1b\[3\dm/);
    expect(stdout).toContain('› ✔ applied 20240101120000 create_users');
    expect(stdout).toContain('● pending 20240104120000 create_tags');
  });
});

describe('dbtk without a terminal', () => {
  it('prints the status and a hint, and exits 0', async () => {
    const project = await sqliteProject();
    const run = await runDbtk([], { cwd: project.dir });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/✔ applied\s+20240101120000\s+create_users/);
    expect(run.stdout).toContain('stdout is not a terminal');
  });
});
