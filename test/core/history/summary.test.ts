// What status takes from history: per-version latest entries, kept in a cache that is
// brought up to date incrementally and rebuilt when the file was rewritten.

import { appendFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HistoryStore, serializeHistoryEntry } from '../../../src/core/history/store.js';
import { historyEntry as entry } from '../../helpers/history-entry.js';

function store(): HistoryStore {
  return new HistoryStore(path.join(mkdtempSync(path.join(os.tmpdir(), 'dbtk-summary-')), '.dbtk'));
}

describe('history summary', () => {
  it('keeps the newest entry and the newest success per version', async () => {
    const s = store();
    const up1 = entry({ version: '1' });
    const up2 = entry({ version: '2' });
    const failed2 = entry({ version: '2', status: 'failed', errorMessage: 'boom' });
    await s.append([up1, up2, failed2, entry({ action: 'create', version: null })]);
    const summary = await s.summary();
    expect(summary.versions.get('1')).toEqual({ last: up1, lastSuccess: up1 });
    expect(summary.versions.get('2')).toEqual({ last: failed2, lastSuccess: up2 });
  });

  it('reads the same entries line by line (a few versions of a long history) as from the whole file (most of it wanted)', async () => {
    const s = store();
    const longError = entry({ version: '7', status: 'failed', errorMessage: `boom ${'x'.repeat(3000)}` });
    const older = Array.from({ length: 400 }, (_, i) => entry({ version: String(100 + i) }));
    const success7 = entry({ version: '7' });
    await s.append([...older, success7, longError, entry({ version: '8' })]);
    // Two versions of 403 is a small part of the file: each line is read where it starts.
    const few = await (await s.index()).lookup(['7', '8']);
    expect(few.versions.get('7')).toEqual({ last: longError, lastSuccess: success7 });
    expect(few.versions.get('8')?.last?.version).toBe('8');
    // Every version: the file is read once; the answers are the same.
    const all = await s.summary();
    expect(all.versions.size).toBe(402);
    expect(all.versions.get('7')).toEqual(few.versions.get('7'));
  });

  it('is cached, then updated from the lines appended since (same answer as a fresh build)', async () => {
    const s = store();
    await s.append([entry({ version: '1' }), entry({ version: '2' })]);
    await s.summary();
    const cacheFile = path.join(s.stateDir, 'history-summary.json');
    expect(existsSync(cacheFile)).toBe(true);
    const down1 = entry({ action: 'down', version: '1' });
    const up3 = entry({ version: '3', status: 'failed' });
    await s.append([down1, up3]);
    const incremental = await s.summary();
    expect(incremental.versions.get('1')).toEqual({ last: down1, lastSuccess: down1 });
    expect(incremental.versions.get('3')).toEqual({ last: up3 });
    expect((JSON.parse(readFileSync(cacheFile, 'utf8')) as { size: number }).size).toBe(readFileSync(s.file).length);
    writeFileSync(cacheFile, '{broken');
    const rebuilt = await s.summary();
    expect(Object.fromEntries(rebuilt.versions)).toEqual(Object.fromEntries(incremental.versions));
  });

  it('rebuilds when the history file was rewritten, not appended to', async () => {
    const s = store();
    await s.append([entry({ version: '1' }), entry({ version: '2' })]);
    await s.summary();
    const only = entry({ version: '9' });
    writeFileSync(s.file, `${serializeHistoryEntry(only)}\n`);
    const summary = await s.summary();
    expect([...summary.versions.keys()]).toEqual(['9']);
  });

  it('a successful drop or load forgets what came before it (that database is gone)', async () => {
    const s = store();
    await s.append([entry({ version: '1' }), entry({ version: '2', status: 'failed' })]);
    await s.append([entry({ action: 'drop', version: null, status: 'failed' })]);
    expect((await s.summary()).versions.size).toBe(2);
    const later = entry({ version: '3' });
    await s.append([entry({ action: 'drop', version: null }), later]);
    expect([...(await s.summary()).versions.keys()]).toEqual(['3']);
    // The same answer when built from scratch (reading from the end).
    const fresh = new HistoryStore(s.stateDir);
    writeFileSync(path.join(s.stateDir, 'history-summary.json'), '');
    expect([...(await fresh.summary()).versions.keys()]).toEqual(['3']);
  });

  it('skips bad lines with a warning and picks up a half line once it is followed by more', async () => {
    const s = store();
    await s.append([entry({ version: '1' })]);
    appendFileSync(s.file, '{"schema":1,"id":"cut');
    expect((await s.summary()).versions.size).toBe(1);
    await s.append([entry({ version: '2' })]);
    const summary = await s.summary();
    expect([...summary.versions.keys()].sort()).toEqual(['1', '2']);
    expect(summary.warnings.join('\n')).toMatch(/not valid JSON/);
  });
});
