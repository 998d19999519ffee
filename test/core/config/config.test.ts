import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveProjectConfig } from '../../../src/core/config/config.js';
import { addConnection } from '../../../src/core/config/connections.js';

const tempDir = () => mkdtempSync(path.join(os.tmpdir(), 'dbtk-config-'));

describe('resolveProjectConfig (dbmate-compatible)', () => {
  it('uses dbmate defaults', async () => {
    const cwd = tempDir();
    const config = await resolveProjectConfig({ cwd, env: { PATH: '/usr/bin' } });
    expect(config.url).toBeUndefined();
    expect(config.migrationsDirs).toEqual([path.join(cwd, 'db/migrations')]);
    expect(config.schemaFile).toBe(path.join(cwd, 'db/schema.sql'));
    expect(config.migrationsTable).toBe('schema_migrations');
    expect(config.stateDir).toBe(path.join(cwd, '.dbtk'));
  });

  it('reads DATABASE_URL from .env, but the real environment wins', async () => {
    const cwd = tempDir();
    writeFileSync(path.join(cwd, '.env'), 'DATABASE_URL="postgres://app:pw@dbhost/app"\nDBMATE_MIGRATIONS_DIR=sql/migrations\n');
    const fromFile = await resolveProjectConfig({ cwd, env: {} });
    expect(fromFile.url).toBe('postgres://app:pw@dbhost/app');
    expect(fromFile.redactedUrl).toBe('postgres://app:***@dbhost/app');
    expect(fromFile.migrationsDirs).toEqual([path.join(cwd, 'sql/migrations')]);
    const fromEnv = await resolveProjectConfig({ cwd, env: { DATABASE_URL: 'sqlite:x.db' } });
    expect(fromEnv.url).toBe('sqlite:x.db');
    expect(fromEnv.urlSource).toBe('DATABASE_URL (environment)');
  });

  it('honours --url, --env, --env-file and every DBMATE_* variable', async () => {
    const cwd = tempDir();
    writeFileSync(path.join(cwd, 'ci.env'), 'TEST_DB=mysql://root@h/t\n');
    const config = await resolveProjectConfig({
      cwd,
      envName: 'TEST_DB',
      envFiles: ['ci.env'],
      env: {
        DBMATE_SCHEMA_FILE: 'schema/s.sql',
        DBMATE_MIGRATIONS_TABLE: 'migs',
        DBMATE_NO_DUMP_SCHEMA: 'true',
        DBMATE_WAIT: '1',
        DBMATE_WAIT_TIMEOUT: '5s',
        DBMATE_STRICT: 'true',
        DBMATE_MIGRATIONS_DIR: 'a,b',
      },
    });
    expect(config).toMatchObject({
      url: 'mysql://root@h/t',
      migrationsTable: 'migs',
      noDumpSchema: true,
      wait: true,
      waitTimeout: '5s',
      strict: true,
    });
    expect(config.schemaFile).toBe(path.join(cwd, 'schema/s.sql'));
    expect(config.migrationsDirs).toEqual([path.join(cwd, 'a'), path.join(cwd, 'b')]);
    const flag = await resolveProjectConfig({ cwd, url: 'sqlite:flag.db', envName: 'TEST_DB', envFiles: ['ci.env'], env: {} });
    expect(flag.url).toBe('sqlite:flag.db');
  });

  it('refuses a named --env-file that does not exist', async () => {
    await expect(resolveProjectConfig({ cwd: tempDir(), envFiles: ['missing.env'], env: {} })).rejects.toMatchObject({ kind: 'env_file' });
  });

  it('resolves a named connection from the registry', async () => {
    const home = tempDir();
    const env = { DBTK_HOME: home };
    await addConnection({ name: 'prod', url: 'postgres://app:pw@prod/app', production: true }, env);
    const config = await resolveProjectConfig({ cwd: tempDir(), connection: 'prod', env });
    expect(config).toMatchObject({ connectionName: 'prod', production: true, isNamedConnection: true, url: 'postgres://app:pw@prod/app' });
    expect(config.migrationsDirs).toEqual([path.join(home, 'connections/prod/migrations')]);
    expect(config.stateDir).toBe(path.join(home, 'connections/prod/state'));
  });
});
