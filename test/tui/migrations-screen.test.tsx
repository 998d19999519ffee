import { afterEach, describe, expect, it } from 'vitest';
import { DbtkError } from '../../src/core/shared/errors.js';
import { fakeProject, type FakeMigration } from './fake-project.js';
import { fitsIn, renderApp, type TestScreen } from './render-app.js';

const MIGRATIONS: FakeMigration[] = [
  {
    version: '20240101120000',
    name: 'create_users',
    up: 'CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT);',
    down: 'DROP TABLE users;',
    applied: true,
    appliedAt: '2024-06-01T10:00:00Z',
    durationMs: 3.2,
  },
  {
    version: '20240102120000',
    name: 'create_posts',
    up: 'CREATE TABLE posts (id INTEGER PRIMARY KEY, body TEXT);',
    down: 'DROP TABLE posts;',
    applied: true,
    appliedAt: '2024-06-01T11:00:00Z',
    durationMs: 12,
  },
  {
    version: '20240103120000',
    name: 'add_avatar',
    up: 'ALTER TABLE users ADD COLUMN avatar_url TEXT;',
    down: '',
    warnings: [{ code: 'no_down', message: 'the down section is empty: it cannot be rolled back' }],
  },
  {
    version: '20240104120000',
    name: 'create_tags',
    up: 'CREATE TABLE tags (id INTEGER PRIMARY KEY, label TEXT);',
    down: 'DROP TABLE tags;',
    failed: 'near "TABEL": syntax error',
  },
];

let screen: TestScreen | undefined;
afterEach(() => screen?.unmount());

async function open(migrations = MIGRATIONS, size = { columns: 100, rows: 30 }) {
  const fake = fakeProject({ migrations });
  screen = await renderApp(fake.project, size);
  await screen.waitFor('create_tags');
  return { fake, screen };
}

describe('Migrations screen', () => {
  it('lists every migration with a status badge readable without colour, times and warnings', async () => {
    const { screen } = await open();
    const frame = screen.frame();
    expect(frame).toMatch(/✔ applied 20240101120000 create_users\s+2 hours ago\s+3\.2ms/);
    expect(frame).toMatch(/● pending 20240103120000 add_avatar .*⚠ no down/);
    expect(frame).toMatch(/✖ failed\s+20240104120000 create_tags .*⚠ failed/);
    expect(frame).toContain('dbtk demo');
    expect(frame).toContain('sqlite:db/dev.db');
    expect(frame).toContain('dbmate 2.36.0');
    expect(frame).toContain('✔ 2 applied');
    expect(frame).toContain('● 1 pending');
    expect(frame).toContain('✖ 1 failed');
  });

  it('shows the selected migration’s up and down SQL and follows j/k, G and g', async () => {
    const { screen } = await open();
    expect(screen.frame()).toContain('CREATE TABLE users');
    expect(screen.frame()).toContain('-- migrate:down');
    await screen.press('j');
    await screen.waitFor('CREATE TABLE posts');
    await screen.press('G');
    await screen.waitFor((f) => f.includes('› ✖ failed') && f.includes('CREATE TABLE tags'));
    await screen.press('k');
    await screen.waitFor('› ● pending 20240103120000 add_avatar');
    await screen.press('g');
    await screen.waitFor('› ✔ applied 20240101120000 create_users');
  });

  it('searches name, version and SQL text as you type, and esc clears the search', async () => {
    const { screen } = await open();
    await screen.press('/');
    await screen.type('avatar_url');
    const frame = await screen.waitFor('1 match');
    expect(frame).toContain('add_avatar');
    expect(frame).not.toContain('create_posts');
    await screen.press('esc');
    await screen.waitFor('create_posts');
    await screen.press('/');
    await screen.type('20240102');
    await screen.press('enter');
    const kept = await screen.waitFor((f) => f.includes('search: 20240102') && !f.includes('create_users'));
    expect(kept).toContain('create_posts');
  });

  it('f cycles the status filter all → applied → pending → failed → all', async () => {
    const { screen } = await open();
    await screen.press('f');
    let frame = await screen.waitFor('filter: applied');
    expect(frame).toContain('create_users');
    expect(frame).not.toContain('add_avatar');
    await screen.press('f');
    frame = await screen.waitFor('filter: pending');
    expect(frame).toContain('add_avatar');
    expect(frame).not.toContain('create_users');
    await screen.press('f');
    frame = await screen.waitFor('filter: failed');
    expect(frame).toContain('create_tags');
    expect(frame).not.toContain('add_avatar');
    await screen.press('f');
    await screen.waitFor((f) => !f.includes('filter:') && f.includes('create_users') && f.includes('add_avatar'));
  });

  it('enter opens the SQL full size, scrollable; esc goes back to the list', async () => {
    const long = Array.from({ length: 80 }, (_, i) => `INSERT INTO seeds VALUES (${i});`).join('\n');
    const { screen } = await open([
      { version: '20240101120000', name: 'seed', up: long, down: 'DELETE FROM seeds;' },
      ...MIGRATIONS.slice(3),
    ]);
    await screen.press('enter');
    const frame = await screen.waitFor('VALUES (0)');
    expect(frame).not.toContain('STATUS');
    await screen.press('pagedown');
    await screen.waitFor((f) => !f.includes('VALUES (0);'));
    await screen.press('G');
    await screen.waitFor('DELETE FROM seeds');
    await screen.press('esc');
    await screen.waitFor('STATUS');
  });

  it('e opens the selected file in the editor, then says so and reloads, keeping the selection', async () => {
    const fake = fakeProject({ migrations: MIGRATIONS });
    screen = await renderApp(fake.project);
    await screen.waitFor('create_tags');
    const loads = fake.calls.filter((c) => c === 'status').length;
    await screen.press('j', 'e');
    const frame = await screen.waitFor('Edited 20240102120000_create_posts.sql.');
    expect(screen.edited).toEqual([`${fake.dir}/20240102120000_create_posts.sql`]);
    expect(frame).toContain('› ✔ applied 20240102120000 create_posts');
    await screen.waitFor(() => fake.calls.filter((c) => c === 'status').length > loads);
  });

  it('shows the editor’s failure with its fix, and nothing else changes', async () => {
    const fake = fakeProject({ migrations: MIGRATIONS });
    screen = await renderApp(fake.project, {
      editor: async () => {
        throw new DbtkError('not_found', 'No editor found: $VISUAL and $EDITOR are not set and neither vi nor nano is installed.', {
          hint: 'Set EDITOR, for example `export EDITOR=nano`.',
        });
      },
    });
    await screen.waitFor('create_tags');
    await screen.press('e');
    const frame = await screen.waitFor('No editor found');
    expect(frame).toMatch(/Fix: Set\s+EDITOR, for example/);
    expect(frame).toContain('› ✔ applied 20240101120000 create_users');
  });

  it('ctrl-c quits', async () => {
    const { screen } = await open();
    await screen.press('ctrl+c');
    expect(screen.quitted()).toBe(true);
  });

  it('q quits', async () => {
    const { screen } = await open();
    await screen.press('q');
    expect(screen.quitted()).toBe(true);
  });

  it('scrolls a 10,000-row list by rendering only the visible window', async () => {
    const many: FakeMigration[] = Array.from({ length: 10_000 }, (_, i) => ({
      version: String(20200000000000 + i),
      name: `create_t_${i}`,
      up: `CREATE TABLE t_${i} (id INTEGER);`,
      down: `DROP TABLE t_${i};`,
      applied: i < 9000,
    }));
    const fake = fakeProject({ migrations: many });
    screen = await renderApp(fake.project, { columns: 100, rows: 30 });
    await screen.waitFor('create_t_0\n');
    await screen.press('G');
    const bottom = await screen.waitFor('› ● pending 20200000009999 create_t_9999');
    expect(bottom).not.toMatch(/create_t_0\n/);
    expect(fitsIn(bottom, 100, 30)).toBe(true);
    await screen.press('pageup');
    await screen.waitFor((f) => !f.includes('› ● pending 20200000009999'));
    await screen.press('/');
    await screen.type('t_4242;');
    await screen.waitFor('1 match');
  });
});
