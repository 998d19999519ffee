// The run confirmation names the database it runs on in full, at 60 columns too: a long
// name wraps onto the next lines instead of being cut with `…`, and its password never shows.

import { afterEach, describe, expect, it } from 'vitest';
import { fakeProject, type FakeMigration } from './fake-project.js';
import { fitsIn, renderApp, type TestScreen } from './render-app.js';

const MIGRATIONS: FakeMigration[] = [
  { version: '20240101120000', name: 'create_users', up: 'CREATE TABLE users (id INTEGER);', down: 'DROP TABLE users;', applied: true },
  { version: '20240102120000', name: 'create_posts', up: 'CREATE TABLE posts (id INTEGER);', down: 'DROP TABLE posts;' },
];
/** A PostgreSQL database name of 60 characters. */
const PG_NAME = `orders_${'archive_'.repeat(6)}${'x'.repeat(60 - 7 - 48)}`;
/** A SQLite file whose path is 120 characters long. */
const SQLITE_PATH = `/srv/${'deeply_nested_folder/'.repeat(5)}${'d'.repeat(120 - 5 - 105 - 3)}.db`;

let screen: TestScreen | undefined;
afterEach(() => screen?.unmount());

/** The `Database:` line of the dialog and the lines it wrapped onto, joined back into one (no spaces: the names have none). */
function databaseLine(frame: string): string {
  const lines = frame.split('\n').map((l) => l.trim());
  const at = lines.findIndex((l) => l.startsWith('Database:'));
  expect(at).toBeGreaterThanOrEqual(0);
  return lines
    .slice(at, at + 4)
    .join('')
    .replace(/\s/g, '');
}

describe('the run confirmation at 60 columns', () => {
  it('u shows a 60-character PostgreSQL database name whole, wrapped, without the password', async () => {
    expect(PG_NAME).toHaveLength(60);
    const fake = fakeProject({ migrations: MIGRATIONS, url: `postgres://app:s3cret@127.0.0.1:5432/${PG_NAME}` });
    screen = await renderApp(fake.project, { columns: 60, rows: 20 });
    await screen.waitFor('create_posts');
    await screen.press('u');
    const frame = await screen.waitFor('Run it?');
    expect(fitsIn(frame, 60, 20)).toBe(true);
    expect(databaseLine(frame)).toContain(`Database:postgres://127.0.0.1:5432/${PG_NAME}`);
    expect(frame.split('\n').find((l) => l.startsWith('Database:'))).not.toContain('…');
    expect(frame).not.toContain('s3cret');
  });

  it('d shows a 120-character SQLite path whole, wrapped', async () => {
    expect(SQLITE_PATH).toHaveLength(120);
    const fake = fakeProject({ migrations: MIGRATIONS, url: `sqlite:${SQLITE_PATH}` });
    screen = await renderApp(fake.project, { columns: 60, rows: 20 });
    await screen.waitFor('create_posts');
    await screen.press('d');
    const frame = await screen.waitFor('Run it?');
    expect(fitsIn(frame, 60, 20)).toBe(true);
    expect(databaseLine(frame)).toContain(`Database:sqlite:${SQLITE_PATH}`);
  });

  it('the wrapped name takes rows from the plan, and G still scrolls to the plan’s last line', async () => {
    const long = `${Array.from({ length: 40 }, (_, i) => `CREATE TABLE t${i} (id INTEGER);`).join('\n')}\n-- the last line`;
    const fake = fakeProject({
      migrations: [{ version: '20240101120000', name: 'many_tables', up: long, down: '' }],
      url: `postgres://app@127.0.0.1:5432/${PG_NAME}`,
    });
    screen = await renderApp(fake.project, { columns: 60, rows: 20 });
    await screen.waitFor('many_tables');
    await screen.press('u');
    await screen.waitFor('Run it?');
    expect(screen.frame()).not.toContain('-- the last line');
    await screen.press('G');
    await screen.waitFor('-- the last line');
  });
});
