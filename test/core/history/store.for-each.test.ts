// HistoryStore.forEach: every matching entry oldest first, without holding them (what
// analytics folds over), the store's database applied, bad lines as warnings.

import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HistoryStore } from '../../../src/core/history/store.js';
import type { HistoryEntry } from '../../../src/core/history/types.js';
import { historyEntry } from '../../helpers/history-entry.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'dbtk-history-foreach-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const entry = (n: number, overrides: Partial<HistoryEntry> = {}): HistoryEntry =>
  historyEntry({ version: String(n), name: `m${n}`, startedAt: new Date(Date.UTC(2024, 0, n)).toISOString(), durationMs: n, ...overrides });

describe('HistoryStore.forEach', () => {
  it("visits the store's database's entries (and those naming none) oldest first, skipping bad lines with a warning", async () => {
    const stateDir = path.join(dir, '.dbtk');
    await new HistoryStore(stateDir).append([entry(1), entry(2, { database: 'a' }), entry(3, { database: 'b' })]);
    appendFileSync(path.join(stateDir, 'history.jsonl'), 'not json\n');
    await new HistoryStore(stateDir).append([entry(4, { database: 'a' })]);
    const store = new HistoryStore(stateDir, { database: 'a' });
    const seen: string[] = [];
    const { warnings } = await store.forEach({}, (e) => seen.push(e.version!));
    expect(seen).toEqual(['1', '2', '4']);
    expect(warnings.join('\n')).toMatch(/not JSON|skipped/i);
    const all: string[] = [];
    await store.forEach({ allDatabases: true, since: new Date(Date.UTC(2024, 0, 2)) }, (e) => all.push(e.version!));
    expect(all).toEqual(['2', '3', '4']);
  });

  it('visits nothing when there is no history yet', async () => {
    const seen: HistoryEntry[] = [];
    expect(await new HistoryStore(path.join(dir, 'none')).forEach({}, (e) => seen.push(e))).toEqual({ warnings: [] });
    expect(seen).toEqual([]);
  });
});
