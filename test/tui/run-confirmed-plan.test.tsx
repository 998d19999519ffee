// `y` runs exactly the plan the dialog shows: core's RunPlan object, never a new one made at
// the moment of running. A plan that no longer holds runs nothing and is asked again; a risk
// result made for an older plan is dropped; a `y` (or enter) that came inside a paste never
// confirms.

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PreviewResult } from '../../src/core/project/preview.js';
import { assessRisk } from '../../src/tui/data/assess-risk.js';
import { fakeProject, type FakeMigration, type FakeOptions } from './fake-project.js';
import { renderApp, type TestScreen } from './render-app.js';

// The risk assessment answers when the test says so (to send an old plan's answer late).
vi.mock('../../src/tui/data/assess-risk.js', () => ({ assessRisk: vi.fn() }));
const assess = vi.mocked(assessRisk);

const MIGRATIONS: FakeMigration[] = [
  { version: '20240101120000', name: 'create_users', up: 'CREATE TABLE users (id INTEGER);', down: 'DROP TABLE users;', applied: true },
  { version: '20240102120000', name: 'create_posts', up: 'CREATE TABLE posts (id INTEGER);', down: 'DROP TABLE posts;' },
  { version: '20240103120000', name: 'create_tags', up: 'CREATE TABLE tags (id INTEGER);', down: 'DROP TABLE tags;' },
];
const LATE: FakeMigration = { version: '20240104120000', name: 'drop_users', up: 'DROP TABLE users;', down: '' };
const PASTE_START = '\x1b[200~';
const PASTE_END = '\x1b[201~';

/** A risk result whose headline names `statements` (what the dialog shows of it). */
function riskOf(statements: number): PreviewResult {
  return {
    direction: 'up',
    dialect: 'sqlite',
    statusKnown: true,
    migrations: [],
    totals: { risk: 'none', statements, migrations: 1, estimateMs: null, suppressed: 0, objectsLine: `objects of ${statements}` },
  } as unknown as PreviewResult;
}

let screen: TestScreen | undefined;
beforeEach(() => assess.mockReset().mockResolvedValue(riskOf(1)));
afterEach(() => screen?.unmount());

async function open(options: Partial<FakeOptions> = {}, risk = false) {
  const fake = fakeProject({ migrations: MIGRATIONS, ...options });
  screen = await renderApp(fake.project, { features: { risk, schemaDiff: false, wizard: false } });
  await screen.waitFor('create_tags');
  return { fake, screen };
}

const runs = (calls: string[]) => calls.filter((c) => c.startsWith('up ') || c.startsWith('rollback '));
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('the app runs exactly the plan it showed', () => {
  it('y runs exactly the versions shown, planned once', async () => {
    const { fake, screen } = await open();
    await screen.press('u');
    const plan = await screen.waitFor('Apply 2 pending migrations to demo?');
    expect(plan).toContain('1. 20240102120000_create_posts.sql');
    expect(plan).toContain('2. 20240103120000_create_tags.sql');
    await screen.press('y');
    await screen.waitFor('Applied 2 migrations');
    expect(runs(fake.calls)).toEqual(['up 20240102120000,20240103120000']);
    expect(fake.calls.filter((c) => c === 'planUp')).toHaveLength(1);
  });

  it('the dialog shows the plan’s database and notes (the database is created first, a version stays applied)', async () => {
    const notes = [
      { code: 'creates_database' as const, message: 'The database does not exist yet: dbmate creates it, then applies every migration.' },
      { code: 'stays_applied' as const, version: '20231231000000', message: '20231231000000 stays applied: its file is missing.' },
    ];
    const { screen } = await open({ notes });
    await screen.press('u');
    const plan = await screen.waitFor('Apply 2 pending migrations to demo?');
    expect(plan).toContain('Database: sqlite:/fake/db/dev.db');
    expect(plan).toContain('Note: The database does not exist yet: dbmate creates it, then applies every migration.');
    expect(plan).toContain('Note: 20231231000000 stays applied: its file is missing.');
  });

  it('a file added while the dialog is open runs nothing: the new plan is shown and asked again', async () => {
    const { fake, screen } = await open();
    await screen.press('u');
    await screen.waitFor('Apply 2 pending migrations');
    fake.add(LATE);
    await screen.press('y');
    const again = await screen.waitFor('Apply 3 pending migrations to demo?');
    expect(again).toContain('⚠ The plan no longer holds: now also pending: 20240104120000_drop_users.sql. Nothing was run.');
    expect(again).toContain('is the new plan: confirm it again.');
    expect(again).toContain('3. 20240104120000_drop_users.sql');
    expect(again).toContain('y yes, run');
    expect(runs(fake.calls)).toEqual([]);
    expect([...fake.applied]).toEqual(['20240101120000']);
    await screen.press('y');
    await screen.waitFor('Applied 3 migrations');
    expect(runs(fake.calls)).toEqual(['up 20240102120000,20240103120000,20240104120000']);
  });

  it('n on the new plan cancels: still nothing ran', async () => {
    const { fake, screen } = await open();
    await screen.press('u');
    await screen.waitFor('Apply 2 pending migrations');
    fake.add(LATE);
    await screen.press('y');
    await screen.waitFor('Apply 3 pending migrations');
    await screen.press('n');
    await screen.waitFor('Cancelled. Nothing was run.');
    expect(runs(fake.calls)).toEqual([]);
  });

  it('a risk result that comes late for the older plan is ignored', async () => {
    let answerOld: (result: PreviewResult) => void = () => undefined;
    let answerNew: (result: PreviewResult) => void = () => undefined;
    assess
      .mockImplementationOnce(() => new Promise((resolve) => (answerOld = resolve)))
      .mockImplementationOnce(() => new Promise((resolve) => (answerNew = resolve)));
    const { fake, screen } = await open({}, true);
    await screen.press('u');
    await screen.waitFor('Assessing risk…');
    fake.add(LATE);
    await screen.press('y');
    await screen.waitFor('Apply 3 pending migrations');
    expect(assess).toHaveBeenCalledTimes(2);
    // The first plan's assessment answers only now: it is not this plan's risk.
    answerOld(riskOf(2));
    for (let i = 0; i < 5; i++) await tick();
    expect(screen.frame()).toContain('Assessing risk…');
    expect(screen.frame()).not.toContain('2 statements');
    answerNew(riskOf(3));
    const frame = await screen.waitFor('3 statements');
    expect(frame).not.toContain('2 statements');
  });
});

describe('a key inside a paste never confirms a run', () => {
  it('a pasted y, marked or not, runs nothing and says why; y on its own runs', async () => {
    const { fake, screen } = await open();
    await screen.press('u');
    await screen.waitFor('Run it?');
    await screen.press(`${PASTE_START}y${PASTE_END}`);
    // Keys arriving together (a paste the terminal did not mark, a script): none of them answers.
    await screen.press('yy');
    await screen.waitFor('y arrived with other keys (a paste?): press it alone.');
    for (let i = 0; i < 5; i++) await tick();
    expect(screen.frame()).toContain('Run it?');
    expect(runs(fake.calls)).toEqual([]);
    await screen.press('y');
    await screen.waitFor('Applied 2 migrations');
    expect(runs(fake.calls)).toEqual(['up 20240102120000,20240103120000']);
  });

  it('production: the name may be pasted, but an enter inside the paste does not submit it', async () => {
    const { fake, screen } = await open({ production: true });
    await screen.press('u');
    await screen.waitFor('type "demo" to confirm');
    await screen.press(`${PASTE_START}demo\r${PASTE_END}`);
    await screen.waitFor((f) => f.includes('to confirm: demo'));
    for (let i = 0; i < 5; i++) await tick();
    expect(runs(fake.calls)).toEqual([]);
    await screen.press('backspace', 'backspace', 'backspace', 'backspace');
    // Typed by a script in one go, enter included: the name is typed, the enter is not taken.
    await screen.press('demo\r');
    await screen.waitFor('enter arrived with other keys (a paste?): press it alone.');
    expect(runs(fake.calls)).toEqual([]);
    await screen.press('enter');
    await screen.waitFor('Applied 2 migrations');
    expect(runs(fake.calls)).toEqual(['up 20240102120000,20240103120000']);
  });
});
