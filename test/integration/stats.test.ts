// Issue 21 end to end on SQLite with the real binary and dbmate: `dbtk stats` figures from
// real runs, the per-connection comparison across a named connection (--all-connections), a
// suggestion from a slow backfill, the HTML and Markdown reports (self-contained, never
// written over a file), and every bad input refused with nothing written.

import { appendFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { MigrationStats } from '../../src/core/analytics/types.js';
import type { FailureJson } from '../helpers/cli-json.js';
import { makeTempProject, runDbtk } from '../helpers/project.js';

const project = makeTempProject('dbtk-stats-');
afterAll(() => rmSync(project.dir, { recursive: true, force: true }));
const dbtk = (...args: string[]) => runDbtk(args, { cwd: project.dir, env: { DATABASE_URL: 'sqlite:db/dev.db' } });
const V1 = '20240101000001';
const V2 = '20240101000002';

describe('dbtk stats (SQLite)', () => {
  it('figures from real runs, compared across connections, with a suggestion and the reports', async () => {
    project.addMigration(V1, 'create_users', 'CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);', 'DROP TABLE users;');
    project.addMigration(V2, 'backfill_names', "UPDATE users SET name = 'x' WHERE name IS NULL;", 'SELECT 1;');
    expect((await dbtk('up')).exitCode).toBe(0);
    expect((await dbtk('down', '--yes')).exitCode).toBe(0);
    expect((await dbtk('up')).exitCode).toBe(0);

    const first = await dbtk('stats', '--json');
    expect(first.exitCode).toBe(0);
    const stats = first.json<MigrationStats & { ok: true }>();
    expect(stats.totals).toMatchObject({
      runs: 4,
      applies: 3,
      rollbacks: 1,
      succeeded: 4,
      failed: 0,
      successRate: 1,
      migrations: 2,
      files: 2,
      pending: 0,
    });
    expect(stats.timing?.timed).toBe(3);
    expect(stats.weeks.reduce((sum, w) => sum + w.runs, 0)).toBe(4);
    expect(stats.statuses.migrations).toEqual({ applied: 2, pending: 0, failedLastRun: 0, missingFile: 0 });

    // A named connection running the same migrations on another database.
    const add = await dbtk(
      'connections',
      'add',
      'production',
      '--url',
      `sqlite:${path.join(project.dir, 'prod.db')}`,
      '-d',
      project.migrationsDir,
    );
    expect(add.exitCode).toBe(0);
    expect((await dbtk('-c', 'production', 'up')).exitCode).toBe(0);
    // A slow backfill on production, as history would hold it after a big table.
    const prodHistory = (await dbtk('-c', 'production', 'history', '--json')).json<{ file: string; entries: { version: string }[] }>();
    const backfill = prodHistory.entries.find((e) => e.version === V2)!;
    appendFileSync(
      prodHistory.file,
      `${JSON.stringify({ ...backfill, id: 'slow-1', startedAt: new Date().toISOString(), durationMs: 4200 })}\n`,
    );

    const all = (await dbtk('stats', '--all-connections', '--json')).json<MigrationStats>();
    expect(all.connections.sort()).toEqual([path.basename(project.dir), 'production'].sort());
    expect(all.database).toBeNull();
    expect(all.comparison.find((c) => c.version === V2)?.times.map((t) => t.connection)).toEqual([
      'production',
      path.basename(project.dir),
    ]);
    expect(all.suggestions).toEqual([
      expect.objectContaining({ code: 'batch-backfill', version: V2, durationMs: 4200, rule: 'backfill', evidence: 'update users' }),
    ]);
    // Without --all-connections, only this folder's database.
    expect((await dbtk('stats', '--json')).json<MigrationStats>().totals.runs).toBe(4);

    const text = await dbtk('stats', '--all-connections');
    expect(text.exitCode).toBe(0);
    expect(text.stdout).toContain('Slowest migrations');
    expect(text.stdout).toMatch(/▲ 20240101000002_backfill_names took 4\.20s · backfill: update users/);
    expect(text.stdout).toContain('Same migration on each connection');

    const html = await dbtk('stats', '--all-connections', '--html', 'report.html');
    expect(html.exitCode).toBe(0);
    expect(html.stdout).toContain('Wrote report.html');
    const page = readFileSync(path.join(project.dir, 'report.html'), 'utf8');
    expect(page).not.toMatch(/https?:\/\//);
    expect(page).toContain('<svg ');
    expect(page).toContain('20240101000002_backfill_names');

    const md = await dbtk('stats', '--md', 'report.md');
    expect(md.exitCode).toBe(0);
    expect(readFileSync(path.join(project.dir, 'report.md'), 'utf8')).toContain('## Slowest migrations');
  }, 60_000);

  it('refuses bad input clearly, writing nothing', async () => {
    writeFileSync(path.join(project.dir, 'mine.html'), 'mine');
    const cases: [string[], RegExp][] = [
      [['--top', '0'], /--top must be a whole number/],
      [['--since', 'someday'], /--since "someday" is not a date/],
      [['--html', 'a.html', '--md', 'a.md'], /either --html FILE or --md FILE/],
      [['--html', 'mine.html'], /already exists; the report was not written/],
      [['--all-connections', '-c', 'production'], /either --connection NAME or --all-connections/],
    ];
    for (const [args, message] of cases) {
      const run = await dbtk('stats', '--json', ...args);
      expect(run.exitCode, args.join(' ')).toBe(2);
      expect(run.json<FailureJson>().error.message).toMatch(message);
    }
    expect(readFileSync(path.join(project.dir, 'mine.html'), 'utf8')).toBe('mine');
    expect(existsSync(path.join(project.dir, 'a.html')) || existsSync(path.join(project.dir, 'a.md'))).toBe(false);
    const replaced = await dbtk('stats', '--html', 'mine.html', '--force');
    expect(replaced.exitCode).toBe(0);
    expect(readFileSync(path.join(project.dir, 'mine.html'), 'utf8')).toContain('<!DOCTYPE html>');
  }, 60_000);
});
