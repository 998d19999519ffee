// `dbtk setup`: dbmate downloaded from a local mirror, checked against its published SHA-256.

import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cacheDir, locateDbmate, releaseAssetName } from '../../../src/core/dbmate/locate.js';
import { setupDbmate } from '../../../src/core/dbmate/setup.js';
import { sha256 } from '../../../src/core/shared/hash.js';
import { defaultProcessRunner } from '../../../src/core/shared/process-runner.js';
import { DBMATE_BIN } from '../../helpers/project.js';

const tmp = (p: string) => mkdtempSync(path.join(os.tmpdir(), p));

describe('dbtk setup download', () => {
  let server: Server;
  let base: string;
  const files = new Map<string, Buffer>();
  const binary = readFileSync(DBMATE_BIN);
  const asset = releaseAssetName();

  beforeAll(async () => {
    server = createServer((req, res) => {
      const body = files.get(req.url ?? '');
      if (!body) {
        res.statusCode = 404;
        res.end('not found');
        return;
      }
      res.end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/mirror`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('downloads from the mirror, verifies SHA-256 and caches an executable', async () => {
    files.set(`/mirror/v2.36.0/${asset}`, binary);
    files.set('/mirror/v2.36.0/checksums.txt', Buffer.from(`${sha256(binary)}  ${asset}\n0000  other\n`));
    const env = { DBTK_HOME: tmp('dbtk-home-'), DBTK_DBMATE_DOWNLOAD_URL: base, PATH: process.env.PATH };
    const result = await setupDbmate(defaultProcessRunner, { env });
    expect(result.binary.version).toBe('2.36.0');
    expect(result.binary.path.startsWith(cacheDir(env))).toBe(true);
    expect(result.checksumSource).toMatch(/checksums\.txt$/);
    expect(locateDbmate({ env: { ...env, PATH: '' }, skip: ['vendor', 'npm'] })).toEqual({
      path: result.binary.path,
      source: 'cache',
      version: '2.36.0',
    });
  });

  it('refuses a checksum mismatch and leaves nothing behind', async () => {
    files.set(`/mirror/v2.35.0/${asset}`, Buffer.concat([binary, Buffer.from('tampered')]));
    files.set('/mirror/v2.35.0/checksums.txt', Buffer.from(`${sha256(binary)}  ${asset}\n`));
    const env = { DBTK_HOME: tmp('dbtk-home-'), PATH: process.env.PATH };
    await expect(setupDbmate(defaultProcessRunner, { env, baseUrl: base, version: '2.35.0' })).rejects.toMatchObject({
      kind: 'checksum_mismatch',
    });
    const dir = cacheDir(env);
    expect(existsSync(dir) ? readdirSync(dir) : []).toEqual([]);
  });

  it('refuses when no checksum is published and none is given', async () => {
    files.set(`/mirror/v2.34.0/${asset}`, binary);
    await expect(
      setupDbmate(defaultProcessRunner, { env: { DBTK_HOME: tmp('dbtk-home-') }, baseUrl: base, version: '2.34.0' }),
    ).rejects.toMatchObject({ kind: 'checksum_mismatch', hint: expect.stringMatching(/--sha256/) });
  });

  it('accepts an explicit --sha256, and reports HTTP errors clearly', async () => {
    const env = { DBTK_HOME: tmp('dbtk-home-'), PATH: process.env.PATH };
    const ok = await setupDbmate(defaultProcessRunner, { env, baseUrl: base, version: '2.34.0', sha256: sha256(binary) });
    expect(ok.checksumSource).toBe('--sha256');
    await expect(setupDbmate(defaultProcessRunner, { env, baseUrl: base, version: '9.9.9', sha256: sha256(binary) })).rejects.toMatchObject(
      { kind: 'download', message: expect.stringMatching(/HTTP 404/) },
    );
  });
});
