// History per database: one history file written for two databases (a main URL and a
// staging URL used from the same folder) keeps two truths. Entries written before history
// was per database name none and count for every database. The summary index (and its
// cache, built from the end or brought up to date from the lines appended since) answers
// per database exactly as a fresh read would.

import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { historyToCsv } from '../../../src/core/history/csv.js';
import { HistoryStore } from '../../../src/core/history/store.js';
import { type HistoryEntry } from '../../../src/core/history/types.js';
import { historyEntry } from '../../helpers/history-entry.js';

const MAIN = 'a1a1a1a1a1a1a1a1';
const STAGING = 'b2b2b2b2b2b2b2b2';

const entry = (overrides: Partial<HistoryEntry> = {}): HistoryEntry =>
  historyEntry({ url: 'postgres://app:***@db/shop', durationMs: 3, checksum: 'c', ...overrides });
const onMain = (overrides: Partial<HistoryEntry> = {}) => entry({ database: MAIN, databaseLabel: 'postgres://db:5432/shop', ...overrides });
const onStaging = (overrides: Partial<HistoryEntry> = {}) =>
  entry({ database: STAGING, databaseLabel: 'postgres://staging:5432/shop', ...overrides });

function stateDir(): string {
  return path.join(mkdtempSync(path.join(os.tmpdir(), 'dbtk-per-db-')), '.dbtk');
}

/** The summary for one database, three ways: cached, brought up to date, and built from scratch. */
async function summaries(dir: string, database: string | undefined, versions?: string[]) {
  const store = new HistoryStore(dir, { database });
  const answer = async () => Object.fromEntries((await store.summary(versions)).versions);
  const first = await answer();
  const again = await answer(); // from the cache
  writeFileSync(path.join(dir, 'history-summary.json'), '');
  const rebuilt = await answer();
  expect(again).toEqual(first);
  expect(rebuilt).toEqual(first);
  return first;
}

describe('history per database', () => {
  it("a failure on one database is not the other's: status and reads see only their own database", async () => {
    const dir = stateDir();
    const store = new HistoryStore(dir);
    const mainUp = onMain({ version: '1' });
    const stagingFail = onStaging({ version: '2', status: 'failed', errorKind: 'sql_syntax', errorMessage: 'boom' });
    const mainUp2 = onMain({ version: '2' });
    await store.append([mainUp, stagingFail]);
    // Brought up to date from the cache after this append, and also built from scratch.
    expect(await summaries(dir, MAIN)).toEqual({ '1': { last: mainUp, lastSuccess: mainUp } });
    await store.append([mainUp2]);
    expect(await summaries(dir, MAIN)).toEqual({
      '1': { last: mainUp, lastSuccess: mainUp },
      '2': { last: mainUp2, lastSuccess: mainUp2 },
    });
    expect(await summaries(dir, STAGING)).toEqual({ '2': { last: stagingFail } });
    // A store that is bound to no database sees them all, as before.
    expect((await summaries(dir, undefined))['2']).toEqual({ last: mainUp2, lastSuccess: mainUp2 });

    const ids = async (database: string | undefined, filter = {}) =>
      (await new HistoryStore(dir, { database }).read(filter)).entries.map((e) => e.id);
    expect(await ids(MAIN)).toEqual([mainUp2.id, mainUp.id]);
    expect(await ids(STAGING)).toEqual([stagingFail.id]);
    expect(await ids(STAGING, { status: 'failed' })).toEqual([stagingFail.id]);
    expect(await ids(MAIN, { status: 'failed' })).toEqual([]);
    expect(await ids(MAIN, { allDatabases: true })).toEqual([mainUp2.id, stagingFail.id, mainUp.id]);
    expect(await ids(undefined, { database: STAGING })).toEqual([stagingFail.id]);
  });

  it('entries written before history was per database count for every database', async () => {
    const dir = stateDir();
    const store = new HistoryStore(dir);
    const legacyFail = entry({ version: '3', status: 'failed' });
    const legacyUp = entry({ version: '4' });
    const stagingUp = onStaging({ version: '4' });
    await store.append([legacyFail, legacyUp, stagingUp]);
    expect(await summaries(dir, MAIN)).toEqual({ '3': { last: legacyFail }, '4': { last: legacyUp, lastSuccess: legacyUp } });
    expect(await summaries(dir, STAGING)).toEqual({ '3': { last: legacyFail }, '4': { last: stagingUp, lastSuccess: stagingUp } });
    // A newer entry of one database wins over an older one that names none, for that database only.
    const mainFix = onMain({ version: '3' });
    await store.append([mainFix]);
    expect((await summaries(dir, MAIN, ['3']))['3']).toEqual({ last: mainFix, lastSuccess: mainFix });
    expect((await summaries(dir, STAGING, ['3']))['3']).toEqual({ last: legacyFail });
    expect(await new HistoryStore(dir, { database: MAIN }).read()).toMatchObject({
      entries: [mainFix, stagingUp, legacyUp, legacyFail].filter((e) => e.database !== STAGING),
    });
  });

  it("a drop or load forgets only its own database's past (one that names no database forgets all)", async () => {
    const dir = stateDir();
    const store = new HistoryStore(dir);
    const legacy = entry({ version: '1' });
    const main2 = onMain({ version: '2', status: 'failed' });
    const staging2 = onStaging({ version: '2', status: 'failed' });
    await store.append([legacy, main2, staging2]);
    await summaries(dir, MAIN);
    const stagingDrop = onStaging({ action: 'drop', version: null, name: null, file: null });
    const staging5 = onStaging({ version: '5' });
    await store.append([stagingDrop, staging5]);
    // Main keeps everything; staging's past (its own and the entries naming no database) is gone.
    expect(await summaries(dir, MAIN)).toEqual({ '1': { last: legacy, lastSuccess: legacy }, '2': { last: main2 } });
    expect(await summaries(dir, STAGING)).toEqual({ '5': { last: staging5, lastSuccess: staging5 } });
    // A failed drop forgets nothing.
    await store.append([onMain({ action: 'drop', version: null, status: 'failed' })]);
    expect(Object.keys(await summaries(dir, MAIN)).sort()).toEqual(['1', '2']);
    // A drop recorded before history was per database forgets every database's past.
    const legacyLoad = entry({ action: 'load', version: null });
    const main7 = onMain({ version: '7' });
    await store.append([legacyLoad, main7]);
    expect(await summaries(dir, MAIN)).toEqual({ '7': { last: main7, lastSuccess: main7 } });
    expect(await summaries(dir, STAGING)).toEqual({});
  });

  it('exports the database in CSV', () => {
    const csv = historyToCsv([onMain(), entry()]).split('\r\n');
    expect(csv[0]).toMatch(/,databaseLabel,database$/);
    expect(csv[1]).toMatch(new RegExp(`,postgres://db:5432/shop,${MAIN}$`));
    expect(csv[2]).toMatch(/,,$/);
  });
});
