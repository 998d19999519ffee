// `M` on the migration list: mark the selected migration applied (or pending) without running
// it, after a confirmation (`y`, or the connection's name typed on production).

import { afterEach, describe, expect, it } from 'vitest';
import { fakeProject, type FakeMigration, type FakeOptions } from './fake-project.js';
import { renderApp, type TestScreen } from './render-app.js';

const MIGRATIONS: FakeMigration[] = [
  { version: '20240101120000', name: 'create_users', up: 'CREATE TABLE users (id INTEGER);', down: 'DROP TABLE users;', applied: true },
  { version: '20240102120000', name: 'add_email', up: 'ALTER TABLE users ADD COLUMN email TEXT;', down: '' },
];

let screen: TestScreen | undefined;
afterEach(() => screen?.unmount());

async function open(options: Partial<FakeOptions> = {}) {
  const fake = fakeProject({ migrations: MIGRATIONS, ...options });
  screen = await renderApp(fake.project, { columns: 100, rows: 30 });
  await screen.waitFor('add_email');
  return { fake, screen };
}

describe('M: mark without running', () => {
  it('marks a pending migration applied after y; nothing runs', async () => {
    const { fake, screen } = await open();
    await screen.press('j');
    await screen.waitFor('› ● pending 20240102120000 add_email');
    await screen.press('M');
    await screen.waitFor('Mark 20240102120000_add_email.sql as applied?');
    expect(screen.frame()).toContain('its up SQL does not run');
    expect(fake.calls).not.toContain('mark applied 20240102120000');
    await screen.press('y');
    await screen.waitFor('Marked 20240102120000_add_email.sql as applied (no SQL ran).');
    expect(fake.calls).toContain('mark applied 20240102120000');
    expect(fake.calls).not.toContain('up');
    await screen.waitFor('› ✔ applied 20240102120000 add_email');
  });

  it('marks an applied migration pending; n cancels and changes nothing', async () => {
    const { fake, screen } = await open();
    await screen.press('M');
    await screen.waitFor('Mark 20240101120000_create_users.sql as pending?');
    await screen.press('n');
    await screen.waitFor('Cancelled. Nothing was marked.');
    expect(fake.calls.some((c) => c.startsWith('mark '))).toBe(false);
    await screen.press('M');
    await screen.waitFor('as pending?');
    await screen.press('y');
    await screen.waitFor('› ● pending 20240101120000 create_users');
    expect(fake.calls).toContain('mark pending 20240101120000');
  });

  it('on production asks for the connection name; a wrong name marks nothing', async () => {
    const { fake, screen } = await open({ production: true });
    await screen.press('j');
    await screen.press('M');
    await screen.waitFor('type its name');
    await screen.press('y');
    await screen.press('enter');
    await screen.waitFor('Type "demo" to confirm.');
    expect(fake.calls.some((c) => c.startsWith('mark '))).toBe(false);
    await screen.press('backspace');
    await screen.type('demo');
    await screen.press('enter');
    await screen.waitFor('Marked 20240102120000_add_email.sql as applied');
    expect(fake.calls).toContain('mark applied 20240102120000');
  });

  it('is listed in the help of the migration list', async () => {
    const { screen } = await open();
    await screen.press('?');
    await screen.waitFor('mark the selected migration applied (or pending) without running its SQL');
  });
});
