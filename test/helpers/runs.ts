// Helpers for the run-safety fault suites: the migrations table read directly (not through
// dbtk), slow migrations per database, what dbtk printed about a run, and a seeded PRNG so a
// failing random schedule can be replayed (DBTK_FAULT_SEED).

import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { TestDialect } from './databases.js';

/** The versions in `schema_migrations`, read with the database's own client. */
export async function tableVersions(dialect: TestDialect, url: string, cwd: string): Promise<string[]> {
  if (dialect === 'sqlite') {
    const file = path.resolve(cwd, url.replace(/^sqlite:/, ''));
    try {
      const output = execFileSync('sqlite3', ['-cmd', '.timeout 5000', file, 'SELECT version FROM schema_migrations ORDER BY version;'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      return output.split('\n').filter(Boolean);
    } catch (error) {
      if (String((error as { stderr?: string }).stderr).includes('no such table')) return [];
      throw error;
    }
  }
  if (dialect === 'postgres') {
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const result = await client.query<{ version: string }>(
        `SELECT version FROM schema_migrations WHERE to_regclass('schema_migrations') IS NOT NULL ORDER BY version`,
      );
      return result.rows.map((r) => String(r.version));
    } catch (error) {
      if (String(error).includes('does not exist')) return [];
      throw error;
    } finally {
      await client.end();
    }
  }
  const mysql = await import('mysql2/promise');
  const connection = await mysql.createConnection({ uri: url });
  try {
    const [rows] = await connection.query('SELECT version FROM schema_migrations ORDER BY version');
    return (rows as { version: string }[]).map((r) => String(r.version));
  } catch (error) {
    if (String(error).includes("doesn't exist")) return [];
    throw error;
  } finally {
    await connection.end();
  }
}

/** SQL that takes about `ms` milliseconds on the database (SQLite: a counting loop). */
export function slowSql(dialect: TestDialect, ms: number): string {
  if (dialect === 'postgres') return `SELECT pg_sleep(${ms / 1000});`;
  if (dialect === 'mysql') return `SELECT SLEEP(${ms / 1000});`;
  return `SELECT count(*) FROM (WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < ${ms * 2000}) SELECT x FROM c);`;
}

/** What dbtk's text output says a run did (`✔` lines and the summary). */
export interface PrintedRun {
  /** Files printed with ✔ (applied or rolled back). */
  finished: string[];
  /** "Applied/Rolled back before the stop: …", when the run stopped. */
  beforeStop?: string[];
  notRun: string[];
  /** "Applied N migrations." / "Rolled back N migrations." */
  doneCount?: number;
}

export function readPrintedRun(stdout: string, stderr: string): PrintedRun {
  const all = `${stdout}\n${stderr}`;
  const finished = [...all.matchAll(/^✔ \[\d+\/\d+\] (?:Applied|Rolled back) (\S+\.sql)/gm)].map((m) => m[1]);
  const list = (text: string | undefined) => (text === undefined || text === 'none' ? [] : text.split(', '));
  const stop = /^(?:Applied|Rolled back) before the stop: (.*)\.$/m.exec(all)?.[1];
  const notRun = /^Not run: (.*)\.$/m.exec(all)?.[1];
  const count = /^(?:Applied|Rolled back) (\d+) migrations?\.$/m.exec(all)?.[1];
  return {
    finished,
    beforeStop: stop === undefined ? undefined : list(stop),
    notRun: list(notRun),
    doneCount: count === undefined ? undefined : Number(count),
  };
}

/** mulberry32: small, seeded, good enough to spread signal times. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const versionOf = (file: string) => /^(\d+)/.exec(file)![1];
