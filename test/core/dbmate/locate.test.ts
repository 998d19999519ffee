import { chmodSync, copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareVersions, locateDbmate, resolveDbmate } from '../../../src/core/dbmate/locate.js';
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
