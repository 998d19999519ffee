// Copies of a SQLite database (real sqlite3) and the refusals made before anything is copied.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveProjectConfig } from '../../../src/core/config/config.js';
import { createEmptyScratch, createScratchCopy } from '../../../src/core/scratch/scratch.js';
import { sha256 } from '../../../src/core/shared/hash.js';
import { defaultProcessRunner } from '../../../src/core/shared/process-runner.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'dbtk-scratch-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const config = (url: string, env: Record<string, string> = {}) =>
  resolveProjectConfig({ cwd: dir, url, env: { PATH: process.env.PATH, ...env } });

describe('SQLite copies', () => {
  it('copy the whole file with VACUUM INTO, leave the original byte for byte, and are deleted by dispose', async () => {
    const file = path.join(dir, 'app.sqlite3');
    execFileSync('sqlite3', [file, "CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('a'), ('b');"]);
    const before = sha256(readFileSync(file));
    const copy = await createScratchCopy(await config(`sqlite:${file}`), defaultProcessRunner);
    expect(copy).toMatchObject({ kind: 'sqlite_file', withData: true });
    expect(copy.label).not.toBe(file);
    expect(execFileSync('sqlite3', [copy.label, 'SELECT count(*) FROM notes;'], { encoding: 'utf8' }).trim()).toBe('2');
    expect(sha256(readFileSync(file))).toBe(before);
    expect(await copy.dispose()).toEqual({ removed: true });
    expect(existsSync(copy.label)).toBe(false);
    expect(existsSync(path.dirname(copy.label))).toBe(false);
  });

  it('of a file that does not exist yet are an empty path (dbmate creates it)', async () => {
    const copy = await createScratchCopy(await config(`sqlite:${path.join(dir, 'missing.sqlite3')}`), defaultProcessRunner);
    expect(existsSync(copy.label)).toBe(false);
    await copy.dispose();
    expect(existsSync(path.dirname(copy.label))).toBe(false);
  });

  it('made empty (createEmptyScratch) read nothing of the real database', async () => {
    const file = path.join(dir, 'full.sqlite3');
    execFileSync('sqlite3', [file, 'CREATE TABLE notes (body TEXT);']);
    const copy = await createEmptyScratch(await config(`sqlite:${file}`), defaultProcessRunner);
    expect(copy.label).not.toBe(file);
    expect(existsSync(copy.label)).toBe(false);
    await copy.dispose();
    expect(existsSync(path.dirname(copy.label))).toBe(false);
  });

  it('are not made once the signal has fired', async () => {
    const abort = new AbortController();
    abort.abort();
    await expect(
      createScratchCopy(await config(`sqlite:${path.join(dir, 'app.sqlite3')}`), defaultProcessRunner, { signal: abort.signal }),
    ).rejects.toMatchObject({
      kind: 'interrupted',
    });
  });
});

describe('refusals', () => {
  it('refuse a shadow URL that names the database itself', async () => {
    const url = 'postgres://app@db.internal:5432/app';
    await expect(
      createScratchCopy(await config(url, { DBTK_SHADOW_URL: 'postgresql://other@DB.internal/app?sslmode=disable' }), defaultProcessRunner),
    ).rejects.toMatchObject({
      kind: 'refused',
      message: expect.stringContaining("names the project's own database") as string,
    });
  });

  it('refuse a shadow URL on another kind of server', async () => {
    await expect(
      createScratchCopy(await config('postgres://app@db/app', { DBTK_SHADOW_URL: 'mysql://root@db/app_shadow' }), defaultProcessRunner),
    ).rejects.toMatchObject({ kind: 'config' });
  });

  it('refuse databases dbtk cannot copy', async () => {
    await expect(createScratchCopy(await config('clickhouse://db:9000/app'), defaultProcessRunner)).rejects.toMatchObject({
      kind: 'usage',
    });
  });
});
