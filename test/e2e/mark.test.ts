// `M` in the real app (bin/dbtk.js in tmux) on a real SQLite project: a table created behind
// dbmate's back is recorded by marking its migration applied; nothing runs, nothing fails.

import { rmSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
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

describe.skipIf(tmuxMissing)('M in the terminal app', () => {
  it('marks a migration the database already has as applied, after y', async () => {
    const project = makeTempProject('dbtk-e2e-');
    projects.push(project);
    project.writeFile('.env', 'DATABASE_URL=sqlite:db/dev.db\n');
    project.addMigration('20240101120000', 'create_users', 'CREATE TABLE users (id INTEGER PRIMARY KEY);', 'DROP TABLE users;');
    expect((await runDbtk(['up'], { cwd: project.dir })).exitCode).toBe(0);
    project.addMigration('20240102120000', 'create_tags', 'CREATE TABLE tags (id INTEGER PRIMARY KEY);', 'DROP TABLE tags;');
    await execa('sqlite3', [path.join(project.dir, 'db', 'dev.db'), 'CREATE TABLE tags (id INTEGER PRIMARY KEY);']);

    screen = await Screen.start({ cwd: project.dir });
    await screen.waitFor('● 1 pending');
    await screen.press('j');
    await screen.waitFor('› ● pending 20240102120000 create_tags');
    await screen.press('M');
    await screen.waitFor('Mark 20240102120000_create_tags.sql as applied?');
    await screen.press('y');
    await screen.waitFor('Marked 20240102120000_create_tags.sql as applied (no SQL ran).');
    await screen.waitFor('› ✔ applied 20240102120000 create_tags');

    const status = await runDbtk(['status', '--json'], { cwd: project.dir });
    expect(status.json<{ pending: number; applied: number }>()).toMatchObject({ pending: 0, applied: 2 });
    const history = await runDbtk(['history', '--action', 'mark', '--json'], { cwd: project.dir });
    expect(history.json<{ entries: { version: string }[] }>().entries.map((e) => e.version)).toEqual(['20240102120000']);
  });
});
