import { afterEach, describe, expect, it } from 'vitest';
import { fakeProject, historyEntry, type FakeMigration } from './fake-project.js';
import { renderApp, type TestScreen } from './render-app.js';

const MIGRATIONS: FakeMigration[] = [
  {
    version: '20240101120000',
    name: 'create_users',
    up: 'CREATE TABLE users (id INTEGER);',
    down: 'DROP TABLE users;',
    applied: true,
    appliedAt: '2024-06-01T09:00:00Z',
  },
  {
    version: '20240102120000',
    name: 'create_posts',
    up: 'CREATE TABLE posts (id INTEGER);',
    down: 'DROP TABLE posts;',
    applied: true,
    appliedAt: '2024-06-01T10:00:00Z',
  },
  {
    version: '20240103120000',
    name: 'create_tags',
    up: 'CREATE TABEL tags (id INTEGER);',
    down: 'DROP TABLE tags;',
    failed: 'syntax error',
  },
];

// Newest first, as the history store returns it.
const HISTORY = [
  historyEntry({
    id: 'e5',
    action: 'up',
    version: '20240103120000',
    name: 'create_tags',
    file: '20240103120000_create_tags.sql',
    startedAt: '2024-06-01T11:30:00Z',
    status: 'failed',
    durationMs: null,
    errorKind: 'sql_syntax',
    errorMessage: 'near "TABEL": syntax error',
    appliedBy: 'bob@ci',
    connection: 'staging',
  }),
  historyEntry({
    id: 'e4',
    action: 'up',
    version: '20240102120000',
    name: 'create_posts',
    file: '20240102120000_create_posts.sql',
    startedAt: '2024-06-01T10:00:00Z',
    durationMs: 8,
  }),
  historyEntry({
    id: 'e3',
    action: 'down',
    version: '20240102120000',
    name: 'create_posts',
    file: '20240102120000_create_posts.sql',
    startedAt: '2024-06-01T09:30:00Z',
    durationMs: 2,
  }),
  historyEntry({
    id: 'e2',
    action: 'up',
    version: '20240102120000',
    name: 'create_posts',
    file: '20240102120000_create_posts.sql',
    startedAt: '2024-06-01T09:10:00Z',
    durationMs: 4,
  }),
  historyEntry({
    id: 'e1',
    action: 'up',
    version: '20240101120000',
    name: 'create_users',
    file: '20240101120000_create_users.sql',
    startedAt: '2024-06-01T09:00:00Z',
    durationMs: 6,
  }),
];

let screen: TestScreen | undefined;
afterEach(() => screen?.unmount());

async function open(history = HISTORY) {
  const fake = fakeProject({ migrations: MIGRATIONS, history });
  screen = await renderApp(fake.project, { columns: 120, rows: 30 });
  await screen.waitFor('create_tags');
  return { fake, screen };
}

describe('Timeline', () => {
  it('lists history newest first with what, when, duration, who and connection; rollbacks are marked', async () => {
    const { screen } = await open();
    await screen.press('2');
    const frame = await screen.waitFor('[2 Timeline]');
    const rows = frame.split('\n').filter((l) => l.includes(' create_'));
    expect(rows).toHaveLength(5);
    expect(rows[0]).toMatch(/› ✖ up failed\s+30 minutes ago\s+20240103120000 create_tags\s+—\s+bob@ci\s+staging/);
    expect(rows[1]).toMatch(/▲ applied\s+2 hours ago\s+20240102120000 create_posts\s+8\.0ms\s+alice@laptop\s+demo/);
    expect(rows[2]).toMatch(/↺ rolled back\s+2 hours ago\s+20240102120000 create_posts\s+2\.0ms/);
    expect(rows[4]).toContain('20240101120000 create_users');
  });

  it('enter opens an entry’s details (with its error), esc goes back', async () => {
    const { screen } = await open();
    await screen.press('2', 'enter');
    let frame = await screen.waitFor('History entry');
    expect(frame).toContain('Error (sql_syntax)');
    expect(frame).toContain('near "TABEL": syntax error');
    expect(frame).toContain('Who         bob@ci');
    await screen.press('esc', 'j', 'j', 'enter');
    frame = await screen.waitFor('Rollback point');
    expect(frame).toContain('↺ rolled back  20240102120000_create_posts.sql');
    await screen.press('esc');
    await screen.waitFor('WHEN');
  });

  it('says how history fills up when there is none', async () => {
    const { screen } = await open([]);
    await screen.press('tab');
    await screen.waitFor('No history yet');
  });
});

describe('Dashboard', () => {
  it('shows counts, progress, last migration, success rate, average time and recent activity', async () => {
    const { screen } = await open();
    await screen.press('3');
    const frame = await screen.waitFor('Quick actions');
    expect(frame).toMatch(/Migrations\s+3 total\s+✔ 2 applied\s+● 0 pending\s+✖ 1 failed/);
    expect(frame).toMatch(/Progress\s+█+░+ 2\/3 applied \(66%\)/);
    expect(frame).toMatch(/Last migration\s+20240102120000_create_posts\.sql · 2 hours ago/);
    expect(frame).toMatch(/Success rate\s+80% \(4 of 5 runs succeeded\)/);
    expect(frame).toMatch(/Average time\s+6\.0ms per migration \(3 applied\)/);
    expect(frame).toMatch(/Recent activity\n\s+✖ up failed\s+30 minutes ago\s+20240103120000 create_tags/);
  });

  it('quick actions: j/k choose, enter does it (here: the run confirmation)', async () => {
    const { screen } = await open();
    await screen.press('3');
    const frame = await screen.waitFor('› u  Run 1 pending migration');
    expect(frame).toContain('d  Roll back 20240102120000_create_posts.sql');
    await screen.press('j');
    await screen.waitFor('› d  Roll back');
    await screen.press('k', 'enter');
    await screen.waitFor('Apply 1 pending migration to demo');
  });

  it('t tests every migration on a scratch database, shows each result and the differences, esc closes', async () => {
    const { screen, fake } = await open();
    await screen.press('3');
    await screen.waitFor('Quick actions');
    expect(screen.frame()).toContain('t test migrations');
    await screen.press('t');
    const frame = await screen.waitFor('Migration test: 2 passed, 1 failed');
    expect(frame).toContain('On the scratch database /tmp/dbtk-test-x/dev.db (the connected database is not touched)');
    expect(frame).toContain('✔ [1/3] 20240101120000_create_users.sql up, down, up again');
    expect(frame).toMatch(/✖ \[3\/3\] 20240103120000_create_tags\.sql the down does not undo the up: table t20240103120000 left behind/);
    expect(frame).toContain('The scratch database was removed.');
    expect(fake.calls).toContain('testMigrations');
    await screen.press('esc');
    await screen.waitFor((f) => !f.includes('Migration test') && f.includes('Quick actions'));
  });
});
