// `dbtk connections add|list|remove`: the registry of named connections.

import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { addConnection, listConnections, removeConnection } from '../../core/config/connections.js';
import { sqliteFilePath } from '../../core/database/identity.js';
import { dialectOf } from '../../core/shared/dialect.js';
import { confirmDestructive } from '../confirm.js';
import { getConnection } from '../../core/config/connections.js';
import { resolveProjectConfig } from '../../core/config/config.js';
import { runAction, style, writeJson, writeLine } from '../output.js';

/** A relative SQLite path would depend on where dbtk runs; store it absolute. */
function absoluteSqliteUrl(url: string | undefined): string | undefined {
  if (!url || dialectOf(url) !== 'sqlite') return url;
  return `sqlite:${sqliteFilePath(url, process.cwd())}`;
}

/**
 * Added from inside a project (its migrations folder exists here, default or configured by
 * DBMATE_MIGRATIONS_DIR / .env), a connection runs that project's migrations rather than an
 * empty folder of its own.
 */
async function projectMigrationsDir(): Promise<string | undefined> {
  const config = await resolveProjectConfig({ cwd: process.cwd() }).catch(() => undefined);
  const dir = config?.migrationsDirs[0];
  return dir && existsSync(dir) ? dir : undefined;
}

export function register(program: Command): void {
  const connections = program.command('connections').alias('conn').description('manage named connections (~/.dbtk/connections)');

  connections
    .command('add')
    .argument('<name>', 'connection name, e.g. staging')
    .option('--url <url>', 'database URL (stored in the connection .env, mode 0600)')
    .option('--url-env <variable>', 'read the URL from this environment variable instead of storing it')
    .option('--production', 'destructive commands ask for the connection name to be typed')
    .option('-d, --migrations-dir <dir>', "migrations folder (default: the connection's own migrations/)")
    .option('-s, --schema-file <file>', "schema file (default: the connection's own schema.sql)")
    .option('--json', 'print JSON')
    .description('add a named connection')
    .action(
      runAction(async (name: string, _opts: unknown, command: Command) => {
        // --url, -d and -s are also global options; commander hands them to whichever level parsed them.
        const opts = command.optsWithGlobals<{
          url?: string;
          urlEnv?: string;
          production?: boolean;
          migrationsDir?: string[] | string;
          schemaFile?: string;
          json?: boolean;
        }>();
        const given = Array.isArray(opts.migrationsDir) ? opts.migrationsDir[0] : opts.migrationsDir;
        const migrationsDir = given ?? (await projectMigrationsDir());
        const connection = await addConnection({
          name,
          url: absoluteSqliteUrl(opts.url),
          urlEnv: opts.urlEnv,
          production: opts.production,
          migrationsDir,
          schemaFile: opts.schemaFile,
        });
        if (opts.json) writeJson({ ok: true, connection: describe(connection) });
        else
          writeLine(
            `${style.green('Added')} ${connection.name}${connection.production ? style.red(' (production)') : ''}: ${connection.redactedUrl ?? `$${connection.urlEnv}`}\n  migrations: ${connection.migrationsDir}${!given && migrationsDir ? " (this project's)" : ''}\n  use it with: dbtk -c ${connection.name} status`,
          );
        if (!opts.json && connection.urlEnv && !process.env[connection.urlEnv])
          writeLine(style.yellow(`  ${connection.urlEnv} is not set in this shell: set it before using the connection.`));
      }),
    );

  connections
    .command('list')
    .alias('ls')
    .description('list named connections')
    .option('--json', 'print JSON')
    .action(
      runAction(async (opts: { json?: boolean }) => {
        const all = await listConnections();
        if (opts.json) return writeJson({ ok: true, connections: all.map(describe) });
        if (all.length === 0) return writeLine(style.dim('No named connections. Add one with `dbtk connections add NAME --url URL`.'));
        for (const c of all) {
          writeLine(
            `${style.bold(c.name.padEnd(16))} ${c.production ? style.red('production ') : ''}${c.redactedUrl ?? (c.urlEnv ? `$${c.urlEnv}` : style.red('(no URL)'))}  ${style.dim(c.migrationsDir)}`,
          );
        }
      }),
    );

  connections
    .command('remove')
    .alias('rm')
    .argument('<name>', 'connection name')
    .option('-y, --yes', 'do not ask for confirmation')
    .option('--json', 'print JSON')
    .description('remove a named connection (its migrations and history are kept aside, never deleted)')
    .action(
      runAction(async (name: string, opts: { yes?: boolean; json?: boolean }, command: Command) => {
        await getConnection(name);
        const config = await resolveProjectConfig({ connection: name });
        await confirmDestructive({
          config,
          action: `Remove the connection "${name}"`,
          yes: opts.yes,
          connectionFlag: command.optsWithGlobals<{ connection?: string }>().connection ?? (opts.yes ? name : undefined),
        });
        const { keptAt } = await removeConnection(name);
        if (opts.json) writeJson({ ok: true, removed: name, keptAt });
        else
          writeLine(
            `${style.green('Removed')} ${name}. Its migrations and history were moved to ${path.relative(process.cwd(), keptAt) || keptAt}.`,
          );
      }),
    );
}

function describe(c: Awaited<ReturnType<typeof listConnections>>[number]) {
  return {
    name: c.name,
    production: c.production,
    url: c.redactedUrl ?? null,
    urlEnv: c.urlEnv ?? null,
    migrationsDir: c.migrationsDir,
    schemaFile: c.schemaFile,
    createdAt: c.createdAt,
  };
}
