import { describe, expect, it } from 'vitest';
import { resolveProjectConfig } from '../../../src/core/config/config.js';
import { Dbmate } from '../../../src/core/dbmate/client.js';
import { runRollback, runUp, planRollback, type RunEvent } from '../../../src/core/migrations/run.js';
import { err, out, RecordedRunner, type Recording } from '../../helpers/fake-runner.js';

const URL = 'postgres://app:hunter22@db.internal:5432/app?sslmode=disable';

async function client(respond: (args: readonly string[]) => Recording) {
  const runner = new RecordedRunner((request) => respond(request.args));
  const config = await resolveProjectConfig({ cwd: '/tmp', url: URL, env: { PATH: '/usr/bin' } });
  return { runner, dbmate: new Dbmate({ path: '/opt/dbmate', source: 'flag', version: '2.36.0' }, config, runner) };
}

describe('Dbmate service', () => {
  it('passes the URL through the environment, never argv', async () => {
    const { runner, dbmate } = await client(() => ({ lines: [out('[ ] 1_a.sql'), out(''), out('Applied: 0'), out('Pending: 1')] }));
    const status = await dbmate.status();
    expect(status).toEqual({ files: [{ file: '1_a.sql', version: '1', name: 'a', applied: false }], applied: 0, pending: 1 });
    const request = runner.requests[0];
    // dbmate hands its URL to pg_dump's argv: it gets one without the password, which goes in PGPASSWORD.
    expect(request.env.DATABASE_URL).toBe('postgres://app@db.internal:5432/app?sslmode=disable');
    expect(request.env.PGPASSWORD).toBe('hunter22');
    expect(request.args.join(' ')).not.toContain('hunter22');
    expect(request.args.join(' ')).not.toContain('db.internal');
    expect(request.args).toContain('--migrations-dir');
    expect(request.args.at(-1)).toBe('status');
  });

  it('classifies failures and redacts the password from everything kept', async () => {
    const { dbmate } = await client(() => ({
      lines: [err('Error: pq: password authentication failed for user "app" hunter22 postgres://app:hunter22@db.internal/app')],
      exitCode: 2,
    }));
    const result = await dbmate.exec('status');
    expect(result.ok).toBe(false);
    expect(result.error?.kind).toBe('authentication');
    expect(JSON.stringify(result)).not.toContain('hunter22');
  });

  it('refuses to run without a URL, with the fix', async () => {
    const runner = new RecordedRunner(() => ({ lines: [] }));
    const config = await resolveProjectConfig({ cwd: '/tmp', env: {} });
    const dbmate = new Dbmate({ path: '/opt/dbmate', source: 'flag', version: '2.36.0' }, config, runner);
    await expect(dbmate.exec('up')).rejects.toMatchObject({ kind: 'no_database_url' });
    expect(runner.requests).toHaveLength(0);
  });
});

describe('runUp', () => {
  const plan = [
    { version: '1', name: 'a', file: '1_a.sql' },
    { version: '2', name: 'b', file: '2_b.sql' },
    { version: '3', name: 'c', file: '3_c.sql' },
  ];

  it("reports each migration as it is applied, with dbmate's own timing", async () => {
    const { dbmate } = await client(() => ({
      lines: [
        out('Applying: 1_a.sql'),
        out('Applied: 1_a.sql in 1.5ms'),
        out('Applying: 2_b.sql'),
        out('Applied: 2_b.sql in 250µs'),
        out('Applying: 3_c.sql'),
        out('Applied: 3_c.sql in 2s'),
        out('Writing: ./db/schema.sql'),
      ],
    }));
    const events: RunEvent[] = [];
    const result = await runUp(dbmate, { pending: plan, onEvent: (e) => events.push(e) });
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
  });

  it('does not trust the Applied: line of a migration that then failed', async () => {
    const { dbmate } = await client(() => ({
      lines: [
        out('Applying: 1_a.sql'),
        out('Applied: 1_a.sql in 1ms'),
        out('Applying: 2_b.sql'),
        out('Applied: 2_b.sql in 79µs'),
        err('Error: pq: syntax error at or near "tabl" (42601)'),
      ],
      exitCode: 2,
    }));
    const result = await runUp(dbmate, { pending: plan });
    expect(result.ok).toBe(false);
    expect(result.steps.map((s) => s.status)).toEqual(['done', 'failed', 'not_run']);
    expect(result.error?.kind).toBe('sql_syntax');
    expect(result.error?.message).toMatch(/^2_b\.sql: /);
  });

  it('warns when the schema dump silently did not happen', async () => {
    const { dbmate } = await client(() => ({ lines: [out('Applying: 1_a.sql'), out('Applied: 1_a.sql in 1ms')] }));
    const result = await runUp(dbmate, { pending: plan.slice(0, 1) });
    expect(result.ok).toBe(true);
    expect(result.schemaWarning).toMatch(/was not updated/);
  });
});

describe('rollback', () => {
  const applied = [
    { version: '1', name: 'a', file: '1_a.sql' },
    { version: '2', name: 'b', file: '2_b.sql' },
    { version: '3', name: 'c', file: '3_c.sql' },
  ];

  it('plans N steps or down to a version (which stays applied)', () => {
    expect(planRollback(applied, {}).map((s) => s.version)).toEqual(['3']);
    expect(planRollback(applied, { steps: 2 }).map((s) => s.version)).toEqual(['3', '2']);
    expect(planRollback(applied, { toVersion: '1' }).map((s) => s.version)).toEqual(['3', '2']);
    expect(planRollback(applied, { toVersion: '0' }).map((s) => s.version)).toEqual(['3', '2', '1']);
    expect(() => planRollback(applied, { toVersion: '7' })).toThrow(/not applied/);
    expect(() => planRollback(applied, { steps: 0 })).toThrow(/at least 1/);
    expect(() => planRollback([], {})).toThrow(/nothing to roll back/);
  });

  it('stops at the first failing step', async () => {
    let call = 0;
    const { runner, dbmate } = await client(() => {
      call += 1;
      return call === 1
        ? { lines: [out('Rolling back: 3_c.sql'), out('Rolled back: 3_c.sql in 3ms')] }
        : {
            lines: [out('Rolling back: 2_b.sql'), err('Error: pq: cannot drop table b because other objects depend on it (2BP01)')],
            exitCode: 2,
          };
    });
    const result = await runRollback(dbmate, planRollback(applied, { steps: 3 }));
    expect(runner.requests).toHaveLength(2);
    expect(result.steps.map((s) => s.status)).toEqual(['done', 'failed', 'not_run']);
    expect(result.steps[0].durationMs).toBe(3);
  });
});
