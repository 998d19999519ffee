// PostgreSQL backups: `pg_dump -Fc` (one consistent snapshot, compressed), checked with
// `pg_restore --list`. A restore is one transaction in psql: first the tables, views and
// sequences made since the backup are dropped, then the dump's own script (`pg_restore
// --clean --if-exists`) replaces everything it holds; any error rolls all of it back. The
// password reaches the tools through PGPASSWORD, never their argv.

import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { splitPostgresCredentials } from '../dbmate/pg-credentials.js';
import { DbtkError } from '../shared/errors.js';
import { runTool, toolVersion } from './tool-run.js';
import type { BackupContext, BackupDriver, BackupObject, BackupRecord } from './types.js';

/** The URL for libpq tools (no password; dbmate's own `search_path` parameter removed) and the password. */
function libpqTarget(ctx: BackupContext): { url: string; env: Record<string, string | undefined> } {
  const split = splitPostgresCredentials(ctx.config.url ?? '');
  const url = split.url
    .replace(/([?&])search_path=[^&#]*(&?)/i, (_, lead: string, tail: string) => (tail ? lead : ''))
    .replace(/[?&]$/, '');
  return { url, env: split.password === undefined ? {} : { PGPASSWORD: split.password } };
}

const KIND: Record<string, string> = { r: 'table', p: 'table', v: 'view', m: 'materialized view', S: 'sequence', f: 'foreign table' };

async function withClient<T>(ctx: BackupContext, work: (client: import('pg').Client) => Promise<T>): Promise<T> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: ctx.config.url, connectionTimeoutMillis: 10_000 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

export const postgresDriver: BackupDriver = {
  format: 'pg_custom',
  extension: 'pgdump',

  estimateSize(ctx) {
    return withClient(ctx, async (client) => {
      const result = await client.query<{ size: string }>('SELECT pg_database_size(current_database())::text AS size');
      return Number(result.rows[0]?.size ?? 0);
    });
  },

  listObjects(ctx) {
    return withClient(ctx, async (client) => {
      const result = await client.query<{ schema: string; name: string; kind: string }>(`
        SELECT n.nspname AS schema, c.relname AS name, c.relkind AS kind
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
          AND n.nspname NOT IN ('pg_catalog', 'information_schema')
          AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
        ORDER BY 1, 2`);
      return result.rows.map((row): BackupObject => ({ schema: row.schema, name: row.name, kind: KIND[row.kind] ?? 'table' }));
    });
  },

  async dump(ctx, target, signal) {
    const { url, env } = libpqTarget(ctx);
    await runTool(
      ctx,
      { command: 'pg_dump', args: ['--format=custom', '--no-password', `--file=${target}`, `--dbname=${url}`], env, signal },
      'backup_failed',
      'The PostgreSQL backup could not be written',
    );
    return { pg_dump: await toolVersion(ctx, 'pg_dump', env) };
  },

  async verify(ctx, file) {
    const listing = await runTool(
      ctx,
      { command: 'pg_restore', args: ['--list', file] },
      'backup_failed',
      'The PostgreSQL backup is not readable',
    );
    if (!/^; Archive created at/m.test(listing))
      throw new DbtkError('backup_failed', 'The PostgreSQL backup is not a complete pg_dump archive.');
    return 'pg_restore --list';
  },

  async restore(ctx, backup: BackupRecord, work) {
    const { url, env } = libpqTarget(ctx);
    const kept = new Set((backup.objects ?? []).map((o) => `${o.schema}.${o.name}`));
    const now = await this.listObjects!(ctx);
    const drops = now
      .filter((o) => !kept.has(`${o.schema}.${o.name}`))
      .map((o) => `DROP ${o.kind.toUpperCase()} IF EXISTS ${quote(o.schema)}.${quote(o.name)} CASCADE;`);
    const dropsFile = path.join(work, 'drop-newer-objects.sql');
    await writeFile(dropsFile, `${drops.join('\n')}\n`, { mode: 0o600 });
    const script = path.join(work, 'restore.sql');
    await runTool(
      ctx,
      { command: 'pg_restore', args: ['--clean', '--if-exists', `--file=${script}`, backup.path] },
      'restore_failed',
      'The PostgreSQL backup could not be read',
    );
    await runTool(
      ctx,
      {
        command: 'psql',
        args: [
          '-X',
          '-q',
          '--no-password',
          '-v',
          'ON_ERROR_STOP=1',
          '--single-transaction',
          '-f',
          dropsFile,
          '-f',
          script,
          `--dbname=${url}`,
        ],
        env,
      },
      'restore_failed',
      'The PostgreSQL restore failed and was rolled back (the database is as it was)',
    );
  },
};
