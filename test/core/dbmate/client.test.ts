import { describe, expect, it } from 'vitest';
import { resolveProjectConfig } from '../../../src/core/config/config.js';
import { Dbmate } from '../../../src/core/dbmate/client.js';
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
