// The Analytics screen (`5`): totals, the status share bar, per-week bars with success rate
// and median time, trends, slowest, outliers and suggestions, readable at 80x24 and 120x40;
// every chart tells its figures in text and glyphs, never by colour alone.

import { afterEach, describe, expect, it } from 'vitest';
import { fakeProject, historyEntry, type FakeMigration } from './fake-project.js';
import { renderApp, type TestScreen } from './render-app.js';

const MIGRATIONS: FakeMigration[] = [
  {
    version: '20240101120000',
    name: 'create_users',
    up: 'CREATE TABLE users (id INTEGER, name TEXT);',
    down: 'DROP TABLE users;',
    applied: true,
  },
  {
    version: '20240102120000',
    name: 'backfill_names',
    up: "UPDATE users SET name = 'x' WHERE name IS NULL;",
    down: 'SELECT 1;',
    applied: true,
  },
  {
    version: '20240103120000',
    name: 'create_tags',
    up: 'CREATE TABEL tags (id INTEGER);',
    down: 'DROP TABLE tags;',
    failed: 'syntax error',
  },
];

const run = (
  id: string,
  version: string,
  name: string,
  startedAt: string,
  extra: Parameters<typeof historyEntry>[0] extends infer P ? Partial<P> : never,
) => historyEntry({ id, action: 'up', version, name, file: `${version}_${name}.sql`, startedAt, ...extra });

// Newest first, as the history store returns it: two weeks, one failure, one slow backfill.
const HISTORY = [
  run('e6', '20240103120000', 'create_tags', '2024-05-30T11:30:00Z', {
    status: 'failed',
    durationMs: null,
    errorKind: 'sql_syntax',
    errorMessage: 'near "TABEL"',
  }),
  run('e5', '20240102120000', 'backfill_names', '2024-05-30T10:00:00Z', { durationMs: 3000 }),
  run('e4', '20240102120000', 'backfill_names', '2024-05-29T10:00:00Z', { durationMs: 100 }),
  run('e3', '20240102120000', 'backfill_names', '2024-05-28T10:00:00Z', { durationMs: 120 }),
  run('e2', '20240101120000', 'create_users', '2024-05-21T09:00:00Z', { durationMs: 6 }),
];

let screen: TestScreen | undefined;
afterEach(() => screen?.unmount());

async function openAnalytics(columns: number, rows: number) {
  const fake = fakeProject({ migrations: MIGRATIONS, history: HISTORY });
  screen = await renderApp(fake.project, { columns, rows });
  await screen.waitFor('create_tags');
  await screen.press('5');
  return screen.waitFor('Slowest migrations');
}

describe('Analytics screen', () => {
  it('at 120x40 shows totals, the status bar, weeks, trends, slowest, outliers and suggestions', async () => {
    const frame = await openAnalytics(120, 40);
    expect(frame).toContain('[5 Analytics]');
    expect(frame).toContain('Runs 5 · ✔ 4 succeeded · ✖ 1 failed · success 80% · pending 1');
    expect(frame).toMatch(/Time average 807ms · median 110ms · p95 3\.00s · 4 timed applies/);
    expect(frame).toMatch(/Status █+▒+ █ succeeded 4 \(80%\) {2}▒ failed 1 \(20%\)/);
    expect(frame).toMatch(/05-20 █+░*\s+1 runs 100% ok\s+6\.0ms/);
    expect(frame).toMatch(/05-27 █+\s+4 runs\s+75% ok\s+120ms {2}✖ 1/);
    expect(frame).toMatch(/Trends {2}runs [▁-█]{2} {2}success [▁-█]{2} {2}time [▁-█]{2}/);
    expect(frame).toMatch(/3\.00s {2}20240102120000_backfill_names {2}median 120ms · 3 runs/);
    expect(frame).toContain('3.00s  20240102120000_backfill_names: 27.3× its median of 110ms over 2 other runs');
    expect(frame).toContain('▲ 20240102120000_backfill_names took 3.00s · backfill: update users');
    expect(frame).toContain('1 ✖ sql_syntax');
  });

  it('at 80x24 fits the width and scrolls to the rest with j/G; tab order reaches it', async () => {
    const frame = await openAnalytics(80, 24);
    for (const row of frame.split('\n')) expect(row.length).toBeLessThanOrEqual(80);
    expect(frame).toContain('Runs 5 · ✔ 4 succeeded');
    expect(frame).toMatch(/── Analytics · from dbtk's history .* 1–\d+ of \d+ ──/);
    await screen!.press('G');
    const bottom = await screen!.waitFor('dbtk stats --html FILE');
    expect(bottom).toContain('Suggestions');
    expect(bottom).not.toContain('Runs 5 · ✔ 4 succeeded');
    // Backups (6) is the last screen, Analytics the one before it.
    await screen!.press('g', '1', 'shift+tab');
    await screen!.waitFor('[6 Backups]');
    await screen!.press('shift+tab');
    await screen!.waitFor('[5 Analytics]');
  });

  it('says so when there is no history yet', async () => {
    const fake = fakeProject({ migrations: MIGRATIONS, history: [] });
    screen = await renderApp(fake.project, { columns: 80, rows: 24 });
    await screen.waitFor('create_tags');
    await screen.press('5');
    const frame = await screen.waitFor('No runs recorded yet');
    expect(frame).toContain('Runs 0 · ✔ 0 succeeded · ✖ 0 failed · success —');
  });
});
