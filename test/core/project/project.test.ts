// History is recorded by the core runner itself (Project.up / rollback / create / drop /
// load), from dbmate's own output: replayed here with a recorded runner.

import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sha256 } from '../../../src/core/shared/hash.js';
import type { RunEvent } from '../../../src/core/migrations/run.js';
import { openProject } from '../../../src/core/project/project.js';
import type { ProcessRequest } from '../../../src/core/shared/process-runner.js';
import { err, out, RecordedRunner, type Recording } from '../../helpers/fake-runner.js';

async function fakeProject(dbmateAnswers: (command: string) => Recording) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dbtk-record-'));
  mkdirSync(path.join(dir, 'db', 'migrations'), { recursive: true });
  const files = ['1_a.sql', '2_b.sql', '3_c.sql'];
  for (const file of files)
    writeFileSync(path.join(dir, 'db', 'migrations', file), `-- migrate:up\nSELECT '${file}';\n-- migrate:down\nSELECT 1;\n`);
  const runner = new RecordedRunner((request: ProcessRequest) => {
    if (request.args.includes('--version')) return { lines: [out('dbmate version 2.36.0')] };
    if (request.command === 'sqlite3') return { lines: [] };
    const command = request.args.find((a) => ['status', 'up', 'rollback', 'create', 'drop', 'load', 'migrate'].includes(a))!;
    if (command === 'status') return { lines: files.map((f) => out(`[ ] ${f}`)) };
    return dbmateAnswers(command);
  });
  const project = await openProject({
    cwd: dir,
    url: 'sqlite:db/test.sqlite3',
    dbmatePath: '/bin/sh',
    env: { PATH: '/usr/bin:/bin' },
    runner,
  });
  return { project, dir };
}

describe('history recorded by the runner', () => {
  it('records each applied migration, and one that printed Applied: but failed as failed', async () => {
    const { project, dir } = await fakeProject(() => ({
      lines: [
        out('Applying: 1_a.sql'),
        out('Applied: 1_a.sql in 1.5ms'),
        out('Applying: 2_b.sql'),
        out('Applied: 2_b.sql in 3ms'),
        err('Error: near "x": syntax error'),
      ],
      exitCode: 2,
    }));
    const events: RunEvent[] = [];
    const result = await project.execute(await project.planUp(), { onEvent: (e) => events.push(e) });
    expect(result.ok).toBe(false);
    const { entries } = await project.history().read();
    expect(entries.map((e) => [e.action, e.version, e.status, e.durationMs, e.errorKind])).toEqual([
      ['up', '2', 'failed', 3, 'sql_syntax'],
      ['up', '1', 'success', 1.5, null],
    ]);
    const [failed, applied] = entries;
    expect(applied).toMatchObject({
      schema: 1,
      name: 'a',
      file: '1_a.sql',
      connection: path.basename(dir),
      url: 'sqlite:db/test.sqlite3',
      dbmateVersion: '2.36.0',
      checksum: sha256(`-- migrate:up\nSELECT '1_a.sql';\n-- migrate:down\nSELECT 1;\n`),
      appliedBy: expect.stringMatching(/.+@.+/),
    });
    expect(failed.errorMessage).toMatch(/^2_b\.sql: /);
    expect(new Set(entries.map((e) => e.id)).size).toBe(2);
    // `done` comes last, after history was written, carrying the result.
    expect(events.at(-1)).toEqual({ type: 'done', result });
    expect(result.historyWarning).toBeUndefined();
  });

  it('records a run that failed before any migration (version unknown), and failed create/drop/load', async () => {
    const { project } = await fakeProject(() => ({
      lines: [err('Error: dial tcp 127.0.0.1:5432: connect: connection refused')],
      exitCode: 2,
    }));
    await project.execute(await project.planUp());
    await expect(project.drop()).rejects.toMatchObject({ kind: 'connection_refused' });
    const { entries } = await project.history().read();
    expect(entries.map((e) => [e.action, e.version, e.status, e.errorKind])).toEqual([
      ['drop', null, 'failed', 'connection_refused'],
      ['up', null, 'failed', 'connection_refused'],
    ]);
  });

  it("records create, drop and load; load with the schema file's checksum", async () => {
    const { project, dir } = await fakeProject((command) => ({ lines: command === 'create' ? [out('Creating: test')] : [] }));
    writeFileSync(path.join(dir, 'db', 'schema.sql'), 'CREATE TABLE x (id int);\n');
    await project.drop();
    await project.create();
    await project.load();
    const { entries } = await project.history().read();
    expect(entries.map((e) => [e.action, e.status, e.file])).toEqual([
      ['load', 'success', 'db/schema.sql'],
      ['create', 'success', null],
      ['drop', 'success', null],
    ]);
    expect(entries[0].checksum).toBe(sha256('CREATE TABLE x (id int);\n'));
  });

  it('a migration still runs when history cannot be written, and the result says so', async () => {
    const { project, dir } = await fakeProject(() => ({ lines: [out('Applying: 1_a.sql'), out('Applied: 1_a.sql in 1ms')] }));
    // A regular file where the state folder goes: unwritable even for root.
    writeFileSync(path.join(dir, '.dbtk'), '');
    const result = await project.execute(await project.planUp());
    expect(result.ok).toBe(true);
    expect(result.steps[0].status).toBe('done');
    expect(result.historyWarning).toMatch(/History was not written .*not a folder/);
  });
});
