// The registry of named connections: ~/.dbtk/connections/<name>/{migrations/, schema.sql,
// .env, state/}. The URL lives in the connection's .env (mode 0600) or, with --url-env, only
// the name of the variable that holds it is stored.

import { mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { writeFileAtomic } from '../shared/atomic-write.js';
import { DbtkError } from '../shared/errors.js';
import { redactUrl } from '../shared/redact.js';

const CONNECTION_NAME_PATTERN = /^[a-z0-9][a-z0-9_-]{0,62}$/i;

interface ConnectionMeta {
  name: string;
  production: boolean;
  /** When set, the URL is read from this environment variable instead of the .env file. */
  urlEnv?: string;
  /** Migrations directory; defaults to the connection's own migrations/ folder. */
  migrationsDir?: string;
  schemaFile?: string;
  createdAt: string;
}

export interface Connection extends ConnectionMeta {
  dir: string;
  stateDir: string;
  envFile: string;
  migrationsDir: string;
  schemaFile: string;
  /** The URL as stored (secret). Undefined when it comes from urlEnv or is missing. */
  url?: string;
  redactedUrl?: string;
  /** `DBTK_SHADOW_URL` in the connection's .env: a database dry runs may empty and use. */
  shadowUrl?: string;
}

export function dbtkHome(env: NodeJS.ProcessEnv = process.env): string {
  return env.DBTK_HOME || path.join(os.homedir(), '.dbtk');
}

function connectionsRoot(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(dbtkHome(env), 'connections');
}

function validateName(name: string): void {
  if (!CONNECTION_NAME_PATTERN.test(name)) {
    throw new DbtkError('usage', `"${name}" is not a valid connection name.`, {
      hint: 'Use letters, digits, "-" and "_" (for example: staging, prod-eu, customer_42).',
    });
  }
}

async function exists(p: string): Promise<boolean> {
  return stat(p).then(
    () => true,
    () => false,
  );
}

export interface AddConnectionInput {
  name: string;
  url?: string;
  urlEnv?: string;
  production?: boolean;
  migrationsDir?: string;
  schemaFile?: string;
}

export async function addConnection(input: AddConnectionInput, env: NodeJS.ProcessEnv = process.env): Promise<Connection> {
  validateName(input.name);
  if (!input.url && !input.urlEnv) {
    throw new DbtkError('usage', 'A connection needs --url URL or --url-env VARIABLE.', {
      hint: 'Example: dbtk connections add staging --url postgres://app@db.internal/app',
    });
  }
  if (input.url && !/^[a-z][a-z0-9+.-]*:/i.test(input.url)) {
    throw new DbtkError('invalid_url', `"${redactUrl(input.url)}" is not a database URL.`, {
      hint: 'Use a URL such as postgres://user@host:5432/db or sqlite:db/app.sqlite3.',
    });
  }
  const dir = path.join(connectionsRoot(env), input.name);
  if (await exists(dir)) {
    throw new DbtkError('refused', `A connection named "${input.name}" already exists.`, {
      hint: `Remove it first with \`dbtk connections remove ${input.name}\`, or pick another name.`,
    });
  }
  await mkdir(path.join(dir, 'state'), { recursive: true, mode: 0o700 });
  await mkdir(path.join(dir, 'migrations'), { recursive: true });
  const meta: ConnectionMeta = {
    name: input.name,
    production: Boolean(input.production),
    urlEnv: input.urlEnv,
    migrationsDir: input.migrationsDir ? path.resolve(input.migrationsDir) : undefined,
    schemaFile: input.schemaFile ? path.resolve(input.schemaFile) : undefined,
    createdAt: new Date().toISOString(),
  };
  if (input.url) await writeFileAtomic(path.join(dir, '.env'), `DATABASE_URL=${JSON.stringify(input.url)}\n`, { mode: 0o600 });
  await writeFileAtomic(path.join(dir, 'state', 'connection.json'), `${JSON.stringify(meta, null, 2)}\n`, { mode: 0o600 });
  return getConnection(input.name, env);
}

export async function getConnection(name: string, env: NodeJS.ProcessEnv = process.env): Promise<Connection> {
  validateName(name);
  const dir = path.join(connectionsRoot(env), name);
  const metaFile = path.join(dir, 'state', 'connection.json');
  let meta: ConnectionMeta;
  try {
    meta = JSON.parse(await readFile(metaFile, 'utf8')) as ConnectionMeta;
  } catch (error) {
    if (!(await exists(dir))) {
      const known = (await listConnections(env)).map((c) => c.name);
      throw new DbtkError('not_found', `There is no connection named "${name}".`, {
        hint: known.length ? `Known connections: ${known.join(', ')}.` : 'Add one with `dbtk connections add NAME --url URL`.',
      });
    }
    throw new DbtkError('config', `The connection "${name}" is damaged: ${metaFile} cannot be read.`, {
      cause: error,
      hint: 'Remove and add it again.',
    });
  }
  const envFile = path.join(dir, '.env');
  const fileVars = (await exists(envFile)) ? (await import('dotenv')).parse(await readFile(envFile)) : {};
  const url = meta.urlEnv ? env[meta.urlEnv] : fileVars.DATABASE_URL;
  return {
    ...meta,
    dir,
    stateDir: path.join(dir, 'state'),
    envFile,
    migrationsDir: meta.migrationsDir ?? path.join(dir, 'migrations'),
    schemaFile: meta.schemaFile ?? path.join(dir, 'schema.sql'),
    url,
    shadowUrl: fileVars.DBTK_SHADOW_URL || undefined,
    redactedUrl: url ? redactUrl(url) : undefined,
  };
}

export async function listConnections(env: NodeJS.ProcessEnv = process.env): Promise<Connection[]> {
  let names: string[];
  try {
    names = await readdir(connectionsRoot(env));
  } catch {
    return [];
  }
  const out: Connection[] = [];
  for (const name of names.sort()) {
    if (!CONNECTION_NAME_PATTERN.test(name)) continue;
    try {
      out.push(await getConnection(name, env));
    } catch {
      // A damaged folder is skipped here; `dbtk connections list` must still list the rest.
    }
  }
  return out;
}

/**
 * Removes the registry entry. Its secret .env is deleted; migrations and history are moved
 * aside (never lost) into a `.removed-NAME-TIME` folder whose path is returned.
 */
export async function removeConnection(name: string, env: NodeJS.ProcessEnv = process.env): Promise<{ keptAt: string }> {
  const connection = await getConnection(name, env);
  await rm(connection.envFile, { force: true });
  const keptAt = path.join(connectionsRoot(env), `.removed-${name}-${Date.now()}`);
  await rename(connection.dir, keptAt);
  return { keptAt };
}
