import { chmodSync, copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cacheDir, compareVersions, locateDbmate, releaseAssetName, resolveDbmate } from '../../../src/core/dbmate/locate.js';
import { setupDbmate } from '../../../src/core/dbmate/setup.js';
import { sha256 } from '../../../src/core/shared/hash.js';
import { defaultProcessRunner } from '../../../src/core/shared/process-runner.js';
import { DBMATE_BIN } from '../../helpers/project.js';

const tmp = (p: string) => mkdtempSync(path.join(os.tmpdir(), p));

describe('locating dbmate', () => {
  it('prefers --dbmate, then DBTK_DBMATE, then the npm package', () => {
    const fake = path.join(tmp('dbtk-bin-'), 'dbmate');
    copyFileSync(DBMATE_BIN, fake);
    chmodSync(fake, 0o755);
    expect(locateDbmate({ flagPath: fake, env: { DBTK_DBMATE: '/nope' } })).toEqual({ path: fake, source: 'flag' });
    expect(locateDbmate({ env: { DBTK_DBMATE: fake } })).toEqual({ path: fake, source: 'env' });
    expect(locateDbmate({ env: { PATH: '' } }).source).toBe('npm');
  });

  it('falls back to PATH, then the setup cache', () => {
    const dir = tmp('dbtk-path-');
    copyFileSync(DBMATE_BIN, path.join(dir, 'dbmate'));
    chmodSync(path.join(dir, 'dbmate'), 0o755);
    expect(locateDbmate({ env: { PATH: dir }, skip: ['vendor', 'npm'] })).toEqual({ path: path.join(dir, 'dbmate'), source: 'path' });
  });

  it('says how to fix a missing dbmate', () => {
    expect(() => locateDbmate({ env: { PATH: '', DBTK_HOME: tmp('dbtk-home-') }, skip: ['vendor', 'npm'] })).toThrow(
      expect.objectContaining({ kind: 'dbmate_missing', hint: expect.stringMatching(/dbtk setup/) }),
    );
    expect(() => locateDbmate({ flagPath: '/no/such/dbmate' })).toThrow(
      expect.objectContaining({ kind: 'dbmate_missing', message: expect.stringMatching(/--dbmate/) }),
    );
  });

  it('checks the version: a too-old dbmate is refused with the fix', async () => {
    const dir = tmp('dbtk-old-');
    const old = path.join(dir, 'dbmate');
    writeFileSync(old, '#!/bin/sh\necho "dbmate version 1.16.0"\n', { mode: 0o755 });
    await expect(resolveDbmate(defaultProcessRunner, { flagPath: old })).rejects.toMatchObject({
      kind: 'dbmate_too_old',
      hint: expect.stringMatching(/dbtk setup/),
    });
    const real = await resolveDbmate(defaultProcessRunner, {});
    expect(real.version).toMatch(/^2\.\d+\.\d+$/);
    expect(compareVersions('2.10.0', '2.9.9')).toBeGreaterThan(0);
  });

  it("takes the npm package's version from its package.json without starting dbmate", async () => {
    const noProcesses = { run: () => Promise.reject(new Error('dbmate should not have been started')) };
    const binary = await resolveDbmate(noProcesses, { env: { PATH: '' } });
    expect(binary).toMatchObject({
      source: 'npm',
      version: (JSON.parse(readFileSync(path.join(path.dirname(binary.path), '..', 'package.json'), 'utf8')) as { version: string })
        .version,
    });
  });
});

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
