// `dbtk setup`: downloads a dbmate release for this platform from a base URL (GitHub releases
// by default, a mirror via DBTK_DBMATE_DOWNLOAD_URL), verifies its SHA-256 and installs it
// into the cache. A download that does not match its checksum leaves nothing behind.

import { chmod, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { cacheDir, cachedBinaryPath, DEFAULT_DBMATE_VERSION, releaseAssetName, resolveDbmate, type DbmateBinary } from './locate.js';
import { DbtkError } from '../shared/errors.js';
import { sha256 } from '../shared/hash.js';
import type { ProcessRunner } from '../shared/process-runner.js';

const DEFAULT_DOWNLOAD_BASE = 'https://github.com/amacneil/dbmate/releases/download';

export interface SetupOptions {
  version?: string;
  baseUrl?: string;
  /** Expected SHA-256 (hex); when absent, a checksums file next to the release is used. */
  sha256?: string;
  env?: NodeJS.ProcessEnv;
  fetchImpl?: typeof fetch;
  onProgress?: (message: string) => void;
}

export interface SetupResult {
  binary: DbmateBinary;
  url: string;
  sha256: string;
  checksumSource: string;
}

async function download(url: string, fetchImpl: typeof fetch): Promise<Buffer> {
  let response: Response;
  try {
    response = await fetchImpl(url, { redirect: 'follow' });
  } catch (error) {
    throw new DbtkError('download', `Cannot download ${url}: ${(error as Error).message}.`, {
      hint: 'Check the network, or set DBTK_DBMATE_DOWNLOAD_URL to a reachable mirror.',
      cause: error,
    });
  }
  if (!response.ok) {
    throw new DbtkError('download', `Download of ${url} failed: HTTP ${response.status}.`, {
      hint: 'Check the version and DBTK_DBMATE_DOWNLOAD_URL.',
    });
  }
  return Buffer.from(await response.arrayBuffer());
}

/** Finds the expected checksum: given, or from `checksums.txt` / `<asset>.sha256` beside the release. */
async function expectedChecksum(
  releaseBase: string,
  asset: string,
  options: SetupOptions,
  fetchImpl: typeof fetch,
): Promise<{ hash: string; source: string }> {
  if (options.sha256) return { hash: options.sha256.trim().toLowerCase(), source: '--sha256' };
  for (const name of ['checksums.txt', 'SHA256SUMS', `${asset}.sha256`]) {
    const url = `${releaseBase}/${name}`;
    const text = await download(url, fetchImpl).then(
      (b) => b.toString('utf8'),
      () => undefined,
    );
    if (!text) continue;
    for (const line of text.split('\n')) {
      const [hash, file] = line.trim().split(/\s+\*?/);
      if (/^[a-f0-9]{64}$/i.test(hash ?? '') && (!file || file === asset)) return { hash: hash.toLowerCase(), source: url };
    }
  }
  throw new DbtkError('checksum_mismatch', `No SHA-256 checksum for ${asset} was found next to the release, so it cannot be verified.`, {
    hint: 'Pass --sha256 HEX (from the release page or your mirror), or publish checksums.txt on the mirror.',
  });
}

export async function setupDbmate(runner: ProcessRunner, options: SetupOptions = {}): Promise<SetupResult> {
  const env = options.env ?? process.env;
  const fetchImpl = options.fetchImpl ?? fetch;
  const version = (options.version ?? DEFAULT_DBMATE_VERSION).replace(/^v/, '');
  const base = (options.baseUrl ?? env.DBTK_DBMATE_DOWNLOAD_URL ?? DEFAULT_DOWNLOAD_BASE).replace(/\/+$/, '');
  const asset = releaseAssetName();
  const releaseBase = `${base}/v${version}`;
  const url = `${releaseBase}/${asset}`;
  const progress = options.onProgress ?? (() => undefined);

  const expected = await expectedChecksum(releaseBase, asset, options, fetchImpl);
  progress(`Downloading ${url}`);
  const bytes = await download(url, fetchImpl);
  const actual = sha256(bytes);
  if (actual !== expected.hash) {
    throw new DbtkError('checksum_mismatch', `The download of ${asset} does not match its SHA-256 checksum; it was discarded.`, {
      hint: 'Try again; if it persists, the mirror may be serving a wrong or tampered file.',
      detail: `expected ${expected.hash} (${expected.source})\nactual   ${actual}`,
    });
  }
  const dir = cacheDir(env);
  await mkdir(dir, { recursive: true });
  const target = cachedBinaryPath(version, env);
  const tmp = path.join(dir, `.download-${process.pid}-${Date.now()}`);
  try {
    await writeFile(tmp, bytes, { mode: 0o755 });
    await chmod(tmp, 0o755);
    const binary = await resolveDbmate(runner, { flagPath: tmp, env });
    await rename(tmp, target);
    return { binary: { ...binary, path: target, source: 'cache' }, url, sha256: actual, checksumSource: expected.source };
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}
