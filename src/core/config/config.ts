// Resolves a project's configuration exactly as dbmate would (flags, env, .env files,
// DBMATE_* variables, defaults), or from a named connection.

import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { getConnection } from './connections.js';
import { DbtkError } from '../shared/errors.js';
import { redactUrl } from '../shared/redact.js';

export interface ProjectOptions {
  cwd?: string;
  url?: string;
  /** Name of the variable holding the URL (dbmate's --env); default DATABASE_URL. */
  envName?: string;
  envFiles?: string[];
  migrationsDirs?: string[];
  schemaFile?: string;
  migrationsTable?: string;
  noDumpSchema?: boolean;
  wait?: boolean;
  waitTimeout?: string;
  waitInterval?: string;
  strict?: boolean;
  connection?: string;
  dbmatePath?: string;
  env?: NodeJS.ProcessEnv;
}

export interface ProjectConfig {
  cwd: string;
  /** `project` name (folder name) or the named connection. */
  connectionName: string;
  isNamedConnection: boolean;
  production: boolean;
  url?: string;
  /** A database dbtk may empty and use for dry runs (`DBTK_SHADOW_URL`), instead of creating a scratch one. */
  shadowUrl?: string;
  redactedUrl: string;
  /** Where the URL came from, for doctor and headers (`--url`, `DATABASE_URL in .env`, …). */
  urlSource: string;
  /** The variable the URL is read from without --url: DATABASE_URL (when unset), `--env NAME`, or a connection's `--url-env`. */
  urlVariable?: string;
  driver?: string;
  /** The environment dbmate's child process gets (process env + env files), without the URL. */
  env: Record<string, string | undefined>;
  envFiles: string[];
  migrationsDirs: string[];
  schemaFile: string;
  migrationsTable: string;
  noDumpSchema: boolean;
  strict: boolean;
  wait: boolean;
  waitTimeout?: string;
  waitInterval?: string;
  /** Where dbtk keeps its own state: `<project>/.dbtk` or a connection's `state/`. */
  stateDir: string;
  dbmatePath?: string;
}

function truthy(value: string | undefined): boolean {
  return value !== undefined && /^(1|t|true|yes|on)$/i.test(value.trim());
}

/** dotenv is loaded only for a project that has an env file (the environment alone needs none). */
async function parseEnvText(text: string): Promise<Record<string, string>> {
  const { parse } = await import('dotenv');
  return parse(text);
}

async function loadEnvFiles(cwd: string, explicit: string[] | undefined): Promise<{ vars: Record<string, string>; files: string[] }> {
  const files = explicit?.length ? explicit : ['.env'];
  const vars: Record<string, string> = {};
  const loaded: string[] = [];
  for (const file of files) {
    const full = path.resolve(cwd, file);
    let text: string;
    try {
      if (!statSync(full).isFile()) throw new Error('not a file');
      text = readFileSync(full, 'utf8');
    } catch {
      if (explicit?.length) {
        throw new DbtkError('env_file', `The env file ${file} cannot be read.`, { hint: 'Check the --env-file path.' });
      }
      continue;
    }
    // Like godotenv.Load: the first file to define a variable wins.
    for (const [key, value] of Object.entries(await parseEnvText(text))) if (!(key in vars)) vars[key] = value;
    loaded.push(full);
  }
  return { vars, files: loaded };
}

export async function resolveProjectConfig(options: ProjectOptions = {}): Promise<ProjectConfig> {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const processEnv = options.env ?? process.env;
  if (options.connection) return resolveConnectionConfig(options, cwd, processEnv);

  const { vars, files } = await loadEnvFiles(cwd, options.envFiles);
  // dbmate never lets a .env file override the real environment.
  const env: Record<string, string | undefined> = { ...vars, ...processEnv };
  const envName = options.envName || 'DATABASE_URL';
  const url = options.url || env[envName] || undefined;
  const urlSource = options.url
    ? '--url'
    : env[envName]
      ? processEnv[envName]
        ? `${envName} (environment)`
        : `${envName} (${path.basename(files[0] ?? '.env')})`
      : 'not set';
  const dirs = options.migrationsDirs?.length ? options.migrationsDirs : (splitDirs(env.DBMATE_MIGRATIONS_DIR) ?? ['./db/migrations']);
  return {
    cwd,
    connectionName: path.basename(cwd),
    isNamedConnection: false,
    production: false,
    url,
    shadowUrl: env.DBTK_SHADOW_URL || undefined,
    redactedUrl: url ? redactUrl(url) : '(no database URL)',
    urlSource,
    urlVariable: envName,
    driver: env.DBMATE_DRIVER || undefined,
    env,
    envFiles: files,
    migrationsDirs: dirs.map((d) => path.resolve(cwd, d)),
    schemaFile: path.resolve(cwd, options.schemaFile || env.DBMATE_SCHEMA_FILE || './db/schema.sql'),
    migrationsTable: options.migrationsTable || env.DBMATE_MIGRATIONS_TABLE || 'schema_migrations',
    noDumpSchema: Boolean(options.noDumpSchema) || truthy(env.DBMATE_NO_DUMP_SCHEMA),
    strict: Boolean(options.strict) || truthy(env.DBMATE_STRICT),
    wait: Boolean(options.wait) || truthy(env.DBMATE_WAIT),
    waitTimeout: options.waitTimeout || env.DBMATE_WAIT_TIMEOUT || undefined,
    waitInterval: options.waitInterval || env.DBMATE_WAIT_INTERVAL || undefined,
    stateDir: path.join(cwd, '.dbtk'),
    dbmatePath: options.dbmatePath || env.DBTK_DBMATE || undefined,
  };
}

/** What to say when `what` needs a database URL and there is none: which variable or file should hold it. */
export function noDatabaseUrlError(config: ProjectConfig, what: string): DbtkError {
  const needs = `so ${what} has nothing to connect to`;
  const variable = config.urlVariable ?? 'DATABASE_URL';
  if (config.isNamedConnection && variable !== 'DATABASE_URL') {
    return new DbtkError(
      'no_database_url',
      `No database URL: the connection "${config.connectionName}" reads it from $${variable}, which is not set, ${needs}.`,
      {
        hint: `Set ${variable} in the environment (export ${variable}=postgres://…), or pass --url URL.`,
      },
    );
  }
  if (config.isNamedConnection) {
    return new DbtkError(
      'no_database_url',
      `No database URL: the connection "${config.connectionName}" has none in ${config.envFiles[0]}, ${needs}.`,
      {
        hint: `Add it again with a URL (dbtk connections remove ${config.connectionName}, then add --url URL), or pass --url URL.`,
      },
    );
  }
  return new DbtkError('no_database_url', `No database URL is set, ${needs}.`, {
    hint: `Set ${variable} (environment or .env), pass --url URL, or choose a connection with -c NAME.`,
  });
}

function splitDirs(value: string | undefined): string[] | undefined {
  const dirs = value
    ?.split(',')
    .map((d) => d.trim())
    .filter(Boolean);
  return dirs?.length ? dirs : undefined;
}

async function resolveConnectionConfig(options: ProjectOptions, cwd: string, processEnv: NodeJS.ProcessEnv): Promise<ProjectConfig> {
  const connection = await getConnection(options.connection!, processEnv);
  const env: Record<string, string | undefined> = { ...processEnv };
  const url = options.url || connection.url;
  return {
    cwd,
    connectionName: connection.name,
    isNamedConnection: true,
    production: connection.production,
    url,
    shadowUrl: connection.shadowUrl || env.DBTK_SHADOW_URL || undefined,
    redactedUrl: url ? redactUrl(url) : '(no database URL)',
    urlSource: options.url
      ? '--url'
      : connection.urlEnv
        ? `${connection.urlEnv} (connection ${connection.name})`
        : `connection ${connection.name}`,
    urlVariable: connection.urlEnv ?? 'DATABASE_URL',
    driver: env.DBMATE_DRIVER || undefined,
    env,
    envFiles: [connection.envFile],
    migrationsDirs: options.migrationsDirs?.length ? options.migrationsDirs.map((d) => path.resolve(cwd, d)) : [connection.migrationsDir],
    schemaFile: options.schemaFile ? path.resolve(cwd, options.schemaFile) : connection.schemaFile,
    migrationsTable: options.migrationsTable || env.DBMATE_MIGRATIONS_TABLE || 'schema_migrations',
    noDumpSchema: Boolean(options.noDumpSchema) || truthy(env.DBMATE_NO_DUMP_SCHEMA),
    strict: Boolean(options.strict) || truthy(env.DBMATE_STRICT),
    wait: Boolean(options.wait) || truthy(env.DBMATE_WAIT),
    waitTimeout: options.waitTimeout || env.DBMATE_WAIT_TIMEOUT || undefined,
    waitInterval: options.waitInterval || env.DBMATE_WAIT_INTERVAL || undefined,
    stateDir: connection.stateDir,
    dbmatePath: options.dbmatePath || env.DBTK_DBMATE || undefined,
  };
}
