import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { BackupSettings } from '../../../src/core/config/backup-settings.js';
import { backupSkipReason } from '../../../src/core/runs/backup-before-run.js';
import type { RunContext, RunPlan } from '../../../src/core/runs/types.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'dbtk-backup-skip-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const dbFile = path.join(dir, 'app.sqlite3');
writeFileSync(dbFile, '');

const settings: BackupSettings = { enabled: true, before: ['down'], dir: '/b', dirConfigured: false, keep: 10, files: [] };
/** Only the URL and the folder matter here. */
const ctx = (url: string) => ({ config: { url, cwd: dir } }) as unknown as Pick<RunContext, 'config'>;
const plan = (direction: 'up' | 'down', notes: RunPlan['notes'] = []) =>
  ({ direction, steps: [{}] as RunPlan['steps'], notes }) as Pick<RunPlan, 'direction' | 'steps' | 'notes'>;

describe('backupSkipReason', () => {
  it('backs up before down by default, not before up', () => {
    expect(backupSkipReason(ctx(`sqlite:${dbFile}`), plan('down'), settings)).toBeUndefined();
    expect(backupSkipReason(ctx(`sqlite:${dbFile}`), plan('up'), settings)).toBe('no backup before up (backups.before)');
  });

  it('says why there is none: --no-backup, turned off, nothing to run, a database that does not exist yet, a dialect it cannot back up', () => {
    const sqlite = ctx(`sqlite:${dbFile}`);
    expect(backupSkipReason(sqlite, plan('down'), settings, true)).toBe('skipped with --no-backup');
    expect(backupSkipReason(sqlite, plan('down'), { ...settings, enabled: false })).toBe('backups are turned off (backups.enabled)');
    expect(backupSkipReason(sqlite, { ...plan('down'), steps: [] }, settings)).toBe('nothing to run');
    expect(backupSkipReason(ctx(`sqlite:${path.join(dir, 'missing.sqlite3')}`), plan('down'), settings)).toBe(
      'the database does not exist yet',
    );
    const creates = plan('up', [{ code: 'creates_database', message: '' }]);
    expect(backupSkipReason(ctx('postgres://db/app'), creates, { ...settings, before: ['up'] })).toBe('the database does not exist yet');
    expect(backupSkipReason(ctx('clickhouse://db/app'), plan('down'), settings)).toBe('dbtk cannot back up clickhouse databases');
  });
});
