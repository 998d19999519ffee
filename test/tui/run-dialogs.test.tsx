import { afterEach, describe, expect, it } from 'vitest';
import { fakeProject, type FakeMigration, type FakeOptions } from './fake-project.js';
import { renderApp, type TestScreen } from './render-app.js';

const MIGRATIONS: FakeMigration[] = [
  { version: '20240101120000', name: 'create_users', up: 'CREATE TABLE users (id INTEGER);', down: 'DROP TABLE users;', applied: true },
  { version: '20240102120000', name: 'create_posts', up: 'CREATE TABLE posts (id INTEGER);', down: 'DROP TABLE posts;' },
  { version: '20240103120000', name: 'create_tags', up: 'CREATE TABLE tags (id INTEGER);', down: 'DROP TABLE tags;' },
];

let screen: TestScreen | undefined;
afterEach(() => screen?.unmount());

async function open(options: Partial<FakeOptions> = {}) {
  const fake = fakeProject({ migrations: MIGRATIONS, ...options });
  screen = await renderApp(fake.project);
  await screen.waitFor('STATUS');
  await screen.waitFor(`create_${(options.migrations ?? MIGRATIONS).at(-1)!.name.split('_')[1]}`);
  return { fake, screen };
}

describe('u: run all pending', () => {
  it('shows what will run with its SQL and runs nothing on n', async () => {
    const { fake, screen } = await open();
    await screen.press('u');
    const plan = await screen.waitFor('Apply 2 pending migrations to demo');
    expect(plan).toContain('1. 20240102120000_create_posts.sql');
    expect(plan).toContain('CREATE TABLE posts (id INTEGER);');
    expect(plan).toContain('2. 20240103120000_create_tags.sql');
    expect(plan).toContain('y yes, run');
    await screen.press('n');
    await screen.waitFor('Cancelled. Nothing was run.');
    expect(fake.calls.some((c) => c.startsWith('up '))).toBe(false);
    expect(fake.applied.has('20240102120000')).toBe(false);
  });

  it('runs on y, shows each step, keeps the outcome until dismissed, then the list shows them applied', async () => {
    const { fake, screen } = await open();
    await screen.press('u');
    await screen.waitFor('Apply 2 pending migrations');
    await screen.press('y');
    const outcome = await screen.waitFor('Applied 2 migrations');
    expect(outcome).toContain('✔ 20240102120000_create_posts.sql  in 1.5ms');
    expect(outcome).toContain('✔ 20240103120000_create_tags.sql  in 1.5ms');
    expect(fake.calls).toContain('up 20240102120000,20240103120000');
    await screen.press('j');
    expect(screen.frame()).toContain('Applied 2 migrations');
    await screen.press('enter');
    const list = await screen.waitFor('✔ applied 20240103120000 create_tags');
    expect(list).toContain('✔ 3 applied');
  });

  it('shows the classified error and its fix when a migration fails, until dismissed', async () => {
    const { fake, screen } = await open({ failOn: '20240103120000' });
    await screen.press('u');
    await screen.waitFor('Run it?');
    await screen.press('y');
    const outcome = await screen.waitFor('✖ Failed');
    expect(outcome).toContain('near "TABEL": syntax error');
    expect(outcome).toContain('Fix: Fix the SQL in the file, then run it again.');
    expect(outcome).toContain('Applied before the stop: 20240102120000_create_posts.sql.');
    expect(outcome).toContain('✖ 20240103120000_create_tags.sql  failed');
    expect(fake.applied.has('20240102120000')).toBe(true);
    await screen.press('esc');
    await screen.waitFor('STATUS');
  });

  it('says there is nothing to apply instead of asking', async () => {
    const { screen } = await open({ migrations: [MIGRATIONS[0]] });
    await screen.press('u');
    await screen.waitFor('Nothing to apply: every migration is applied.');
  });

  it('ctrl-c during a run stops dbmate through core instead of quitting', async () => {
    const { fake, screen } = await open({ hang: true });
    await screen.press('u');
    await screen.waitFor('Run it?');
    await screen.press('y');
    await screen.waitFor('Applying migrations…');
    expect(screen.frame()).toContain('ctrl-c stop');
    await screen.press('ctrl+c');
    await screen.waitFor('Interrupted');
    expect(fake.calls).toContain('aborted');
    expect(screen.quitted()).toBe(false);
  });
});

describe('d: roll back the last applied', () => {
  it('shows the down SQL, asks, and rolls back on y', async () => {
    const { fake, screen } = await open();
    await screen.press('d');
    const plan = await screen.waitFor('Roll back 1 migration on demo');
    expect(plan).toContain('1. 20240101120000_create_users.sql');
    expect(plan).toContain('DROP TABLE users;');
    await screen.press('y');
    await screen.waitFor('Rolled back 1 migration');
    expect(fake.calls).toContain('rollback 20240101120000');
    await screen.press('enter');
    await screen.waitFor('● pending 20240101120000 create_users');
  });

  it('says so when nothing is applied', async () => {
    const { screen, fake } = await open({ migrations: MIGRATIONS.slice(1) });
    await screen.press('d');
    await screen.waitFor('There is nothing to roll back');
    expect(fake.calls.some((c) => c.startsWith('rollback'))).toBe(false);
  });
});

describe('production connections', () => {
  it('require the connection name to be typed; a wrong name runs nothing', async () => {
    const { fake, screen } = await open({ production: true });
    expect(screen.frame()).toContain('PRODUCTION');
    await screen.press('u');
    await screen.waitFor('type "demo" to confirm');
    await screen.press('y');
    expect(fake.calls.some((c) => c.startsWith('up '))).toBe(false);
    await screen.type('prod');
    await screen.press('enter');
    await screen.waitFor('That is not "demo". Nothing was run');
    expect(fake.calls.some((c) => c.startsWith('up '))).toBe(false);
    await screen.type('demo');
    await screen.press('enter');
    await screen.waitFor('Applied 2 migrations');
    expect(fake.calls).toContain('up 20240102120000,20240103120000');
  });

  it('esc cancels the typed confirmation', async () => {
    const { fake, screen } = await open({ production: true });
    await screen.press('d');
    await screen.waitFor('type "demo" to confirm');
    await screen.press('esc');
    await screen.waitFor('Cancelled. Nothing was run.');
    expect(fake.calls.some((c) => c.startsWith('rollback'))).toBe(false);
  });
});

describe('the pre-run checklist', () => {
  it('is shown above the plan before confirming', async () => {
    const { screen } = await open();
    await screen.press('u');
    await screen.waitFor('Apply 2 pending migrations');
    const plan = await screen.waitFor('pending    2 migrations to apply');
    expect(plan).toContain('Checks');
    expect(plan).toContain('syntax     not checked — a dry run tries it on a copy (`--dry-run`, `t` in the app)');
    expect(plan).toContain('backup     none: no backup before up (backups.before)');
    await screen.press('n');
  });
});
