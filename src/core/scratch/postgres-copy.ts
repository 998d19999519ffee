// A PostgreSQL copy: a new database `<db>_dbtk_dry_<random>` (or the shadow database, emptied)
// loaded with pg_dump's output of the real one through psql (schema only unless `withData`),
// then given the real database's applied versions. Passwords go in PGPASSWORD.

import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ProjectConfig } from '../config/config.js';
import { databaseIdentity } from '../database/identity.js';
import { splitPostgresCredentials } from '../dbmate/pg-credentials.js';
import type { ProcessRunner } from '../shared/process-runner.js';
import { databaseOfUrl, SCRATCH_MARKER, scratchDatabaseName, TEST_SCRATCH_MARKER, urlWithDatabase } from './names.js';
import { driverError, quoteTable, runTool } from './server-tools.js';
import { interrupted, type ScratchCopy, type ScratchOptions, type ScratchRemoval } from './types.js';

type PgClient = import('pg').Client;

/** libpq's URL parameters: dbmate's own (search_path…) would make pg_dump and psql refuse the URL. */
const LIBPQ_PARAMS = new Set([
  'sslmode',
  'sslcert',
  'sslkey',
  'sslrootcert',
  'sslpassword',
  'connect_timeout',
  'application_name',
  'host',
  'port',
  'user',
  'options',
  'target_session_attrs',
  'channel_binding',
  'gssencmode',
]);

/** The URL for pg_dump/psql (no password, libpq's parameters only) and its password for PGPASSWORD. */
function toolTarget(url: string): { url: string; env: Record<string, string | undefined> } {
  const split = splitPostgresCredentials(url);
  const [base, query = ''] = split.url.split('?', 2);
  const kept = query.split('&').filter((pair) => pair && LIBPQ_PARAMS.has(decodeURIComponent(pair.split('=')[0]).toLowerCase()));
  return { url: kept.length ? `${base}?${kept.join('&')}` : base, env: { PGPASSWORD: split.password } };
}

async function connect(url: string): Promise<PgClient> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

async function withClient<T>(url: string, work: (client: PgClient) => Promise<T>): Promise<T> {
  const client = await connect(url);
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** A connection to the server for CREATE/DROP DATABASE: the real database, or `postgres` when it does not exist. */
async function withAdmin<T>(realUrl: string, work: (client: PgClient) => Promise<T>): Promise<T> {
  try {
    return await withClient(realUrl, work);
  } catch (error) {
    if ((error as { code?: string }).code !== '3D000') throw error;
    return withClient(urlWithDatabase(realUrl, 'postgres'), work);
  }
}

async function dropDatabase(realUrl: string, name: string): Promise<void> {
  await withAdmin(realUrl, async (client) => {
    try {
      await client.query(`DROP DATABASE IF EXISTS ${ident(name)} WITH (FORCE)`);
    } catch (error) {
      // Before PostgreSQL 13 there is no FORCE.
      if ((error as { code?: string }).code !== '42601') throw error;
      await client.query(`DROP DATABASE IF EXISTS ${ident(name)}`);
    }
  });
}

/** Empties the shadow database: every schema but the system ones dropped, `public` made again. */
async function emptyShadow(shadowUrl: string): Promise<void> {
  await withClient(shadowUrl, async (client) => {
    const schemas = await client.query<{ nspname: string }>(
      `SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema'`,
    );
    for (const { nspname } of schemas.rows) await client.query(`DROP SCHEMA ${ident(nspname)} CASCADE`);
    await client.query('CREATE SCHEMA IF NOT EXISTS public');
  });
}

export async function copyPostgres(config: ProjectConfig, runner: ProcessRunner, options: ScratchOptions): Promise<ScratchCopy> {
  const realUrl = config.url!;
  const shadow = config.shadowUrl;
  const name = shadow
    ? databaseOfUrl(shadow)
    : scratchDatabaseName(databaseOfUrl(realUrl), undefined, options.empty ? TEST_SCRATCH_MARKER : SCRATCH_MARKER);
  const url = shadow ?? urlWithDatabase(realUrl, name);
  const remove = shadow ? () => emptyShadow(shadow) : () => dropDatabase(realUrl, name);
  const dispose = async (): Promise<ScratchRemoval> =>
    remove().then(
      () => ({ removed: true }),
      (error: unknown) => ({
        removed: false,
        error: `${shadow ? 'The shadow database' : 'The scratch database'} ${name} could not be ${shadow ? 'emptied' : 'dropped'} (${driverError(error, config, 'removing the copy').message}); ${shadow ? 'the next dry run empties it again.' : `drop it by hand: DROP DATABASE "${name}";`}`,
      }),
    );
  const dir = await mkdtemp(path.join(os.tmpdir(), 'dbtk-dry-'));
  let made = false;
  try {
    try {
      if (shadow) await emptyShadow(shadow);
      else await withAdmin(realUrl, (client) => client.query(`CREATE DATABASE ${ident(name)}`));
      made = true;
    } catch (error) {
      throw driverError(error, config, shadow ? 'emptying the shadow database' : `creating the scratch database ${name}`);
    }
    if (options.signal?.aborted) throw interrupted();
    const real = options.empty ? { exists: false, versions: [] as string[], sizeBytes: undefined } : await readReal(realUrl, config);
    if (real.exists) {
      const dumpFile = path.join(dir, 'copy.sql');
      const source = toolTarget(realUrl);
      const args = ['--no-owner', '--no-privileges', ...(options.withData ? [] : ['--schema-only']), `--file=${dumpFile}`, source.url];
      await runTool(
        config,
        runner,
        { tool: 'pg_dump', args, env: source.env, doing: 'dumping the database', debianPackage: 'postgresql-client' },
        options.signal,
      );
      const target = toolTarget(url);
      await runTool(
        config,
        runner,
        {
          tool: 'psql',
          args: ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '--dbname', target.url, '--file', dumpFile],
          env: target.env,
          doing: 'loading the copy',
          debianPackage: 'postgresql-client',
        },
        options.signal,
      );
      if (!options.withData && real.versions.length) await copyVersions(url, config, real.versions);
    }
    return {
      kind: shadow ? 'shadow_database' : 'scratch_database',
      url,
      label: databaseIdentity(url, config.cwd, config.driver).label,
      withData: Boolean(options.withData),
      sizeBytes: real.sizeBytes,
      dispose,
    };
  } catch (error) {
    if (made) await dispose();
    throw error;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Whether the real database exists, its size and its applied versions (read only). */
async function readReal(realUrl: string, config: ProjectConfig): Promise<{ exists: boolean; sizeBytes?: number; versions: string[] }> {
  try {
    return await withClient(realUrl, async (client) => {
      const size = await client.query<{ size: string }>('SELECT pg_database_size(current_database())::text AS size');
      const versions = await client
        .query<{ version: string }>(`SELECT version::text AS version FROM ${quoteTable(config.migrationsTable, '"')}`)
        .then((r) => r.rows.map((row) => row.version))
        .catch(() => [] as string[]);
      return { exists: true, sizeBytes: Number(size.rows[0]?.size), versions };
    });
  } catch (error) {
    if ((error as { code?: string }).code === '3D000') return { exists: false, versions: [] };
    throw driverError(error, config, 'reading the database to copy');
  }
}

/** The applied versions, into the copy's migrations table (the schema-only dump has no rows). */
async function copyVersions(url: string, config: ProjectConfig, versions: string[]): Promise<void> {
  try {
    await withClient(url, async (client) => {
      const table = quoteTable(config.migrationsTable, '"');
      for (const version of versions) await client.query(`INSERT INTO ${table} (version) VALUES ($1) ON CONFLICT DO NOTHING`, [version]);
    });
  } catch (error) {
    throw driverError(error, config, 'copying the applied versions');
  }
}
