// A MySQL/MariaDB copy: a new database `<db>_dbtk_dry_<random>` (or the shadow database, made
// again empty) loaded with mysqldump's (or mariadb-dump's) output of the real one through the
// mysql client (schema only unless `withData`), then given the real database's applied
// versions. The password reaches both tools in a 0600 option file.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ProjectConfig } from '../config/config.js';
import { databaseIdentity } from '../database/identity.js';
import { mysqldumpArgs, mysqldumpVersion, parseMysqlUrl, passwordOptionFile, type MysqlUrlParts } from '../dbmate/mysql-dump-args.js';
import type { ProcessRunner } from '../shared/process-runner.js';
import { findOnPath } from '../shared/which.js';
import { databaseOfUrl, SCRATCH_MARKER, scratchDatabaseName, TEST_SCRATCH_MARKER, urlWithDatabase } from './names.js';
import { driverError, quoteTable, runTool } from './server-tools.js';
import { interrupted, type ScratchCopy, type ScratchOptions, type ScratchRemoval } from './types.js';

type MysqlConnection = Awaited<ReturnType<typeof import('mysql2/promise').createConnection>>;

const ident = (name: string) => `\`${name.replace(/`/g, '``')}\``;

function connectionOptions(url: MysqlUrlParts, database?: string) {
  const tls = (url.query.get('tls') ?? '').toLowerCase();
  return {
    host: url.hostname || 'localhost',
    port: url.port ? Number(url.port) : 3306,
    socketPath: url.query.get('socket') || undefined,
    user: url.user || undefined,
    password: url.password,
    database,
    ssl: tls === 'true' ? {} : tls === 'skip-verify' ? { rejectUnauthorized: false } : undefined,
    connectTimeout: 10_000,
  };
}

async function withConnection<T>(url: string, database: string | undefined, work: (c: MysqlConnection) => Promise<T>): Promise<T> {
  const mysql = await import('mysql2/promise');
  const connection = await mysql.createConnection(connectionOptions(parseMysqlUrl(url.replace(/^mariadb:/i, 'mysql:')), database));
  try {
    return await work(connection);
  } finally {
    await connection.end().catch(() => undefined);
  }
}

/** The dump tool and its arguments, as dbmate would run it (mariadb-dump when installed). */
async function dumpCommand(
  config: ProjectConfig,
  runner: ProcessRunner,
): Promise<{ tool: string; dbType: 'mysql' | 'mariadb'; version: number }> {
  const hasMariadbDump = Boolean(await findOnPath('mariadb-dump', config.env));
  const command = hasMariadbDump ? 'mariadb-dump' : 'mysqldump';
  const found = (await findOnPath(command, config.env)) ?? command;
  const result = await runner.run({ command: found, args: ['--version'], env: config.env, cwd: config.cwd });
  const version = mysqldumpVersion(hasMariadbDump, result.spawnFailed || result.exitCode !== 0 ? undefined : result.stdout);
  return { tool: version.command, dbType: version.dbType, version: version.version };
}

/** Connection flags (host, port, socket, TLS, user) for mysqldump and mysql, from dbmate's dump arguments. */
const DUMP_ONLY = new Set(['--opt', '--routines', '--no-data', '--skip-dump-date', '--skip-add-drop-table']);

export async function copyMysql(config: ProjectConfig, runner: ProcessRunner, options: ScratchOptions): Promise<ScratchCopy> {
  const realUrl = config.url!;
  const shadow = config.shadowUrl;
  const realName = databaseOfUrl(realUrl);
  const name = shadow
    ? databaseOfUrl(shadow)
    : scratchDatabaseName(realName, undefined, options.empty ? TEST_SCRATCH_MARKER : SCRATCH_MARKER);
  const url = shadow ?? urlWithDatabase(realUrl, name);
  const remake = () =>
    withConnection(url, undefined, async (c) => {
      await c.query(`DROP DATABASE IF EXISTS ${ident(name)}`);
      await c.query(`CREATE DATABASE ${ident(name)}`);
    });
  const remove = shadow ? remake : () => withConnection(realUrl, undefined, (c) => c.query(`DROP DATABASE IF EXISTS ${ident(name)}`));
  const dispose = async (): Promise<ScratchRemoval> =>
    remove().then(
      () => ({ removed: true }),
      (error: unknown) => ({
        removed: false,
        error: `The ${shadow ? 'shadow' : 'scratch'} database ${name} could not be ${shadow ? 'emptied' : 'dropped'} (${driverError(error, config, 'removing the copy').message}); ${shadow ? 'the next dry run empties it again.' : `drop it by hand: DROP DATABASE \`${name}\`;`}`,
      }),
    );
  const dir = await mkdtemp(path.join(os.tmpdir(), 'dbtk-dry-'));
  let made = false;
  try {
    try {
      if (shadow) await remake();
      else await withConnection(realUrl, undefined, (c) => c.query(`CREATE DATABASE ${ident(name)}`));
      made = true;
    } catch (error) {
      throw driverError(error, config, shadow ? 'emptying the shadow database' : `creating the scratch database ${name}`);
    }
    if (options.signal?.aborted) throw interrupted();
    const real = options.empty
      ? { exists: false, versions: [] as string[], sizeBytes: undefined }
      : await readReal(realUrl, realName, config);
    if (real.exists) {
      const source = parseMysqlUrl(realUrl.replace(/^mariadb:/i, 'mysql:'));
      const tool = await dumpCommand(config, runner);
      const base = mysqldumpArgs(source, { command: tool.tool as 'mysqldump', dbType: tool.dbType, version: tool.version });
      const connectionFlags = base.slice(0, -1).filter((arg) => !DUMP_ONLY.has(arg));
      // Only this file (`--defaults-file`): a password in ~/.my.cnf would otherwise win over the URL's.
      const optionFile = path.join(dir, 'client.cnf');
      await writeFile(optionFile, source.password === undefined ? '[client]\n' : passwordOptionFile(source.password), { mode: 0o600 });
      const dumpFile = path.join(dir, 'copy.sql');
      const dumpArgs = [
        `--defaults-file=${optionFile}`,
        `--result-file=${dumpFile}`,
        '--single-transaction',
        '--routines',
        '--triggers',
        '--skip-dump-date',
        ...(options.withData ? [] : ['--no-data']),
        ...connectionFlags,
        realName,
      ];
      await runTool(
        config,
        runner,
        { tool: tool.tool, args: dumpArgs, doing: 'dumping the database', debianPackage: 'mariadb-client (or mysql-client)' },
        options.signal,
      );
      const client = (await findOnPath('mariadb', config.env)) ? 'mariadb' : 'mysql';
      await runTool(
        config,
        runner,
        {
          tool: client,
          args: [
            `--defaults-file=${optionFile}`,
            '--batch',
            ...connectionFlags.filter((a) => !a.startsWith('--ssl-mode=') || tool.dbType === 'mysql'),
            `--database=${name}`,
            `--execute=source ${dumpFile}`,
          ],
          doing: 'loading the copy',
          debianPackage: 'mariadb-client (or mysql-client)',
        },
        options.signal,
      );
      if (!options.withData && real.versions.length) await copyVersions(url, name, config, real.versions);
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

async function readReal(
  realUrl: string,
  database: string,
  config: ProjectConfig,
): Promise<{ exists: boolean; sizeBytes?: number; versions: string[] }> {
  try {
    return await withConnection(realUrl, undefined, async (c) => {
      const [schemas] = await c.query('SELECT 1 FROM information_schema.schemata WHERE schema_name = ?', [database]);
      if ((schemas as unknown[]).length === 0) return { exists: false, versions: [] };
      const [size] = await c.query(
        'SELECT COALESCE(SUM(data_length + index_length), 0) AS size FROM information_schema.tables WHERE table_schema = ?',
        [database],
      );
      const versions = await c
        .query(`SELECT version FROM ${ident(database)}.${quoteTable(config.migrationsTable, '`')}`)
        .then(([rows]) => (rows as { version: string | number }[]).map((r) => String(r.version)))
        .catch(() => [] as string[]);
      return { exists: true, sizeBytes: Number((size as { size: string | number }[])[0]?.size ?? 0), versions };
    });
  } catch (error) {
    throw driverError(error, config, 'reading the database to copy');
  }
}

async function copyVersions(url: string, name: string, config: ProjectConfig, versions: string[]): Promise<void> {
  try {
    await withConnection(url, name, async (c) => {
      const table = quoteTable(config.migrationsTable, '`');
      for (const version of versions) await c.query(`INSERT IGNORE INTO ${table} (version) VALUES (?)`, [version]);
    });
  } catch (error) {
    throw driverError(error, config, 'copying the applied versions');
  }
}
