// The run engine against recorded dbmate output (a simulated database): plans, the checks
// under the lock, and each step's status read back from the database after any stop.

import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../../src/core/migrations/run.js';
import { processRef } from '../../../src/core/shared/process-identity.js';
import { executePlan } from '../../../src/core/runs/execute.js';
import { planDown, planUp } from '../../../src/core/runs/plan.js';
import { err, out } from '../../helpers/fake-runner.js';
import { fakeDatabase } from './fake-database.js';

async function threeMigrations(applied: string[] = []) {
  const db = await fakeDatabase(applied);
  for (const [v, n] of [
    ['1', 'a'],
    ['2', 'b'],
    ['3', 'c'],
  ])
    db.addFile(`${v}_${n}.sql`, `CREATE TABLE ${n} (id INTEGER);`, `DROP TABLE ${n};`);
  return db;
}

describe('up', () => {
  it("reports each migration as it is applied, with dbmate's own timing, and dumps the schema once", async () => {
    const db = await threeMigrations();
    db.handle('up', (state, request) => {
      expect(request.args).toContain('--no-dump-schema');
      ['1', '2', '3'].forEach((v) => state.applied.add(v));
      return {
        lines: [
          out('Applying: 1_a.sql'),
          out('Applied: 1_a.sql in 1.5ms'),
          out('Applying: 2_b.sql'),
          out('Applied: 2_b.sql in 250µs'),
          out('Applying: 3_c.sql'),
          out('Applied: 3_c.sql in 2s'),
        ],
      };
    });
    const plan = await planUp(db.ctx, { direction: 'up', command: 'up' });
    expect(plan.steps.map((s) => [s.file, s.sql])).toEqual([
      ['1_a.sql', 'CREATE TABLE a (id INTEGER);'],
      ['2_b.sql', 'CREATE TABLE b (id INTEGER);'],
      ['3_c.sql', 'CREATE TABLE c (id INTEGER);'],
    ]);
    const events: RunEvent[] = [];
    const result = await executePlan(db.ctx, plan, { onEvent: (e) => events.push(e) });
    expect(result.ok).toBe(true);
    expect(result.steps.map((s) => [s.file, s.status, s.durationMs])).toEqual([
      ['1_a.sql', 'done', 1.5],
      ['2_b.sql', 'done', 0.25],
      ['3_c.sql', 'done', 2000],
    ]);
    expect(events.map((e) => e.type)).toEqual([
      'plan',
      'started',
      'finished',
      'started',
      'finished',
      'started',
      'finished',
      'schema_written',
      'done',
    ]);
    expect(result.schemaWritten).toBe(true);
    expect(result.planId).toBe(plan.id);
    expect(db.commands).toEqual(['up', 'dump']);
  });

  it('does not trust the Applied: line of a migration that then failed', async () => {
    const db = await threeMigrations();
    db.handle('up', (state) => {
      state.applied.add('1');
      return {
        lines: [
          out('Applying: 1_a.sql'),
          out('Applied: 1_a.sql in 1ms'),
          out('Applying: 2_b.sql'),
          out('Applied: 2_b.sql in 79µs'),
          err('Error: pq: syntax error at or near "tabl" (42601)'),
        ],
        exitCode: 2,
      };
    });
    const result = await executePlan(db.ctx, await planUp(db.ctx, { direction: 'up', command: 'up' }));
    expect(result.ok).toBe(false);
    expect(result.steps.map((s) => s.status)).toEqual(['done', 'failed', 'not_run']);
    expect(result.error?.kind).toBe('sql_syntax');
    expect(result.error?.message).toMatch(/^2_b\.sql: /);
    // The schema file is brought up to date with what is now true, after the failure too.
    expect(db.commands).toEqual(['up', 'dump']);
  });

  it('a step dbmate committed but never printed (killed) is done, read back from the database', async () => {
    const db = await threeMigrations();
    db.handle('up', (state) => {
      state.applied.add('1');
      state.applied.add('2');
      return { lines: [out('Applying: 1_a.sql'), out('Applied: 1_a.sql in 1ms'), out('Applying: 2_b.sql')], exitCode: 130 };
    });
    const events: RunEvent[] = [];
    const result = await executePlan(db.ctx, await planUp(db.ctx, { direction: 'up', command: 'up' }), { onEvent: (e) => events.push(e) });
    expect(result.steps.map((s) => s.status)).toEqual(['done', 'done', 'not_run']);
    expect(result.ok).toBe(false);
    expect(result.verified).toBe(true);
    expect(result.error?.message).toMatch(/stopped from outside/);
    // Each outcome is said once, as it really was: no `failed` for the committed step.
    expect(
      events.filter((e) => e.type === 'finished' || e.type === 'failed').map((e) => `${e.type} ${'step' in e ? e.step?.file : ''}`),
    ).toEqual(['finished 1_a.sql', 'finished 2_b.sql', 'failed undefined']);
  });

  it('warns when the schema could not be dumped', async () => {
    const db = await threeMigrations();
    db.handle('dump', () => ({ lines: [err('Error: exec: "pg_dump": executable file not found in $PATH')], exitCode: 2 }));
    const result = await executePlan(db.ctx, await planUp(db.ctx, { direction: 'up', command: 'up' }));
    expect(result.ok).toBe(true);
    expect(result.schemaWritten).toBe(false);
    expect(result.schemaWarning).toMatch(/was not updated/);
  });

  it('refuses duplicate versions before touching the database', async () => {
    const db = await threeMigrations();
    db.addFile('3_c_again.sql', 'SELECT 1;');
    await expect(planUp(db.ctx, { direction: 'up', command: 'up' })).rejects.toMatchObject({
      kind: 'invalid_migrations',
      message: expect.stringMatching(/3_c\.sql: version 3 is also used by db\/migrations\/3_c_again\.sql/),
    });
    expect(db.commands).toEqual([]);
  });

  it('refuses, under the lock, a plan whose pending set changed (nothing runs)', async () => {
    const db = await threeMigrations();
    const plan = await planUp(db.ctx, { direction: 'up', command: 'up' });
    db.addFile('4_d.sql', 'CREATE TABLE d (id INTEGER);');
    await expect(executePlan(db.ctx, plan)).rejects.toMatchObject({
      kind: 'plan_changed',
      message: expect.stringMatching(/now also pending: 4_d\.sql/),
    });
    expect(db.commands).toEqual([]);
  });
});

describe('down', () => {
  it('stops at the first failing step', async () => {
    const db = await threeMigrations(['1', '2', '3']);
    let call = 0;
    db.handle('rollback', (state) => {
      call += 1;
      if (call === 1) {
        state.applied.delete('3');
        return { lines: [out('Rolling back: 3_c.sql'), out('Rolled back: 3_c.sql in 3ms')] };
      }
      return {
        lines: [out('Rolling back: 2_b.sql'), err('Error: pq: cannot drop table b because other objects depend on it (2BP01)')],
        exitCode: 2,
      };
    });
    const result = await executePlan(db.ctx, await planDown(db.ctx, { direction: 'down', steps: 3 }));
    expect(db.commands.filter((c) => c === 'rollback')).toHaveLength(2);
    expect(result.steps.map((s) => s.status)).toEqual(['done', 'failed', 'not_run']);
    expect(result.steps[0].durationMs).toBe(3);
    expect(db.commands.at(-1)).toBe('dump');
  });

  it('refuses when the newest applied file is missing, and shows how to get it back', async () => {
    const db = await threeMigrations(['1', '2', '3']);
    db.removeFile('3_c.sql');
    await expect(planDown(db.ctx, { direction: 'down' })).rejects.toMatchObject({
      kind: 'missing_file',
      message: expect.stringMatching(/version 3, has no file .* dbmate would roll back 2_b\.sql in its place/),
      hint: expect.stringContaining(
        `git checkout "$(git log --all -1 --format=%H --diff-filter=AMR -- 'db/migrations/3_*.sql')" -- 'db/migrations/3_*.sql'`,
      ),
    });
    const skip = await planDown(db.ctx, { direction: 'down', skipMissing: true });
    expect(skip.steps.map((s) => [s.file, s.sql])).toEqual([['2_b.sql', 'DROP TABLE b;']]);
    expect(skip.staysApplied.map((s) => s.version)).toEqual(['3']);
    expect(skip.notes.map((n) => n.code)).toEqual(['stays_applied']);
  });

  it('a rollback whose step a concurrent run already took is refused under the lock', async () => {
    const db = await threeMigrations(['1', '2', '3']);
    const plan = await planDown(db.ctx, { direction: 'down', steps: 1 });
    db.state.applied.delete('3'); // another run rolled 3 back meanwhile
    await expect(executePlan(db.ctx, plan)).rejects.toMatchObject({
      kind: 'plan_changed',
      message: expect.stringMatching(/now 2_b\.sql, not 3_c\.sql/),
    });
    expect(db.commands).toEqual([]);
  });

  it('stops before the next step when dbmate rolled back something else than planned', async () => {
    const db = await threeMigrations(['1', '2', '3']);
    db.handle('rollback', (state) => {
      state.applied.delete('1'); // as if the files changed under dbmate's feet
      return { lines: [out('Rolling back: 1_a.sql'), out('Rolled back: 1_a.sql in 3ms')] };
    });
    const result = await executePlan(db.ctx, await planDown(db.ctx, { direction: 'down', steps: 2 }));
    expect(result.ok).toBe(false);
    expect(result.error?.kind).toBe('plan_changed');
    expect(result.error?.message).toMatch(/3_c\.sql: dbmate did not roll it back: 1 was rolled back/);
    expect(result.steps.map((s) => s.status)).toEqual(['failed', 'not_run']);
    expect(db.commands.filter((c) => c === 'rollback')).toHaveLength(1);
  });

  it('an interrupted step whose version is gone is done, and the batch stops there', async () => {
    const db = await threeMigrations(['1', '2', '3']);
    db.handle('rollback', (state) => {
      state.applied.delete('3');
      return { lines: [out('Rolling back: 3_c.sql')], exitCode: 130 };
    });
    const result = await executePlan(db.ctx, await planDown(db.ctx, { direction: 'down', steps: 2 }));
    expect(result.steps.map((s) => s.status)).toEqual(['done', 'not_run']);
    expect(result.ok).toBe(false);
  });

  it('--to 0 rolls back everything with a file and succeeds, naming what stays applied', async () => {
    const db = await threeMigrations(['1', '2', '3']);
    db.removeFile('2_b.sql');
    const plan = await planDown(db.ctx, { direction: 'down', toVersion: '0' });
    expect(plan.steps.map((s) => s.version)).toEqual(['3', '1']);
    const result = await executePlan(db.ctx, plan);
    expect(result.ok).toBe(true);
    expect(result.staysApplied).toEqual([{ version: '2', reason: expect.stringMatching(/file is missing/) }]);
    expect([...db.state.applied]).toEqual(['2']);
  });

  it('says there is nothing to roll back when nothing is applied', async () => {
    const db = await threeMigrations();
    await expect(planDown(db.ctx, { direction: 'down' })).rejects.toMatchObject({ kind: 'nothing_to_rollback' });
  });
});

describe('one run, one id', () => {
  it('its history entries carry the id, and its journal names the steps and server tag while it runs, then goes', async () => {
    const db = await threeMigrations();
    const runsDir = path.join(db.ctx.config.stateDir, 'runs');
    let journal: { runId: string; serverTag: string; steps: { version: string }[]; command: string } | undefined;
    db.handle('up', (state) => {
      const [file, ...others] = readdirSync(runsDir).filter((name) => name.endsWith('.json'));
      expect(others).toEqual([]);
      journal = JSON.parse(readFileSync(path.join(runsDir, file), 'utf8')) as typeof journal;
      ['1', '2', '3'].forEach((v) => state.applied.add(v));
      return { lines: ['1_a', '2_b', '3_c'].flatMap((f) => [out(`Applying: ${f}.sql`), out(`Applied: ${f}.sql in 1ms`)]) };
    });
    const result = await executePlan(db.ctx, await planUp(db.ctx, { direction: 'up', command: 'up' }));
    expect(result.ok).toBe(true);
    expect(journal).toMatchObject({
      command: 'up',
      serverTag: `dbtk-run-${journal!.runId}`,
      steps: [{ version: '1' }, { version: '2' }, { version: '3' }],
    });
    const entries = (await db.ctx.history().read()).entries;
    expect(entries.map((e) => e.runId)).toEqual([journal!.runId, journal!.runId, journal!.runId]);
    expect(readdirSync(runsDir)).toEqual([]);
  });

  it('refuses with orphaned_run, running nothing, while a dbmate of a killed run on this database lives', async () => {
    const db = await threeMigrations();
    const plan = await planUp(db.ctx, { direction: 'up', command: 'up' });
    const runsDir = path.join(db.ctx.config.stateDir, 'runs');
    mkdirSync(runsDir, { recursive: true });
    const deadPid = spawnSync('true').pid;
    const journal = {
      format: 1,
      runId: 'killed',
      command: 'up',
      direction: 'up',
      steps: [{ version: '1', name: 'a', file: '1_a.sql' }],
      database: { key: plan.database.key, label: plan.database.label },
      dbtk: { pid: deadPid, host: os.hostname() },
      startedAt: '2026-01-01T00:00:00.000Z',
      history: { connection: 'default', url: 'sqlite:x', appliedBy: 'ana@laptop', dbmateVersion: '2.36.0', runId: 'killed' },
      migrationDirs: [],
    };
    writeFileSync(path.join(runsDir, 'killed.json'), JSON.stringify(journal));
    // The "orphaned dbmate" is this test's own process: alive.
    writeFileSync(path.join(runsDir, 'killed.dbmate'), JSON.stringify({ ...processRef(process.pid), since: journal.startedAt }));
    await expect(executePlan(db.ctx, plan)).rejects.toMatchObject({
      kind: 'orphaned_run',
      message: expect.stringContaining(`its dbmate (pid ${process.pid}) is still running`),
      hint: expect.stringContaining(`kill -INT ${process.pid}`),
    });
    expect(db.commands).toEqual([]);
    expect([...db.state.applied]).toEqual([]);
  });

  it('a statement the stop cancelled on the server is an interrupt, not a failure of the migration', async () => {
    const db = await threeMigrations();
    const stop = new AbortController();
    db.handle('up', (state) => {
      state.applied.add('1');
      stop.abort(); // Ctrl-C while 2_b.sql runs: the server cancels it, dbmate says so and exits
      return {
        lines: [
          out('Applying: 1_a.sql'),
          out('Applied: 1_a.sql in 1ms'),
          out('Applying: 2_b.sql'),
          err('Error: pq: canceling statement due to user request (57014)'),
        ],
        exitCode: 1,
      };
    });
    const result = await executePlan(db.ctx, await planUp(db.ctx, { direction: 'up', command: 'up' }), { signal: stop.signal });
    expect(result.interrupted).toBe(true);
    expect(result.error?.kind).toBe('interrupted');
    expect(result.steps.map((s) => s.status)).toEqual(['done', 'failed', 'not_run']);
    // SQLite: nothing on a server to stop, nothing to say about it.
    expect(result.serverWork).toBeUndefined();
  });
});
