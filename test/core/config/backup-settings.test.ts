import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readBackupSettings } from '../../../src/core/config/backup-settings.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'dbtk-backup-settings-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let count = 0;
function project(files: Record<string, unknown> = {}) {
  const cwd = path.join(root, `p${count++}`);
  mkdirSync(path.join(cwd, '.dbtk'), { recursive: true });
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(cwd, name), JSON.stringify(content));
  return { cwd, stateDir: path.join(cwd, '.dbtk'), isNamedConnection: false, production: false, env: { XDG_DATA_HOME: '/data' } };
}

describe('readBackupSettings', () => {
  it('defaults: on, before down, keep 10, under $XDG_DATA_HOME per database', async () => {
    const settings = await readBackupSettings(project(), 'abc123');
    expect(settings).toMatchObject({ enabled: true, before: ['down'], keep: 10, dir: '/data/dbtk/backups/abc123', dirConfigured: false });
    expect(settings.maxAgeDays).toBeUndefined();
  });

  it('before up too on a production connection', async () => {
    expect((await readBackupSettings({ ...project(), production: true }, 'k')).before).toEqual(['up', 'down']);
  });

  it('.dbtk/config.json overrides dbtk.config.json key by key; a relative dir is the project’s', async () => {
    const p = project({
      'dbtk.config.json': { backups: { keep: 3, dir: 'bk' } },
      '.dbtk/config.json': { backups: { keep: 5, maxAgeDays: 7 } },
    });
    const settings = await readBackupSettings(p, 'k');
    expect(settings).toMatchObject({ keep: 5, maxAgeDays: 7, dir: path.join(p.cwd, 'bk'), dirConfigured: true });
  });

  it.each([
    [{ keep: 0 }, '"backups.keep" must be a whole number of at least 1 (got 0)'],
    [{ before: ['sideways'] }, '"backups.before" must be a list of "up" and "down"'],
    [{ enabled: 'yes' }, '"backups.enabled" must be true or false (got "yes")'],
    [{ maxAgeDays: -1 }, '"backups.maxAgeDays" must be a number of days above 0 (got -1)'],
    [{ dir: '' }, '"backups.dir" must be a folder path'],
    [{ kep: 3 }, 'unknown setting "backups.kep"'],
  ])('refuses %j with a clear config error', async (backups, message) => {
    await expect(readBackupSettings(project({ 'dbtk.config.json': { backups } }), 'k')).rejects.toMatchObject({
      kind: 'config',
      message: expect.stringContaining(message) as string,
    });
  });
});
