import { afterEach, describe, expect, it } from 'vitest';
import { fakeProject, type FakeMigration, type FakeOptions } from './fake-project.js';
import { renderApp, type TestScreen } from './render-app.js';

const MIGRATIONS: FakeMigration[] = [
  { version: '20240101120000', name: 'create_users', up: 'CREATE TABLE users (id INTEGER);', down: 'DROP TABLE users;', applied: true },
  { version: '20240102120000', name: 'create_posts', up: 'CREATE TABLE posts (id INTEGER);', down: 'DROP TABLE posts;' },
];

let screen: TestScreen | undefined;
afterEach(() => screen?.unmount());

async function open(options: Partial<FakeOptions> = {}) {
  const fake = fakeProject({ migrations: MIGRATIONS, ...options });
  screen = await renderApp(fake.project, { rows: 40 });
  await screen.waitFor('STATUS');
  await screen.waitFor('create_posts');
  return { fake, screen };
}

describe('t in the run confirmation: try it on a copy', () => {
  it('shows the dry run report in the dialog, changes nothing, and the real run still needs y', async () => {
    const { fake, screen } = await open();
    await screen.press('u');
    expect(await screen.waitFor('Run it?')).toContain('t try it on a copy first');
    await screen.press('t');
    const report = await screen.waitFor('All 1 step succeeded on the copy');
    expect(report).toContain('Dry run on a copy (/tmp/dbtk-dry-fake/dev.db)');
    expect(report).toContain('✔ 20240102120000_create_posts.sql  ok in 2.0ms');
    expect(report).toContain('+ added table t20240102120000');
    expect(report).toContain('The copy was removed; the database was not changed.');
    expect(fake.calls).toContain('dryRun up 20240102120000');
    expect(fake.calls).not.toContain('up');
    expect(fake.applied.has('20240102120000')).toBe(false);
    await screen.press('y');
    await screen.waitFor('Applied 1 migration');
    expect(fake.applied.has('20240102120000')).toBe(true);
  });

  it('reports a failing step with its classified error, and n still runs nothing', async () => {
    const { fake, screen } = await open({ failOn: '20240102120000' });
    await screen.press('u');
    await screen.waitFor('Run it?');
    await screen.press('t');
    const report = await screen.waitFor('The dry run failed');
    expect(report).toContain('✖ 20240102120000_create_posts.sql  failed (sql_syntax)');
    await screen.press('n');
    await screen.waitFor('Cancelled. Nothing was run.');
    expect(fake.calls).not.toContain('up');
  });
});

describe('ctrl+t while typing a production connection name', () => {
  it('tries the plan on a copy; the real run still needs the name typed', async () => {
    const { fake, screen } = await open({ production: true });
    await screen.press('u');
    await screen.waitFor('type "demo" to confirm');
    await screen.press('\x14');
    await screen.waitFor('All 1 step succeeded on the copy');
    expect(fake.calls).toContain('dryRun up 20240102120000');
    expect(fake.applied.has('20240102120000')).toBe(false);
    await screen.type('demo');
    await screen.press('enter');
    await screen.waitFor('Applied 1 migration');
    expect(fake.applied.has('20240102120000')).toBe(true);
  });
});

describe('d: the rollback confirmation says what it deletes', () => {
  it('names the dropped table with its rows, tries it on a copy with t, and verifies after y', async () => {
    const drops = {
      steps: [
        {
          version: '20240101120000',
          file: '20240101120000_create_users.sql',
          emptyDown: false,
          drops: [{ kind: 'table' as const, name: 'users', exists: true, rows: 1204, rowsExact: true }],
        },
      ],
    };
    const { fake, screen } = await open({ drops });
    await screen.press('d');
    const plan = await screen.waitFor('drops table users and its 1,204 rows (exact count)');
    expect(plan).toContain('What it deletes');
    await screen.press('t');
    await screen.waitFor('All 1 step succeeded on the copy');
    expect(fake.calls).toContain('dryRun down 20240101120000');
    expect(fake.applied.has('20240101120000')).toBe(true);
    await screen.press('y');
    await screen.waitFor('Verified: 1 version no longer applied');
    expect(fake.applied.has('20240101120000')).toBe(false);
  });

  it('warns when the down section is empty', async () => {
    const drops = { steps: [{ version: '20240101120000', file: '20240101120000_create_users.sql', emptyDown: true, drops: [] }] };
    const { screen } = await open({ drops });
    await screen.press('d');
    await screen.waitFor('empty down section: its version is unrecorded');
  });
});
