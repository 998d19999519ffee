// The dry run engine on a real SQLite project with the real dbmate: the plan runs on a copy,
// each step gets a schema diff, and the copy is removed however it ends (an AbortSignal that
// fires while dbmate runs included).

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openProject } from '../../../src/core/project/project.js';
import { sha256 } from '../../../src/core/shared/hash.js';
import { defaultProcessRunner, type ProcessRunner } from '../../../src/core/shared/process-runner.js';
import { DBMATE_BIN } from '../../helpers/project.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function project(files: Record<string, string>) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dbtk-dryrun-unit-'));
  dirs.push(dir);
  mkdirSync(path.join(dir, 'db', 'migrations'), { recursive: true });
  for (const [name, sql] of Object.entries(files)) writeFileSync(path.join(dir, 'db', 'migrations', name), sql);
  return dir;
}

const open = (dir: string, runner: ProcessRunner = defaultProcessRunner) =>
  openProject({ cwd: dir, url: 'sqlite:db/app.sqlite3', dbmatePath: DBMATE_BIN, env: { PATH: process.env.PATH }, runner });

describe('dryRun', () => {
  it('applies the plan to a copy with a schema diff per step; the database file, history and schema file stay as they were', async () => {
    const dir = project({
      '1_notes.sql': '-- migrate:up\nCREATE TABLE notes (id INTEGER);\n-- migrate:down\nDROP TABLE notes;\n',
      '2_tags.sql': '-- migrate:up\nCREATE TABLE tags (id INTEGER);\n-- migrate:down\nDROP TABLE tags;\n',
    });
    execFileSync(DBMATE_BIN, ['--no-dump-schema', 'up'], {
      cwd: dir,
      env: { PATH: process.env.PATH, DATABASE_URL: 'sqlite:db/app.sqlite3' },
    });
    writeFileSync(
      path.join(dir, 'db', 'migrations', '3_users.sql'),
      '-- migrate:up\nCREATE TABLE users (id INTEGER);\n-- migrate:down\nDROP TABLE users;\n',
    );
    const file = path.join(dir, 'db', 'app.sqlite3');
    const before = sha256(readFileSync(file));
    const p = await open(dir);
    const report = await p.dryRun(await p.planUp());
    expect(report.ok).toBe(true);
    expect(report.steps.map((s) => [s.file, s.status])).toEqual([['3_users.sql', 'done']]);
    expect(report.steps[0].schema?.changes.map((c) => c.text)).toEqual([expect.stringContaining('+ added table users')]);
    expect(report.copy).toMatchObject({ kind: 'sqlite_file', removed: true });
    expect(existsSync(report.copy!.label)).toBe(false);
    expect(sha256(readFileSync(file))).toBe(before);
    expect(existsSync(path.join(dir, 'db', 'schema.sql'))).toBe(false);
    expect(existsSync(path.join(dir, '.dbtk', 'history.jsonl'))).toBe(false);

    const down = await p.dryRun(await p.planDown({ steps: 2 }));
    expect(down.steps.map((s) => [s.file, s.status])).toEqual([
      ['2_tags.sql', 'done'],
      ['1_notes.sql', 'done'],
    ]);
    expect(down.steps[1].schema?.changes.map((c) => c.text)).toEqual([expect.stringContaining('- removed table notes')]);
    expect(sha256(readFileSync(file))).toBe(before);
  });

  it('removes the copy when the signal fires while dbmate runs, and says it was interrupted', async () => {
    const dir = project({
      '1_slow.sql':
        '-- migrate:up\nSELECT count(*) FROM (WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 100000000) SELECT x FROM c);\n-- migrate:down\n',
    });
    const abort = new AbortController();
    // Fires as soon as dbmate starts applying on the copy.
    const runner: ProcessRunner = {
      run: (request, onLine) =>
        defaultProcessRunner.run(request, (line) => {
          if (line.text.startsWith('Applying:')) abort.abort();
          onLine?.(line);
        }),
    };
    const p = await open(dir, runner);
    const report = await p.dryRun(await p.planUp(), { signal: abort.signal });
    expect(report.ok).toBe(false);
    expect(report.interrupted).toBe(true);
    expect(report.steps[0].error?.kind).toBe('interrupted');
    expect(report.copy?.removed).toBe(true);
    expect(existsSync(path.dirname(report.copy!.label))).toBe(false);
    expect(existsSync(path.join(dir, 'db', 'app.sqlite3'))).toBe(false);
  });
});
