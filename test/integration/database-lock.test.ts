// The run lock on real SQLite, PostgreSQL and MariaDB: one holder at a time, a second run is
// told who holds it and gives up at its timeout, release lets the next one in, and a holder
// that dies (its connection closed, its process gone) never blocks forever.

import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { acquireRunLock, describeHolder, type LockHolder, type LockTarget } from '../../src/core/database/lock.js';
import { sqliteFilePath } from '../../src/core/database/identity.js';
import { isDbtkError } from '../../src/core/shared/errors.js';
import { availableTargets, type TestDatabase } from '../helpers/databases.js';
import { REPO_ROOT } from '../helpers/project.js';

const targets = await availableTargets();
// The holder that gets killed is another Node process; it loads tsc's output (`npm run build`).
const BUILT_LOCK_MODULE = pathToFileURL(path.join(REPO_ROOT, 'build', 'core', 'database', 'lock.js')).href;

describe.each(targets.map((t) => [t.label, t] as const))('%s', (_label, target) => {
  const databases: TestDatabase[] = [];
  afterAll(async () => {
    for (const db of databases) await db.drop().catch(() => undefined);
  });
  async function lockTarget(): Promise<LockTarget> {
    const db = await target.createDatabase();
    databases.push(db);
    return { url: db.url, cwd: os.tmpdir(), migrationsTable: 'schema_migrations' };
  }

  it('lets one run hold the lock; a second is told who holds it and fails at its timeout with `locked`', async () => {
    const where = await lockTarget();
    const first = await acquireRunLock(where, { command: 'up', timeoutMs: 0 });
    const waits: (LockHolder | undefined)[] = [];
    const second = acquireRunLock(where, { command: 'down', timeoutMs: 600, pollMs: 50, onWait: (holder) => waits.push(holder) });
    const error = await second.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isDbtkError(error, 'locked')).toBe(true);
    expect((error as Error).message).toContain('Another run holds');
    expect(waits.length).toBeGreaterThan(0);
    expect(describeHolder(waits[0])).toMatch(target.dialect === 'mysql' ? /connection \d+/ : new RegExp(`pid ${process.pid}`));
    if (target.dialect !== 'mysql') expect(waits[0]?.command).toBe('up');
    await first.release();
    const third = await acquireRunLock(where, { command: 'down', timeoutMs: 0 });
    await third.release();
  });

  it('a waiting run gets the lock as soon as the holder releases it', async () => {
    const where = await lockTarget();
    const first = await acquireRunLock(where, { command: 'up', timeoutMs: 0 });
    const second = acquireRunLock(where, { command: 'up', timeoutMs: 10_000, pollMs: 50 });
    setTimeout(() => void first.release(), 300);
    const lock = await second;
    await lock.release();
  });

  it('a stop while waiting ends the wait with `interrupted` and leaves the holder alone', async () => {
    const where = await lockTarget();
    const first = await acquireRunLock(where, { command: 'up', timeoutMs: 0 });
    const controller = new AbortController();
    const waiting = acquireRunLock(where, { command: 'down', timeoutMs: 10_000, pollMs: 50, signal: controller.signal });
    setTimeout(() => controller.abort(), 200);
    await expect(waiting).rejects.toMatchObject({ kind: 'interrupted' });
    const again = acquireRunLock(where, { command: 'down', timeoutMs: 0 });
    await expect(again).rejects.toMatchObject({ kind: 'locked' });
    await first.release();
  });

  it('a holder that dies never blocks the next run', async () => {
    const where = await lockTarget();
    // Another process takes the lock and is killed without releasing it.
    const script = `
      const { acquireRunLock } = await import(${JSON.stringify(BUILT_LOCK_MODULE)});
      await acquireRunLock(${JSON.stringify(where)}, { command: 'up', timeoutMs: 0 });
      process.stdout.write('held\\n');
      setInterval(() => {}, 1000);`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('held') && resolve());
      child.once('exit', (code) => reject(new Error(`lock holder exited early (${code})`)));
    });
    await expect(acquireRunLock(where, { command: 'down', timeoutMs: 0 })).rejects.toMatchObject({ kind: 'locked' });
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    const lock = await acquireRunLock(where, { command: 'down', timeoutMs: 5000, pollMs: 50 });
    await lock.release();
    if (target.dialect === 'sqlite') expect(existsSync(`${sqliteFilePath(where.url, where.cwd)}.dbtk-lock`)).toBe(false);
  });
});

describe('SQLite lock file', () => {
  it('is not taken from a holder on another host, and an unreadable file counts as held', async () => {
    const dir = os.tmpdir();
    const url = `sqlite:${dir}/dbtk-lock-${process.pid}-${Date.now()}.db`;
    const lockFile = `${sqliteFilePath(url, dir)}.dbtk-lock`;
    writeFileSync(lockFile, JSON.stringify({ who: 'ana@elsewhere', host: 'elsewhere', pid: 999_999, command: 'up' }));
    const error = await acquireRunLock({ url, cwd: dir, migrationsTable: 'schema_migrations' }, { command: 'down', timeoutMs: 0 }).catch(
      (e: unknown) => e,
    );
    expect((error as Error).message).toContain('ana@elsewhere (pid 999999, up');
    writeFileSync(lockFile, 'not json');
    await expect(
      acquireRunLock({ url, cwd: dir, migrationsTable: 'schema_migrations' }, { command: 'down', timeoutMs: 0 }),
    ).rejects.toMatchObject({
      kind: 'locked',
    });
  });
});
