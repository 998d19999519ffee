import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { addConnection, getConnection, listConnections, removeConnection } from '../../../src/core/config/connections.js';

const home = () => ({ DBTK_HOME: mkdtempSync(path.join(os.tmpdir(), 'dbtk-home-')) });

describe('named connections', () => {
  it('stores the URL in a 0600 .env with the layout PRODUCT.md names', async () => {
    const env = home();
    const c = await addConnection({ name: 'staging', url: 'postgres://app:s3cret@stage/app' }, env);
    const dir = path.join(env.DBTK_HOME, 'connections', 'staging');
    expect(c.dir).toBe(dir);
    expect(statSync(path.join(dir, '.env')).mode & 0o777).toBe(0o600);
    expect(existsSync(path.join(dir, 'migrations'))).toBe(true);
    expect(existsSync(path.join(dir, 'state'))).toBe(true);
    expect(c.redactedUrl).toBe('postgres://app:***@stage/app');
    expect(readFileSync(path.join(dir, 'state', 'connection.json'), 'utf8')).not.toContain('s3cret');
  });

  it('can keep only the name of a variable holding the URL', async () => {
    const env = { ...home(), PROD_URL: 'mysql://root@p/x' };
    await addConnection({ name: 'prod', urlEnv: 'PROD_URL', production: true }, env);
    expect((await getConnection('prod', env)).url).toBe('mysql://root@p/x');
  });

  it.each([
    ['bad name', { name: 'no spaces please', url: 'sqlite:x' }, 'usage'],
    ['no URL', { name: 'x' }, 'usage'],
    ['not a URL', { name: 'x', url: 'just words' }, 'invalid_url'],
  ])('refuses %s', async (_l, input, kind) => {
    await expect(addConnection(input as never, home())).rejects.toMatchObject({ kind });
  });

  it('refuses to overwrite an existing connection', async () => {
    const env = home();
    await addConnection({ name: 'dev', url: 'sqlite:/tmp/a.db' }, env);
    await expect(addConnection({ name: 'dev', url: 'sqlite:/tmp/b.db' }, env)).rejects.toMatchObject({ kind: 'refused' });
    expect((await getConnection('dev', env)).url).toBe('sqlite:/tmp/a.db');
  });

  it('lists connections and names the known ones when one is missing', async () => {
    const env = home();
    await addConnection({ name: 'b', url: 'sqlite:/tmp/b.db' }, env);
    await addConnection({ name: 'a', url: 'sqlite:/tmp/a.db' }, env);
    expect((await listConnections(env)).map((c) => c.name)).toEqual(['a', 'b']);
    await expect(getConnection('zzz', env)).rejects.toMatchObject({ kind: 'not_found', hint: 'Known connections: a, b.' });
  });

  it('remove keeps migrations and history aside and deletes only the secret', async () => {
    const env = home();
    const c = await addConnection({ name: 'old', url: 'postgres://u:pw@h/d' }, env);
    writeFileSync(path.join(c.migrationsDir, '1_keep_me.sql'), '-- migrate:up\n-- migrate:down\n');
    writeFileSync(path.join(c.stateDir, 'history.jsonl'), '{}\n');
    const { keptAt } = await removeConnection('old', env);
    expect(existsSync(path.join(keptAt, 'migrations', '1_keep_me.sql'))).toBe(true);
    expect(existsSync(path.join(keptAt, 'state', 'history.jsonl'))).toBe(true);
    expect(existsSync(path.join(keptAt, '.env'))).toBe(false);
    expect((await listConnections(env)).map((x) => x.name)).toEqual([]);
  });
});
