// The server version lint's version-dependent rules target, detected from the database when
// asked (`dbtk lint --detect-version`) and cached in the project's state folder, so later lint
// runs use it without connecting. A version in the config (`lint.postgres` / `lint.mysql`)
// always wins; without either, rules assume a current server.

import { readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { ProjectConfig } from '../config/config.js';
import type { Dialect } from '../shared/dialect.js';
import { writeFileAtomic } from '../shared/atomic-write.js';
import { DbtkError } from '../shared/errors.js';
import type { TargetVersions } from '../sql/rules.js';
import { makeStateDir } from './state-dir.js';

const CACHE_FILE = 'server-version.json';
/** A detected version is trusted this long: servers are upgraded, but rarely. */
const CACHE_MAX_AGE_MS = 7 * 24 * 3600 * 1000;

interface CachedVersion {
  /** Which database it was read from (a hash of the URL: no password on disk). */
  database: string;
  versions: TargetVersions;
  /** The server's own words, e.g. `16.2` or `10.11.6-MariaDB`. */
  server: string;
  detectedAt: string;
}

export interface DetectedVersion {
  versions: TargetVersions;
  server: string;
  detectedAt: string;
}

const databaseKey = (url: string) => createHash('sha256').update(url).digest('hex').slice(0, 16);

/** `160002` → 16, `90624` → 9.6 (PostgreSQL's server_version_num). */
function postgresMajor(num: number): number {
  return num >= 100000 ? Math.floor(num / 10000) : Math.floor(num / 10000) + (Math.floor(num / 100) % 100) / 10;
}

async function readServer(url: string, dialect: Dialect): Promise<DetectedVersion> {
  const detectedAt = new Date().toISOString();
  if (dialect === 'postgres') {
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000, application_name: 'dbtk lint' });
    client.on('error', () => undefined);
    await client.connect();
    try {
      const result = await client.query<{ server_version_num: string; server_version: string }>(
        "SELECT current_setting('server_version_num') AS server_version_num, current_setting('server_version') AS server_version",
      );
      const row = result.rows[0];
      return { versions: { postgres: postgresMajor(Number(row.server_version_num)) }, server: row.server_version, detectedAt };
    } finally {
      await client.end().catch(() => undefined);
    }
  }
  const mysql = await import('mysql2/promise');
  const connection = await mysql.createConnection({ uri: url.replace(/^mariadb:/i, 'mysql:'), connectTimeout: 5000 });
  try {
    const [rows] = await connection.query('SELECT VERSION() AS version');
    const server = String((rows as { version: string }[])[0]?.version ?? '');
    const match = /^(\d+)\.(\d+)/.exec(server);
    // MariaDB's numbers are not MySQL's: kept apart, as written (10.11 is newer than 10.5).
    const versions: TargetVersions = !match
      ? {}
      : /mariadb/i.test(server)
        ? { mariadb: /(\d+\.\d+)\.\d+-mariadb/i.exec(server)?.[1] ?? `${match[1]}.${match[2]}` }
        : { mysql: Number(`${match[1]}.${match[2]}`) };
    return { versions, server, detectedAt };
  } finally {
    await connection.end().catch(() => undefined);
  }
}

/** Connects, reads the server's version and caches it; throws a DbtkError saying why it could not. */
export async function detectServerVersion(config: ProjectConfig, dialect: Dialect): Promise<DetectedVersion> {
  if (!config.url || (dialect !== 'postgres' && dialect !== 'mysql'))
    throw new DbtkError('usage', 'Only a PostgreSQL or MySQL database has a version lint can use.', {
      hint: 'Set the project URL, or name the version in the config: {"lint": {"postgres": "16"}}.',
    });
  let detected: DetectedVersion;
  try {
    detected = await readServer(config.url, dialect);
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    const kind =
      code === 'ENOTFOUND'
        ? 'unknown_host'
        : code === '28P01' || code === 'ER_ACCESS_DENIED_ERROR'
          ? 'authentication'
          : 'connection_refused';
    throw new DbtkError(kind, `Could not read the server version: ${(error as Error).message}`, {
      hint: 'Check that the database is reachable, or name the version in the config: {"lint": {"postgres": "16"}}.',
      cause: error,
    });
  }
  const dir = await makeStateDir(config);
  const cached: CachedVersion = { database: databaseKey(config.url), ...detected };
  await writeFileAtomic(path.join(dir, CACHE_FILE), `${JSON.stringify(cached, null, 2)}\n`);
  return detected;
}

/** The cached version of this project's database, when one was detected lately; never connects. */
export async function cachedServerVersion(config: ProjectConfig, now = Date.now()): Promise<DetectedVersion | null> {
  if (!config.url) return null;
  try {
    const cached = JSON.parse(await readFile(path.join(config.stateDir, CACHE_FILE), 'utf8')) as CachedVersion;
    if (cached.database !== databaseKey(config.url) || now - Date.parse(cached.detectedAt) > CACHE_MAX_AGE_MS) return null;
    return { versions: cached.versions, server: cached.server, detectedAt: cached.detectedAt };
  } catch {
    return null;
  }
}
