// Issue 13, item 6, through the real binary: one project folder used with two SQLite
// databases (a main URL and a staging URL) keeps a separate truth for each. A migration that
// fails on staging is not "failed" on main, `up --retry-failed` on main leaves it alone (it
// would run out of order there), and `dbtk history` shows the current database's entries
// unless asked for all, each export naming its database.

import type { RunJson, StatusJson } from '../helpers/cli-json.js';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempProject, runDbmate, runDbtk } from '../helpers/project.js';

const V = (n: number) => `2024010100000${n}`;

interface Entry {
  version: string | null;
  action: string;
  status: string;
  database?: string;
  databaseLabel?: string;
}

describe('history per database (two SQLite URLs, one project folder)', () => {
  it("a failure on staging is not main's, and --retry-failed on main does not pick it up", async () => {
    const project = makeTempProject();
    const mainUrl = 'sqlite:db/main.sqlite3';
    const stagingUrl = 'sqlite:db/staging.sqlite3';
    const dbtk = (url: string, args: string[]) => runDbtk(args, { cwd: project.dir, env: { DATABASE_URL: url } });
    project.addMigration(V(1), 'one', 'CREATE TABLE one (id INTEGER);', 'DROP TABLE one;');
    project.addMigration(V(2), 'two', 'CREATE TABLE two (id INTEGER);', 'DROP TABLE two;');

    // Staging already has a table `two` (made behind dbtk's back), so V(2) fails there only.
    const setup = project.writeFile('setup/1_two.sql', '-- migrate:up\nCREATE TABLE two (id INTEGER);\n-- migrate:down\n');
    const made = await runDbmate(
      ['--migrations-dir', path.dirname(setup), '--migrations-table', 'setup_migrations', '--no-dump-schema', 'up'],
      { cwd: project.dir, url: stagingUrl },
    );
    expect(made.exitCode).toBe(0);
    const onStaging = await dbtk(stagingUrl, ['up']);
    expect(onStaging.exitCode).toBe(1);

    const warningsOf = async (url: string) => {
      const status = await dbtk(url, ['status', '--json']);
      expect(status.exitCode).toBe(0);
      return Object.fromEntries(
        (status.json<StatusJson>().migrations as { version: string; status: string; warnings: { code: string }[] }[]).map((m) => [
          m.version,
          [m.status, ...m.warnings.map((w) => w.code)],
        ]),
      );
    };
    expect(await warningsOf(stagingUrl)).toEqual({ [V(1)]: ['applied'], [V(2)]: ['pending', 'failed'] });
    expect(await warningsOf(mainUrl)).toEqual({ [V(1)]: ['pending'], [V(2)]: ['pending'] });

    // On main nothing failed: nothing to retry, and V(2) is not applied ahead of V(1).
    const retryMain = await dbtk(mainUrl, ['up', '--retry-failed']);
    expect(retryMain.exitCode).toBe(0);
    expect(retryMain.stdout).toMatch(/Nothing to retry/);
    expect(await warningsOf(mainUrl)).toEqual({ [V(1)]: ['pending'], [V(2)]: ['pending'] });
    // On staging it is retried (and fails again: the table is still there).
    const retryStaging = await dbtk(stagingUrl, ['up', '--retry-failed', '--json']);
    expect(retryStaging.exitCode).toBe(1);
    expect(retryStaging.json<RunJson>().migrations).toMatchObject([{ version: V(2), status: 'failed' }]);

    // Main runs its own batch; staging's failure still stands for staging alone.
    expect((await dbtk(mainUrl, ['up'])).exitCode).toBe(0);
    expect(await warningsOf(mainUrl)).toEqual({ [V(1)]: ['applied'], [V(2)]: ['applied'] });
    expect(await warningsOf(stagingUrl)).toEqual({ [V(1)]: ['applied'], [V(2)]: ['pending', 'failed'] });

    // History: the current database's entries by default, every database's on request.
    const history = async (url: string, ...args: string[]) => {
      const run = await dbtk(url, ['history', '--json', ...args]);
      expect(run.exitCode).toBe(0);
      return run.json<{ database: string | null; entries: Entry[] }>();
    };
    const mainLabel = `sqlite:${path.join(project.dir, 'db', 'main.sqlite3')}`;
    const stagingLabel = `sqlite:${path.join(project.dir, 'db', 'staging.sqlite3')}`;
    const main = await history(mainUrl);
    expect(main.database).toBe(mainLabel);
    expect(main.entries.map((e) => [e.version, e.status, e.databaseLabel])).toEqual([
      [V(2), 'success', mainLabel],
      [V(1), 'success', mainLabel],
    ]);
    const staging = await history(stagingUrl);
    expect(staging.entries.map((e) => [e.version, e.status])).toEqual([
      [V(2), 'failed'],
      [V(2), 'failed'],
      [V(1), 'success'],
    ]);
    const all = await history(mainUrl, '--all-databases');
    expect(all.database).toBeNull();
    expect(all.entries.map((e) => e.databaseLabel)).toEqual([mainLabel, mainLabel, stagingLabel, stagingLabel, stagingLabel]);
    expect(new Set(all.entries.map((e) => e.database)).size).toBe(2);

    const text = await dbtk(mainUrl, ['history']);
    expect(text.stdout).toMatch(new RegExp(`2 entries, newest first, for ${mainLabel.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}, from `));
    expect(text.stdout).not.toMatch(/failed/);
    const allText = await dbtk(mainUrl, ['history', '--all-databases']);
    expect(allText.stdout).toMatch(/^DATABASE\s+STARTED/m);
    expect(allText.stdout).toContain(stagingLabel);
    const csv = (await dbtk(stagingUrl, ['history', '--csv'])).stdout.split('\r\n').filter(Boolean);
    expect(csv[0]).toMatch(/,databaseLabel,database$/);
    expect(csv.slice(1).every((row) => row.includes(`,${stagingLabel},`))).toBe(true);
    expect(csv).toHaveLength(4);
  });
});
