// Temporary projects and running the real bin/dbtk.js as a user would.

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const DBTK_BIN = path.join(REPO_ROOT, 'bin', 'dbtk.js');
export const DBMATE_BIN = path.join(REPO_ROOT, 'node_modules', '@dbmate', `${process.platform}-${process.arch}`, 'bin', 'dbmate');

export interface TempProject {
  dir: string;
  migrationsDir: string;
  /** Writes db/migrations/<version>_<name>.sql with the given up/down SQL; returns its path. */
  addMigration(version: string, name: string, up: string, down?: string, options?: string): string;
  writeFile(relative: string, content: string | Buffer): string;
}

export function makeTempProject(prefix = 'dbtk-project-'): TempProject {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  const migrationsDir = path.join(dir, 'db', 'migrations');
  mkdirSync(migrationsDir, { recursive: true });
  const writeFile = (relative: string, content: string | Buffer) => {
    const full = path.join(dir, relative);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, content);
    return full;
  };
  return {
    dir,
    migrationsDir,
    writeFile,
    addMigration: (version, name, up, down = '', options = '') =>
      writeFile(
        path.join('db', 'migrations', `${version}_${name}.sql`),
        `-- migrate:up${options ? ` ${options}` : ''}\n${up}\n\n-- migrate:down\n${down}\n`,
      ),
  };
}

export interface DbtkRun {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON (throws when it is not), as the shape the test expects. */
  json<T = unknown>(): T;
}

/** Runs the real dbtk binary. The environment is minimal and explicit (no inherited DATABASE_URL). */
export async function runDbtk(
  args: string[],
  options: { cwd: string; env?: Record<string, string | undefined>; input?: string; timeout?: number },
): Promise<DbtkRun> {
  const result = await execa('node', [DBTK_BIN, ...args], {
    cwd: options.cwd,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DBTK_HOME: path.join(options.cwd, '.dbtk-home'),
      // Backups (written before every down by default) stay inside the test's folder.
      XDG_DATA_HOME: path.join(options.cwd, '.xdg-data'),
      NO_COLOR: '1',
      ...options.env,
    },
    extendEnv: false,
    reject: false,
    input: options.input,
    stdin: options.input === undefined ? 'ignore' : undefined,
    timeout: options.timeout ?? 60_000,
  });
  return {
    exitCode: result.exitCode ?? 1,
    stdout: String(result.stdout),
    stderr: String(result.stderr),
    json: <T>() => JSON.parse(String(result.stdout)) as T,
  };
}

/** Runs the real dbmate binary directly (to act "behind dbtk's back"). */
export async function runDbmate(args: string[], options: { cwd: string; url: string }) {
  return execa(DBMATE_BIN, args, {
    cwd: options.cwd,
    env: { PATH: process.env.PATH, DATABASE_URL: options.url },
    extendEnv: false,
    reject: false,
  });
}
