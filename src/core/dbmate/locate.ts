// Finds the dbmate binary. Order (the first that exists wins): --dbmate / DBTK_DBMATE, the
// vendor/ folder, the `dbmate` npm package's platform binary, PATH, the `dbtk setup` cache.

import { accessSync, constants, existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { dbtkHome } from '../config/connections.js';
import { DbtkError } from '../shared/errors.js';
import { PACKAGE_ROOT } from '../shared/package-root.js';
import type { ProcessRunner } from '../shared/process-runner.js';

const MIN_DBMATE_VERSION = '2.0.0';
/** The release `dbtk setup` installs by default: the one the npm dependency pins. */
export const DEFAULT_DBMATE_VERSION = '2.36.0';

type DbmateSource = 'flag' | 'env' | 'vendor' | 'npm' | 'path' | 'cache';

export interface DbmateBinary {
  path: string;
  source: DbmateSource;
  version: string;
}

/** dbmate's release naming: dbmate-linux-amd64, dbmate-macos-arm64, dbmate-windows-amd64.exe. */
export function releaseAssetName(platform: NodeJS.Platform = process.platform, arch: string = process.arch): string {
  const os = platform === 'darwin' ? 'macos' : platform === 'win32' ? 'windows' : platform;
  const cpu = { x64: 'amd64', arm64: 'arm64', ia32: '386', arm: 'arm' }[arch] ?? arch;
  return `dbmate-${os}-${cpu}${platform === 'win32' ? '.exe' : ''}`;
}

export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(dbtkHome(env), 'bin');
}

export function cachedBinaryPath(version: string, env: NodeJS.ProcessEnv = process.env): string {
  return path.join(cacheDir(env), `${releaseAssetName().replace(/\.exe$/, '')}-${version}${process.platform === 'win32' ? '.exe' : ''}`);
}

function isExecutable(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

interface FoundBinary {
  path: string;
  /** The version where the source states it (the npm package, the setup cache), so dbmate need not be run to ask. */
  version?: string;
}

/** The npm package's binary and the version its package.json declares (they are published together). */
function npmPackageBinary(): FoundBinary | undefined {
  try {
    const require = createRequire(path.join(PACKAGE_ROOT, 'package.json'));
    const manifest = require.resolve(`@dbmate/${process.platform}-${process.arch}/package.json`);
    const file = path.join(path.dirname(manifest), 'bin', process.platform === 'win32' ? 'dbmate.exe' : 'dbmate');
    if (!existsSync(file)) return undefined;
    const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version?: unknown };
    return { path: file, version: typeof version === 'string' && /^\d+\.\d+\.\d+$/.test(version) ? version : undefined };
  } catch {
    return undefined;
  }
}

function onPath(env: NodeJS.ProcessEnv): FoundBinary | undefined {
  const name = process.platform === 'win32' ? 'dbmate.exe' : 'dbmate';
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, name);
    if (isExecutable(candidate)) return { path: candidate };
  }
  return undefined;
}

/** `dbtk setup` checked this binary's version before naming the file after it. */
function newestCached(env: NodeJS.ProcessEnv): FoundBinary | undefined {
  const candidate = cachedBinaryPath(DEFAULT_DBMATE_VERSION, env);
  return isExecutable(candidate) ? { path: candidate, version: DEFAULT_DBMATE_VERSION } : undefined;
}

export interface LocateOptions {
  flagPath?: string;
  env?: NodeJS.ProcessEnv;
  /** Skip sources (tests use this to prove the order and the fallbacks). */
  skip?: DbmateSource[];
}

export interface LocatedDbmate {
  path: string;
  source: DbmateSource;
  /** Set when the source states the version; otherwise resolveDbmate asks the binary. */
  version?: string;
}

/** Returns the path and source of the first dbmate found, without running it. */
export function locateDbmate(options: LocateOptions = {}): LocatedDbmate {
  const env = options.env ?? process.env;
  const skip = new Set(options.skip ?? []);
  const explicit = options.flagPath
    ? { path: options.flagPath, source: 'flag' as const }
    : env.DBTK_DBMATE
      ? { path: env.DBTK_DBMATE, source: 'env' as const }
      : undefined;
  if (explicit) {
    if (!isExecutable(explicit.path)) {
      throw new DbtkError(
        'dbmate_missing',
        `dbmate was not found at ${explicit.path} (from ${explicit.source === 'flag' ? '--dbmate' : 'DBTK_DBMATE'}).`,
        {
          hint: 'Point it at an executable dbmate binary, or remove it to use the bundled one.',
        },
      );
    }
    return explicit;
  }
  const vendor = path.join(PACKAGE_ROOT, 'vendor', releaseAssetName());
  const candidates: { source: DbmateSource; find: () => FoundBinary | undefined }[] = [
    { source: 'vendor', find: () => (isExecutable(vendor) ? { path: vendor } : undefined) },
    { source: 'npm', find: npmPackageBinary },
    { source: 'path', find: () => onPath(env) },
    { source: 'cache', find: () => newestCached(env) },
  ];
  for (const { source, find } of candidates) {
    if (skip.has(source)) continue;
    const found = find();
    if (found) return { ...found, source };
  }
  throw new DbtkError('dbmate_missing', 'dbmate is not installed.', {
    hint: 'Run `npm ci` in the dbtk folder (it installs dbmate), or `dbtk setup` to download it, or install dbmate on your PATH.',
  });
}

export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map((n) => parseInt(n, 10) || 0);
  const pb = b.split('.').map((n) => parseInt(n, 10) || 0);
  for (let i = 0; i < 3; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}

/**
 * Locates dbmate and checks its version: the one its source states, or else the binary's own
 * answer (`dbmate --version` → `dbmate version 2.36.0`). Not running it saves a process start
 * on every command.
 */
export async function resolveDbmate(runner: ProcessRunner, options: LocateOptions = {}): Promise<DbmateBinary> {
  const found = locateDbmate(options);
  const version = found.version ?? (await askVersion(runner, found, options));
  if (compareVersions(version, MIN_DBMATE_VERSION) < 0) {
    throw new DbtkError('dbmate_too_old', `dbmate ${version} at ${found.path} is too old; dbtk needs ${MIN_DBMATE_VERSION} or newer.`, {
      hint: 'Upgrade it, or run `dbtk setup` to download a current release.',
    });
  }
  return { path: found.path, source: found.source, version };
}

async function askVersion(runner: ProcessRunner, found: LocatedDbmate, options: LocateOptions): Promise<string> {
  const result = await runner.run({
    command: found.path,
    args: ['--version'],
    env: { PATH: (options.env ?? process.env).PATH },
    cwd: process.cwd(),
  });
  const version = /(\d+\.\d+\.\d+)/.exec(result.stdout + result.stderr)?.[1];
  if (result.spawnFailed || !version) {
    throw new DbtkError('dbmate_missing', `${found.path} did not run as dbmate.`, {
      hint: 'Reinstall it (`npm ci` or `dbtk setup`), or point --dbmate at a working binary.',
      detail: result.spawnError ?? result.stderr,
    });
  }
  return version;
}
