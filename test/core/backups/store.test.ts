import { describe, expect, it } from 'vitest';
import { backupsToPrune } from '../../../src/core/backups/store.js';
import type { BackupRecord } from '../../../src/core/backups/types.js';

const backup = (id: string, createdAt: string) => ({ id, createdAt }) as BackupRecord;
// Newest first, as listBackups returns them.
const backups = [backup('c', '2026-03-10T00:00:00.000Z'), backup('b', '2026-03-05T00:00:00.000Z'), backup('a', '2026-03-01T00:00:00.000Z')];
const now = new Date('2026-03-11T00:00:00.000Z');

describe('backupsToPrune', () => {
  it('keeps the newest `keep`', () => {
    expect(backupsToPrune(backups, { keep: 2, now }).map((b) => b.id)).toEqual(['a']);
  });

  it('prunes those older than maxAgeDays, but never the one just written', () => {
    expect(backupsToPrune(backups, { keep: 10, maxAgeDays: 7, now }).map((b) => b.id)).toEqual(['a']);
    expect(backupsToPrune(backups, { keep: 1, maxAgeDays: 0.5, now, exceptId: 'c' }).map((b) => b.id)).toEqual(['b', 'a']);
  });
});
