import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isDbtkError } from '../../../src/core/shared/errors.js';
import { parseMigrationContent, type MigrationFile } from '../../../src/core/migrations/file.js';
import { previewMigrationFiles, previewProject, selectMigrations } from '../../../src/core/project/preview.js';
import { openProject } from '../../../src/core/project/project.js';
import { DBMATE_BIN, makeTempProject, runDbmate } from '../../helpers/project.js';

const file = (version: string, up = 'SELECT 1;', down = 'SELECT 1;'): MigrationFile =>
  parseMigrationContent(`${version}_m.sql`, `/virtual/${version}_m.sql`, Buffer.from(`-- migrate:up\n${up}\n-- migrate:down\n${down}\n`));

describe('selectMigrations', () => {
  const files = [file('1'), file('2'), file('3')];
  const statuses = new Map([
    ['1', 'applied'],
    ['2', 'applied'],
    ['3', 'pending'],
  ] as const);

  it('no target and pending mean the pending migrations', () => {
    expect(selectMigrations(files, statuses, {}).files.map((f) => f.version)).toEqual(['3']);
    expect(selectMigrations(files, statuses, { target: 'pending' }).files.map((f) => f.version)).toEqual(['3']);
  });

  it('a version or a file name picks that migration', () => {
    expect(selectMigrations(files, statuses, { target: '2' }).files.map((f) => f.version)).toEqual(['2']);
    expect(selectMigrations(files, statuses, { target: 'db/migrations/1_m.sql' }).files.map((f) => f.version)).toEqual(['1']);
  });

  it('--down with no target is what dbmate rolls back: the highest applied version', () => {
    expect(selectMigrations(files, statuses, { down: true }).files.map((f) => f.version)).toEqual(['2']);
  });

  it('an unknown version is a clear not_found error', () => {
    try {
      selectMigrations(files, statuses, { target: '9' });
      expect.unreachable();
    } catch (error) {
      expect(isDbtkError(error, 'not_found')).toBe(true);
      expect((error as Error).message).toContain('"9"');
    }
  });

  it('nothing applied means nothing to roll back', () => {
    expect(() => selectMigrations(files, new Map(), { down: true })).toThrow(/nothing to roll back/);
  });

  it('without statuses it shows every file (or the newest for --down) and says why', () => {
    const all = selectMigrations(files, null, {});
    expect(all.files).toHaveLength(3);
    expect(all.note).toMatch(/unknown which migrations are pending/);
    expect(selectMigrations(files, null, { down: true }).files.map((f) => f.version)).toEqual(['3']);
  });
});

describe('previewProject on a real SQLite project', () => {
  function project() {
    const p = makeTempProject('dbtk-preview-');
    p.addMigration('20240101000000', 'users', 'CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);', 'DROP TABLE users;');
    p.addMigration(
      '20240102000000',
      'risky',
      '\nALTER TABLE users ADD COLUMN age INTEGER NOT NULL;\nDELETE FROM users;',
      'ALTER TABLE users DROP COLUMN age;',
    );
    return p;
  }

  it('previews only the pending migration, with statuses, risk and exact lines', async () => {
    const p = project();
    const url = `sqlite:${path.join(p.dir, 'db', 'app.sqlite3')}`;
    const applied = await runDbmate(['--no-dump-schema', '--migrations-dir', 'db/migrations', 'up'], { cwd: p.dir, url });
    expect(applied.exitCode, String(applied.stderr)).toBe(0);
    // Make the second migration pending again by adding it after the first was applied.
    const second = p.addMigration('20240103000000', 'later', 'DROP TABLE users;', 'CREATE TABLE users (id INTEGER PRIMARY KEY);');
    const opened = await openProject({ cwd: p.dir, url, dbmatePath: DBMATE_BIN });
    const result = await previewProject(opened, { pastRuns: [] });
    expect(result.statusKnown).toBe(true);
    expect(result.dialect).toBe('sqlite');
    expect(result.migrations.map((m) => [m.file, m.status])).toEqual([[path.basename(second), 'pending']]);
    expect(result.migrations[0].findings.map((f) => [f.rule, f.level, f.line])).toEqual([['drop-table', 'high', 2]]);
    expect(result.totals.objectsLine).toBe('Tables: −1');

    const down = await previewProject(opened, { down: true, pastRuns: [] });
    expect(down.migrations.map((m) => [m.version, m.status, m.direction])).toEqual([['20240102000000', 'applied', 'down']]);
    expect(down.migrations[0].statements.map((s) => s.summary)).toEqual(['drop column users.age']);
    expect(down.migrations[0].findings.map((f) => f.rule)).toEqual(['drop-column']);
  });

  it('still previews the files when the database is unreachable, and says the status is unknown', async () => {
    const p = project();
    const opened = await openProject({ cwd: p.dir, url: 'postgres://nobody@127.0.0.1:1/none?sslmode=disable', dbmatePath: DBMATE_BIN });
    const result = await previewProject(opened, { pastRuns: [] });
    expect(result.statusKnown).toBe(false);
    expect(result.statusError).toBeTruthy();
    expect(result.note).toMatch(/could not be reached/);
    expect(result.migrations.map((m) => m.status)).toEqual(['unknown', 'unknown']);
    const risky = result.migrations[1];
    expect(risky.statements.map((s) => s.line)).toEqual([3, 4]);
    expect(risky.findings.map((f) => f.rule)).toEqual([
      'not-null-without-default',
      'lock-timeout-missing',
      'delete-without-where',
      'mixed-data-and-schema',
    ]);
  });

  it('estimates from the history dbtk keeps, and honours the project lint config', async () => {
    const p = project();
    mkdirSync(path.join(p.dir, '.dbtk'), { recursive: true });
    const entry = (version: string, durationMs: number) =>
      JSON.stringify({
        schema: 1,
        id: `${version}-${durationMs}`,
        action: 'up',
        version,
        name: 'x',
        file: null,
        status: 'success',
        startedAt: '2024-01-01T00:00:00Z',
        durationMs,
      });
    writeFileSync(
      path.join(p.dir, '.dbtk', 'history.jsonl'),
      `${entry('20240102000000', 40)}\n${entry('20240102000000', 60)}\n${entry('20240101000000', 12)}\n`,
    );
    writeFileSync(path.join(p.dir, '.dbtk', 'config.json'), JSON.stringify({ lint: { ignore: ['delete-without-where'] } }));
    const opened = await openProject({ cwd: p.dir, url: 'postgres://nobody@127.0.0.1:1/none?sslmode=disable', dbmatePath: DBMATE_BIN });
    const result = await previewProject(opened);
    expect(result.migrations.map((m) => m.estimate)).toEqual([
      { ms: 12, basis: 'this-migration', samples: 1 },
      { ms: 50, basis: 'this-migration', samples: 2 },
    ]);
    expect(result.totals.estimateMs).toBe(62);
    expect(result.migrations[1].suppressed.map((s) => [s.rule, s.suppressedBy])).toEqual([['delete-without-where', 'config']]);
  });

  it('previewMigrationFiles assesses the files the caller chose, with the statuses it already has', async () => {
    const p = project();
    // A schema file that lacks `users`: then `users` is not an existing table.
    p.writeFile('db/schema.sql', 'CREATE TABLE other (id INTEGER);\n');
    const opened = await openProject({ cwd: p.dir, url: 'postgres://nobody@127.0.0.1:1/none?sslmode=disable', dbmatePath: DBMATE_BIN });
    const { migrations } = await opened.scanMigrations();
    const result = await previewMigrationFiles(opened, [migrations[1]], {
      statuses: new Map([['20240102000000', 'pending']]),
      pastRuns: [],
    });
    expect(result.statusKnown).toBe(true);
    expect(result.migrations.map((m) => [m.version, m.status])).toEqual([['20240102000000', 'pending']]);
    // users is created by the earlier migration, so with a schema file it still counts as existing.
    expect(result.migrations[0].findings.map((f) => f.rule)).toContain('not-null-without-default');
  });
});
