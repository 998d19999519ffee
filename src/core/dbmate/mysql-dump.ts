// The MySQL/MariaDB schema dump, run by dbtk instead of dbmate. dbmate's driver needs the
// password in its URL and passes it on to mysqldump as `--password=…`, visible to any `ps`;
// here the tool reads it from a 0600 option file in a private temporary folder, and the
// output is made into schema.sql exactly as dbmate makes it (mysql-dump-args.ts).

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ProjectConfig } from '../config/config.js';
import type { ProcessRunner } from '../shared/process-runner.js';
import { findOnPath } from '../shared/which.js';
import {
  finishMysqlSchema,
  migrationsTableBlock,
  mysqldumpArgs,
  mysqldumpVersion,
  parseMysqlUrl,
  passwordOptionFile,
  quoteMysqlIdentifier,
  type MysqldumpVersion,
  type MysqlUrlParts,
} from './mysql-dump-args.js';

/** A failure in dbmate's words (what `dbmate dump` would print after `Error: `). */
class MysqlDumpFailure extends Error {}

export interface MysqlDumpOptions {
  /** Passed to the dump tool before the database name (`dbtk dump -- ARGS`). */
  extraArgs?: readonly string[];
  signal?: AbortSignal;
  /** The dump tool's pid, as soon as it started (its connection is found on the server by its ports). */
  onSpawn?: (pid: number) => void;
}

/** Which dump tool dbmate would run (mariadb-dump when installed) and its version. */
export async function detectTool(config: ProjectConfig, runner: ProcessRunner): Promise<MysqldumpVersion> {
  const hasMariadbDump = Boolean(await findOnPath('mariadb-dump', config.env));
  const command = hasMariadbDump ? 'mariadb-dump' : 'mysqldump';
  const result = await runner.run({ command, args: ['--version'], env: config.env, cwd: config.cwd });
  const output = result.spawnFailed || result.exitCode !== 0 ? undefined : result.stdout;
  return mysqldumpVersion(hasMariadbDump, output);
}

/** Connection options as dbmate's go-sql-driver DSN has them (default port 3306, socket, tls). */
function connectionOptions(url: MysqlUrlParts) {
  const socketPath = url.query.get('socket') || undefined;
  const tls = (url.query.get('tls') ?? '').toLowerCase();
  return {
    host: url.hostname || 'localhost',
    port: url.port ? Number(url.port) : 3306,
    socketPath,
    user: url.user || undefined,
    password: url.password,
    database: url.database,
    ssl: tls === 'true' ? {} : tls === 'skip-verify' ? { rejectUnauthorized: false } : undefined,
    connectTimeout: 10_000,
    rowsAsArray: true,
  };
}

function failureText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The leading arguments that give mysqldump or the mysql client the URL's password: an option
 * file (0600, in `dir`) read through `--defaults-file`, which must come first. Only that file:
 * a password in ~/.my.cnf or /etc/mysql (read after an extra file) would win over the URL's.
 * None when the URL has no password.
 */
export async function passwordOptionArgs(dir: string, password: string | undefined): Promise<string[]> {
  if (password === undefined) return [];
  const optionFile = path.join(dir, 'client.cnf');
  await writeFile(optionFile, passwordOptionFile(password), { mode: 0o600 });
  return [`--defaults-file=${optionFile}`];
}

/**
 * Dumps the schema of `config.url` as `dbmate dump` would and returns schema.sql's text.
 * Like dbmate, it first creates the migrations table when it is missing (so the dump shows it).
 * Throws MysqlDumpFailure with dbmate's kind of message.
 */
export async function dumpMysqlSchema(config: ProjectConfig, runner: ProcessRunner, options: MysqlDumpOptions = {}): Promise<string> {
  const url = parseMysqlUrl(config.url ?? '');
  const table = quoteMysqlIdentifier(config.migrationsTable);
  const mysql = await import('mysql2/promise');
  let connection: Awaited<ReturnType<typeof mysql.createConnection>>;
  try {
    connection = await mysql.createConnection(connectionOptions(url));
  } catch (error) {
    throw new MysqlDumpFailure(failureText(error));
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), 'dbtk-mysqldump-'));
  try {
    await connection.query(`create table if not exists ${table} (version varchar(128) primary key)`);
    const tool = await detectTool(config, runner);
    const resultFile = path.join(dir, 'schema.sql');
    const args = [`--result-file=${resultFile}`, ...mysqldumpArgs(url, tool, options.extraArgs)];
    args.unshift(...(await passwordOptionArgs(dir, url.password)));
    const command = (await findOnPath(tool.command, config.env)) ?? tool.command;
    const result = await runner.run({ command, args, env: config.env, cwd: config.cwd, signal: options.signal, onSpawn: options.onSpawn });
    if (result.spawnFailed) throw new MysqlDumpFailure(`exec: "${tool.command}": executable file not found in $PATH`);
    if (result.exitCode !== 0) throw new MysqlDumpFailure(result.stderr.trim() || `exit status ${result.exitCode}`);
    const dump = await readFile(resultFile, 'utf8');
    const [rows] = await connection.query(`select quote(version) from ${table} order by version asc`);
    const versions = (rows as unknown[][]).map((row) => String(row[0]));
    return finishMysqlSchema(dump + migrationsTableBlock(config.migrationsTable, versions));
  } catch (error) {
    if (error instanceof MysqlDumpFailure) throw error;
    throw new MysqlDumpFailure(failureText(error));
  } finally {
    await connection.end().catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  }
}
