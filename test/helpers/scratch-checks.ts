// What tests of dry runs and `dbtk test` check after the fact: that the real database did not
// change, and that no scratch copy was left behind.

import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { mariadbClientArgs, type TestDatabase, type TestDialect } from './databases.js';

/** What must not change: the SQLite file's bytes, or the server's schema dump and row counts. */
export async function databaseFingerprint(dialect: TestDialect, db: TestDatabase, cwd: string): Promise<string> {
  if (dialect === 'sqlite') {
    const file = path.resolve(cwd, db.url.replace(/^sqlite:/, ''));
    return existsSync(file) ? createHash('sha256').update(readFileSync(file)).digest('hex') : 'no file';
  }
  if (dialect === 'postgres') {
    const dump = await execa('pg_dump', ['--schema-only', '--no-owner', '--restrict-key=dbtk', db.url]);
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const tables = await client.query<{ t: string }>(`SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`);
      const counts: string[] = [];
      for (const { t } of tables.rows)
        counts.push(`${t}=${(await client.query<{ n: string }>(`SELECT count(*) AS n FROM "${t}"`)).rows[0].n}`);
      return `${dump.stdout}\n${counts.join(',')}`;
    } finally {
      await client.end();
    }
  }
  const args = mariadbClientArgs(db.url);
  const dump = await execa('mariadb-dump', ['--no-data', '--skip-dump-date', '--routines', ...args]);
  const tables = await execa('mariadb', ['-N', '-e', 'SHOW TABLES', ...args]);
  const counts: string[] = [];
  for (const t of tables.stdout.split('\n').filter(Boolean))
    counts.push(`${t}=${(await execa('mariadb', ['-N', '-e', `SELECT count(*) FROM \`${t}\``, ...args])).stdout}`);
  return `${dump.stdout}\n${counts.join(',')}`;
}

/**
 * Scratch copies of `db` still there: databases named `<db><marker>…` (`_dbtk_dry_` for dry
 * runs, `_dbtk_test_` for `dbtk test`), or on SQLite the copy's file (`label`).
 */
export async function scratchLeftovers(dialect: TestDialect, db: TestDatabase, marker: string, label?: string): Promise<string[]> {
  if (dialect === 'sqlite') return label && existsSync(label) ? [label] : [];
  if (dialect === 'postgres') {
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const rows = await client.query<{ d: string }>('SELECT datname AS d FROM pg_database WHERE datname LIKE $1', [
        `${db.name}${marker.replace(/_/g, '\\_')}%`,
      ]);
      return rows.rows.map((r) => r.d);
    } finally {
      await client.end();
    }
  }
  const pattern = `${db.name}${marker}`.replace(/_/g, '\\_');
  const found = await execa('mariadb', ['-N', '-e', `SHOW DATABASES LIKE '${pattern}%'`, ...mariadbClientArgs(db.url)]);
  return found.stdout.split('\n').filter(Boolean);
}
