// The Analytics screen end to end: the real bin/dbtk.js in tmux on a SQLite project with real
// history (applies, a rollback, a failure), at 80x24 and 120x40, under NO_COLOR.

import { rmSync } from 'node:fs';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { makeTempProject, runDbtk, type TempProject } from '../helpers/project.js';
import { Screen } from './screen.js';

const tmuxMissing = await execa('tmux', ['-V']).then(
  () => false,
  () => true,
);

let screen: Screen | undefined;
let project: TempProject | undefined;
afterEach(async () => {
  await screen?.kill();
  screen = undefined;
});
afterAll(() => {
  if (project) rmSync(project.dir, { recursive: true, force: true });
});

describe.skipIf(tmuxMissing)('Analytics screen in a terminal', () => {
  it('charts real history at 80x24 without colour, and shows more at 120x40', async () => {
    project = makeTempProject('dbtk-e2e-stats-');
    project.writeFile('.env', 'DATABASE_URL=sqlite:db/dev.db\n');
    project.addMigration('20240101120000', 'create_users', 'CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);', 'DROP TABLE users;');
    project.addMigration('20240102120000', 'backfill_names', "UPDATE users SET name = 'x' WHERE name IS NULL;", 'SELECT 1;');
    expect((await runDbtk(['up'], { cwd: project.dir })).exitCode).toBe(0);
    expect((await runDbtk(['down', '--yes'], { cwd: project.dir })).exitCode).toBe(0);
    project.addMigration('20240103120000', 'broken', 'CREATE TABEL broken (id INTEGER);', 'SELECT 1;');
    expect((await runDbtk(['up'], { cwd: project.dir })).exitCode).toBe(1);

    screen = await Screen.start({ cwd: project.dir, columns: 80, rows: 24, env: { NO_COLOR: '1' } });
    await screen.waitFor('1 failed');
    await screen.press('5');
    let view = await screen.waitFor('Slowest migrations');
    expect(view.split('\n').every((l) => [...l].length <= 80)).toBe(true);
    expect(view).toContain('[5 Analytics]');
    expect(view).toMatch(/Runs 5 · ✔ 4 succeeded · ✖ 1 failed · success 80% · pending 1/);
    expect(view).toMatch(/Status █+▒+ █ succeeded 4 \(80%\) {2}▒ failed 1 \(20%\)/);
    expect(view).toMatch(/\d\d-\d\d █+\s+5 runs\s+80% ok/);
    // eslint-disable-next-line no-control-regex -- a colour code is what must be absent
    expect(await screen.capture({ escapes: true })).not.toMatch(/\x1b\[3\dm/);

    await screen.resize(120, 40);
    view = await screen.waitFor('Most recent');
    expect(view).toMatch(/✖ 20240103120000_broken/);
    expect(view).toContain('1 ✖ sql_syntax');
    await screen.press('q');
    await screen.waitFor('[dbtk exited 0]');
  }, 60_000);
});
