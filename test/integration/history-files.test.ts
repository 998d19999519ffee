// Bad history input through the real binary (SQLite: no server needed): a history that is
// not JSON, half a line, unknown fields, another format, an unwritable state folder, bad
// filters — and two processes appending at once without interleaving lines.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import type { HistoryJson, ValidateJson } from '../helpers/cli-json.js';
import { DBTK_BIN, makeTempProject, REPO_ROOT, runDbtk } from '../helpers/project.js';

const sqlite = (dir: string) => ({ DATABASE_URL: `sqlite:${path.join(dir, 'test.sqlite3')}` });

function entryLine(overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({
    schema: 1,
    id: `id-${Math.random().toString(36).slice(2)}`,
    action: 'up',
    version: '20240101000001',
    name: 'one',
    file: '20240101000001_one.sql',
    appliedBy: 'ana@laptop',
    connection: 'x',
    url: 'sqlite:x',
    startedAt: '2024-06-01T10:00:00.000Z',
    durationMs: 1.5,
    status: 'success',
    errorKind: null,
    errorMessage: null,
    checksum: null,
    dbtkVersion: '0.1.0',
    dbmateVersion: '2.36.0',
    ...overrides,
  });
}

describe('history files that are broken or unwritable', () => {
  it('a history with garbage, another format, unknown fields and half a line: read, warned, never a crash', async () => {
    const project = makeTempProject();
    mkdirSync(path.join(project.dir, '.dbtk'));
    const file = path.join(project.dir, '.dbtk', 'history.jsonl');
    const good = entryLine({ id: 'good', startedAt: '2024-06-01T10:00:00.000Z' });
    const extra = entryLine({ id: 'extra', version: '20240101000002', startedAt: '2024-06-02T10:00:00.000Z', reviewer: 'bo', tags: ['x'] });
    writeFileSync(
      file,
      [good, 'this is not json at all', entryLine({ id: 'future', schema: 7 }), extra, '{"schema":1,"id":"half","act'].join('\n'),
    );
    const original = readFileSync(file, 'utf8');

    const run = await runDbtk(['history', '--json'], { cwd: project.dir, env: sqlite(project.dir) });
    expect(run.exitCode).toBe(0);
    const body = run.json<HistoryJson>();
    expect(body.entries.map((e) => e.id)).toEqual(['extra', 'good']);
    expect(body.entries[0]).not.toHaveProperty('reviewer');
    const warnings = body.warnings.join('\n');
    expect(warnings).toMatch(/not valid JSON \(byte \d+ `this is not json at all`\)/);
    expect(warnings).toMatch(/1 history entry in history format 7 \(written by another dbtk version; this one reads format 1/);
    expect(warnings).toMatch(/incomplete last history line/);
    expect(readFileSync(file, 'utf8')).toBe(original);

    const text = await runDbtk(['history'], { cwd: project.dir, env: sqlite(project.dir) });
    expect(text.exitCode).toBe(0);
    expect(text.stderr).toMatch(/Warning: Skipped 1 history line that is not valid JSON/);
    expect(text.stdout).toMatch(/2 entries, newest first/);

    // Status and up still work; the next entry lands on its own line after the half one.
    project.addMigration('20240101000003', 'three', 'CREATE TABLE three (id INTEGER);', 'DROP TABLE three;');
    expect((await runDbtk(['status'], { cwd: project.dir, env: sqlite(project.dir) })).exitCode).toBe(0);
    expect((await runDbtk(['up'], { cwd: project.dir, env: sqlite(project.dir) })).exitCode).toBe(0);
    const lines = readFileSync(file, 'utf8').split('\n');
    expect(lines).toContain('{"schema":1,"id":"half","act');
    expect(JSON.parse(lines.at(-2)!)).toMatchObject({ version: '20240101000003', status: 'success' });
  });

  it('a state folder that cannot be written: the migration still runs and the output says history was not written', async () => {
    const project = makeTempProject();
    // Tests may run as root, which ignores permissions: a regular FILE named .dbtk makes the
    // state folder impossible to create for root as well.
    writeFileSync(path.join(project.dir, '.dbtk'), 'in the way');
    project.addMigration('20240101000001', 'one', 'CREATE TABLE one (id INTEGER);', 'DROP TABLE one;');
    const up = await runDbtk(['up'], { cwd: project.dir, env: sqlite(project.dir) });
    expect(up.exitCode).toBe(0);
    expect(up.stdout).toMatch(/Applied 1 migration/);
    expect(up.stderr).toMatch(/Warning: History was not written to .*history\.jsonl: .*\.dbtk is not a folder/);
    project.addMigration('20240101000002', 'two', 'CREATE TABLE two (id INTEGER);', 'DROP TABLE two;');
    const json = await runDbtk(['up', '--json'], { cwd: project.dir, env: sqlite(project.dir) });
    expect(json.exitCode).toBe(0);
    expect(json.json()).toMatchObject({ ok: true, historyWritten: false, warnings: [expect.stringMatching(/History was not written/)] });
    const status = await runDbtk(['status', '--json'], { cwd: project.dir, env: sqlite(project.dir) });
    expect(status.json()).toMatchObject({ applied: 2, pending: 0 });
    expect(readFileSync(path.join(project.dir, '.dbtk'), 'utf8')).toBe('in the way');
  });

  it('adds .dbtk to the .gitignore of a Git project once', async () => {
    const project = makeTempProject();
    mkdirSync(path.join(project.dir, '.git'));
    project.addMigration('20240101000001', 'one', 'CREATE TABLE one (id INTEGER);', 'DROP TABLE one;');
    expect((await runDbtk(['up'], { cwd: project.dir, env: sqlite(project.dir) })).exitCode).toBe(0);
    expect((await runDbtk(['down', '--yes'], { cwd: project.dir, env: sqlite(project.dir) })).exitCode).toBe(0);
    const gitignore = readFileSync(path.join(project.dir, '.gitignore'), 'utf8');
    expect(gitignore.match(/\/\.dbtk\/\*/g)).toHaveLength(1);
    expect(existsSync(path.join(project.dir, '.dbtk', 'history.jsonl'))).toBe(true);
  });

  it('bad filters are usage errors (exit 2) that say what is accepted', async () => {
    const project = makeTempProject();
    const cases: [string[], RegExp][] = [
      [['--since', 'last tuesday'], /--since "last tuesday" is not a date[\s\S]*Fix: Use a date/],
      [['--until', '2024-02-30'], /--until "2024-02-30" is not a date/],
      [['--limit', 'ten'], /--limit must be a whole number of at least 1/],
      [['--limit', '0'], /--limit must be a whole number/],
      [['--status', 'ok'], /--status must be "success" or "failed"/],
      [['--since', '2024-06-02', '--until', '2024-06-01'], /is not before --until/],
      [['--json', '--csv'], /either --json or --csv/],
      [['not-a-version'], /"not-a-version" is not a migration version/],
    ];
    for (const [args, message] of cases) {
      const run = await runDbtk(['history', ...args], { cwd: project.dir, env: sqlite(project.dir) });
      expect(run.exitCode, args.join(' ')).toBe(2);
      expect(run.stdout + run.stderr).toMatch(message);
    }
    const json = await runDbtk(['history', '--json', '--limit', 'x'], { cwd: project.dir, env: sqlite(project.dir) });
    expect(json.json()).toMatchObject({ ok: false, error: { kind: 'usage' } });
  });

  it('validate reports file problems even when the database is unreachable', async () => {
    const project = makeTempProject();
    project.addMigration('20240101000001', 'one', 'CREATE TABLE one (id INTEGER);', 'DROP TABLE one;');
    project.addMigration('20240101000001', 'same_version', 'CREATE TABLE two (id INTEGER);', 'DROP TABLE two;');
    project.writeFile('db/migrations/20240101000003_empty.sql', '-- migrate:up\n\n-- migrate:down\n');
    project.writeFile('db/migrations/seed_data.sql', '-- migrate:up\nSELECT 1;\n-- migrate:down\n');
    project.writeFile('db/migrations/20240101000004_binary.sql', Buffer.from([0, 1, 2, 255]));
    const url = 'postgres://app:hunter22secret@127.0.0.1:5439/app?sslmode=disable';
    const run = await runDbtk(['validate', '--json'], { cwd: project.dir, env: { DATABASE_URL: url } });
    expect(run.exitCode).toBe(1);
    const report = run.json<ValidateJson>();
    const codes = report.items.map((i) => `${i.severity}:${i.code}`);
    expect(codes).toEqual(
      expect.arrayContaining(['error:empty_up', 'error:bad_name', 'error:not_text', 'error:duplicate_version', 'error:connection_refused']),
    );
    expect(report.checks.find((c) => c.id === 'connection')).toMatchObject({ ok: false });
    expect(run.stdout).not.toContain('hunter22secret');
    const text = await runDbtk(['validate'], { cwd: project.dir, env: { DATABASE_URL: url } });
    expect(text.exitCode).toBe(1);
    expect(text.stdout).toMatch(/db\/migrations\/20240101000003_empty\.sql:1\s+empty_up: the up section is empty/);
    expect(text.stdout).toMatch(/Not valid: \d+ errors/);
  });

  it('after Ctrl-C, history says what finished and what was interrupted', async () => {
    const project = makeTempProject();
    project.addMigration('20240101000001', 'quick', 'CREATE TABLE quick (id INTEGER);', 'DROP TABLE quick;');
    project.addMigration(
      '20240101000002',
      'slow',
      'CREATE TABLE slow AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 300000000) SELECT count(*) AS n FROM c;',
      'DROP TABLE slow;',
    );
    const child = execa('node', [DBTK_BIN, 'up'], {
      cwd: project.dir,
      env: { PATH: process.env.PATH, ...sqlite(project.dir), NO_COLOR: '1' },
      extendEnv: false,
      reject: false,
    });
    let seen = '';
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => {
        seen += chunk.toString();
        if (seen.includes('Applying 20240101000002_slow.sql')) resolve();
      });
    });
    child.kill('SIGINT');
    expect((await child).exitCode).not.toBe(0);
    const entries = (await runDbtk(['history', '--json'], { cwd: project.dir, env: sqlite(project.dir) })).json<HistoryJson>().entries;
    expect(entries.map((e) => [e.action, e.version, e.status, e.errorKind])).toEqual([
      ['up', '20240101000002', 'failed', 'interrupted'],
      ['up', '20240101000001', 'success', null],
      // The SQLite file did not exist: this `up` created it, as dbmate said.
      ['create', null, 'success', null],
    ]);
  });

  it('two processes appending at once never interleave lines', async () => {
    const project = makeTempProject();
    const stateDir = path.join(project.dir, '.dbtk');
    const script = `
      const { HistoryStore } = await import(${JSON.stringify(path.join(REPO_ROOT, 'build', 'core', 'history', 'store.js'))});
      const store = new HistoryStore(${JSON.stringify(stateDir)});
      const [who] = process.argv.slice(1);
      for (let batch = 0; batch < 150; batch++) {
        const entries = [0, 1, 2].map((i) => ({
          schema: 1, id: who + '-' + batch + '-' + i, action: 'up', version: String(batch), name: 'n', file: 'f.sql', appliedBy: who,
          connection: 'c', url: 'sqlite:x', startedAt: new Date().toISOString(), durationMs: 1, status: 'failed', errorKind: 'sql_syntax',
          errorMessage: who.repeat(400 + batch * 7), checksum: null, dbtkVersion: '0.1.0', dbmateVersion: '2.36.0',
        }));
        const result = await store.append(entries);
        if (!result.written) throw new Error(result.warning);
      }`;
    const writers = ['a', 'b'].map((who) => execa('node', ['--input-type=module', '-e', script, who], { reject: false }));
    const results = await Promise.all(writers);
    for (const result of results) expect(result.stderr).toBe('');
    const lines = readFileSync(path.join(stateDir, 'history.jsonl'), 'utf8').split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(900);
    const ids = lines.map((line) => (JSON.parse(line) as { id: string }).id);
    expect(new Set(ids).size).toBe(900);
    const run = await runDbtk(['history', '--json'], { cwd: project.dir, env: sqlite(project.dir) });
    expect(run.json()).toMatchObject({ count: 900, warnings: [] });
  });
});
