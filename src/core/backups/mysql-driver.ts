// MySQL/MariaDB backups: `mysqldump --single-transaction --routines --triggers` (one
// consistent snapshot of InnoDB tables, with routines and triggers), checked by the dump's
// completion trailer. A restore feeds the mysql client, on its stdin, the drops of tables and
// views made since the backup, then the dump (which drops and recreates each of its tables).
// The password reaches both tools in a 0600 option file, never their argv.

import { mkdtemp, open, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { detectTool, passwordOptionArgs } from '../dbmate/mysql-dump.js';
import { mysqlConnectionArgs, parseMysqlUrl, quoteMysqlIdentifier } from '../dbmate/mysql-dump-args.js';
import { DbtkError } from '../shared/errors.js';
import { firstInstalled, runTool, toolVersion } from './tool-run.js';
import type { BackupContext, BackupDriver, BackupObject, BackupRecord } from './types.js';

async function withConnection<T>(ctx: BackupContext, work: (query: (sql: string) => Promise<unknown[]>) => Promise<T>): Promise<T> {
  const mysql = await import('mysql2/promise');
  const connection = await mysql.createConnection({ uri: (ctx.config.url ?? '').replace(/^mariadb:/i, 'mysql:'), connectTimeout: 10_000 });
  try {
    return await work(async (sql) => (await connection.query(sql))[0] as unknown[]);
  } finally {
    await connection.end().catch(() => undefined);
  }
}

/** Runs `work` with the tool's leading arguments: the option file holding the password (first, as the tools require), then the connection's. */
async function withCredentials<T>(ctx: BackupContext, work: (args: string[], dir: string) => Promise<T>): Promise<T> {
  const url = parseMysqlUrl(ctx.config.url ?? '');
  const version = await detectTool(ctx.config, ctx.runner);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'dbtk-backup-'));
  try {
    const args = [...(await passwordOptionArgs(dir, url.password)), ...mysqlConnectionArgs(url, version)];
    return await work(args, dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function tail(file: string, bytes: number): Promise<string> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    const length = Math.min(size, bytes);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, size - length);
    return buffer.toString('utf8');
  } finally {
    await handle.close();
  }
}

export const mysqlDriver: BackupDriver = {
  format: 'mysql_sql',
  extension: 'sql',

  estimateSize(ctx) {
    return withConnection(ctx, async (query) => {
      const rows = await query(
        'SELECT COALESCE(SUM(data_length + index_length), 0) AS size FROM information_schema.tables WHERE table_schema = DATABASE()',
      );
      return Number((rows[0] as { size: unknown }).size ?? 0);
    });
  },

  listObjects(ctx) {
    return withConnection(ctx, async (query) => {
      const rows = (await query(
        'SELECT table_schema AS s, table_name AS n, table_type AS t FROM information_schema.tables WHERE table_schema = DATABASE() ORDER BY table_name',
      )) as { s: string; n: string; t: string }[];
      return rows.map((row): BackupObject => ({ schema: row.s, name: row.n, kind: /VIEW/i.test(row.t) ? 'view' : 'table' }));
    });
  },

  async dump(ctx, target, signal) {
    const tool = (await detectTool(ctx.config, ctx.runner)).command;
    const database = parseMysqlUrl(ctx.config.url ?? '').database;
    await withCredentials(ctx, (args) =>
      runTool(
        ctx,
        {
          command: tool,
          args: [...args, '--single-transaction', '--routines', '--triggers', '--hex-blob', `--result-file=${target}`, database],
          signal,
        },
        'backup_failed',
        'The MySQL/MariaDB backup could not be written',
      ),
    );
    return { [tool]: await toolVersion(ctx, tool) };
  },

  async verify(_ctx, file) {
    if (!(await tail(file, 512)).includes('-- Dump completed'))
      throw new DbtkError('backup_failed', 'The MySQL/MariaDB backup is incomplete: it does not end with the "-- Dump completed" line.', {
        hint: 'The dump tool stopped early (disk full, connection lost?). Nothing was applied.',
      });
    return 'the "-- Dump completed" trailer';
  },

  async restore(ctx, backup: BackupRecord) {
    const kept = new Set((backup.objects ?? []).map((o) => o.name));
    const now = await this.listObjects!(ctx);
    const drops = now
      .filter((o) => !kept.has(o.name))
      .map((o) => `DROP ${o.kind === 'view' ? 'VIEW' : 'TABLE'} IF EXISTS ${quoteMysqlIdentifier(o.name)};`);
    const dump = await readFile(backup.path, 'utf8');
    const input = `SET FOREIGN_KEY_CHECKS=0;\n${drops.join('\n')}\n${dump}\nSET FOREIGN_KEY_CHECKS=1;\n`;
    const client = await firstInstalled(ctx, ['mariadb', 'mysql']);
    const database = parseMysqlUrl(ctx.config.url ?? '').database;
    await withCredentials(ctx, (args) =>
      runTool(
        ctx,
        { command: client, args: [...args, '--binary-mode', database], input },
        'restore_failed',
        'The MySQL/MariaDB restore failed',
      ),
    );
  },
};
