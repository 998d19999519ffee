import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanMigrationDirs } from '../../../src/core/migrations/file.js';
import { ScanCache } from '../../../src/core/migrations/scan-cache.js';
import type { MigrationFile } from '../../../src/core/migrations/types.js';

const sql = (table: string) => `-- migrate:up\nCREATE TABLE ${table} (id int);\n\n-- migrate:down\nDROP TABLE ${table};\n`;
const LONG_AGO = new Date('2024-01-01T00:00:00Z');
/** The cache file: each file's stamp and parsed migration, by path. */
const readCache = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as { files: Record<string, [string, MigrationFile]> };

/** A migrations folder whose files look old enough to cache (ctime is set by the clock, so the cache's racy window is moved instead). */
function setUp() {
  const root = mkdtempSync(path.join(os.tmpdir(), 'dbtk-scan-cache-'));
  const dir = path.join(root, 'migrations');
  mkdirSync(dir);
  writeFileSync(path.join(dir, '1_users.sql'), sql('users'));
  writeFileSync(path.join(dir, '2_posts.sql'), sql('posts'));
  const cacheFile = path.join(root, 'scan-cache.json');
  const scan = async (writable = true, now = Date.now() + 10_000) => {
    const realNow = Date.now;
    Date.now = () => now; // as if the files were written well before the cache
    try {
      const cache = ScanCache.load(cacheFile, 'parser-1', writable);
      const result = await scanMigrationDirs([dir], { cache });
      await cache.saveSoon(); // the write the scan started
      return result;
    } finally {
      Date.now = realNow;
    }
  };
  return { root, dir, cacheFile, scan };
}

describe('the scan cache', () => {
  it('reuses parsed files while they are unchanged, and sees an edit that keeps size and mtime', async () => {
    const { dir, cacheFile, scan } = setUp();
    const first = await scan();
    expect(existsSync(cacheFile)).toBe(true);
    const cached = readCache(cacheFile);
    // Proof that the second scan comes from the cache: a sentinel only the cache holds.
    cached.files[path.join(dir, '1_users.sql')][1].name = 'from-cache';
    writeFileSync(cacheFile, JSON.stringify(cached));
    const second = await scan();
    expect(second.migrations.map((m) => m.name)).toEqual(['from-cache', 'posts']);

    // Same size, mtime put back: the ctime still changes, so the file is read again.
    const file = path.join(dir, '1_users.sql');
    const before = statSync(file);
    writeFileSync(file, sql('USERS'));
    utimesSync(file, before.atime, before.mtime);
    const third = await scan();
    expect(third.migrations[0]).toMatchObject({ name: 'users', up: { sql: 'CREATE TABLE USERS (id int);' } });
    expect(third.migrations[0].checksum).not.toBe(first.migrations[0].checksum);
  });

  it('drops files that are gone, and ignores a damaged cache or one from another parser', async () => {
    const { dir, cacheFile, scan } = setUp();
    await scan();
    rmSync(path.join(dir, '2_posts.sql'));
    expect((await scan()).migrations.map((m) => m.file)).toEqual(['1_users.sql']);
    expect(Object.keys(readCache(cacheFile).files)).toEqual([path.join(dir, '1_users.sql')]);

    writeFileSync(cacheFile, '{ not json');
    expect((await scan()).migrations.map((m) => m.name)).toEqual(['users']);
    const other = ScanCache.load(cacheFile, 'parser-2', false);
    expect(await scanMigrationDirs([dir], { cache: other })).toMatchObject({ migrations: [{ name: 'users' }] });
  });

  it('is not written where dbtk keeps no history, nor for files changed within the clock tick', async () => {
    const { cacheFile, scan } = setUp();
    await scan(false);
    expect(existsSync(cacheFile)).toBe(false);
    await scan(true, Date.now());
    expect(readCache(cacheFile).files).toEqual({});
  });

  it('leaves the files themselves untouched', async () => {
    const { dir, scan } = setUp();
    const file = path.join(dir, '1_users.sql');
    utimesSync(file, LONG_AGO, LONG_AGO);
    await scan();
    await scan();
    expect(readFileSync(file, 'utf8')).toBe(sql('users'));
    expect(statSync(file).mtime).toEqual(LONG_AGO);
  });
});
