// The history store: appends, newest-first reads with filters, and every bad input the
// issue names (not JSON, half a line, unknown fields, another format, an unwritable folder).

import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_WRITE_BYTES } from '../../../src/core/history/file.js';
import { HistoryStore, serializeHistoryEntry } from '../../../src/core/history/store.js';
import { type HistoryEntry } from '../../../src/core/history/types.js';
import { historyEntry } from '../../helpers/history-entry.js';

function tempDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'dbtk-history-'));
}

const entry = (overrides: Partial<HistoryEntry> = {}): HistoryEntry =>
  historyEntry({
    version: '20240101000001',
    name: 'create_users',
    file: '20240101000001_create_users.sql',
    url: 'postgres://app:***@db/shop',
    checksum: 'ab'.repeat(32),
    ...overrides,
  });

describe('HistoryStore', () => {
  it('appends whole lines and reads them back newest first', async () => {
    const store = new HistoryStore(path.join(tempDir(), '.dbtk'));
    const a = entry({ version: '1' });
    const b = entry({ version: '2', status: 'failed', errorKind: 'sql_syntax', errorMessage: 'near ")"' });
    expect(await store.append([a])).toEqual({ written: true });
    await store.append([b]);
    const text = readFileSync(store.file, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    expect(text.trim().split('\n')).toHaveLength(2);
    const { entries, warnings } = await store.read();
    expect(entries).toEqual([b, a]);
    expect(warnings).toEqual([]);
  });

  it('a missing history is empty, not an error', async () => {
    const store = new HistoryStore(path.join(tempDir(), '.dbtk'));
    expect(await store.read()).toEqual({ entries: [], warnings: [] });
    expect((await store.summary()).versions.size).toBe(0);
  });

  it('filters by status, action, version, dates, text and limit', async () => {
    const store = new HistoryStore(path.join(tempDir(), '.dbtk'));
    const list = [
      entry({ version: '1', startedAt: '2024-01-01T10:00:00.000Z' }),
      entry({
        version: '2',
        status: 'failed',
        errorKind: 'sql_syntax',
        errorMessage: 'syntax error at "usrs"',
        startedAt: '2024-02-01T10:00:00.000Z',
      }),
      entry({ version: '2', startedAt: '2024-02-02T10:00:00.000Z' }),
      entry({ action: 'down', version: '2', startedAt: '2024-03-01T10:00:00.000Z' }),
      entry({ action: 'drop', version: null, name: null, file: null, checksum: null, startedAt: '2024-04-01T10:00:00.000Z' }),
    ];
    await store.append(list);
    const ids = async (filter: Parameters<HistoryStore['read']>[0]) => (await store.read(filter)).entries.map((e) => e.id);
    expect(await ids({ status: 'failed' })).toEqual([list[1].id]);
    expect(await ids({ action: 'down' })).toEqual([list[3].id]);
    expect(await ids({ version: '2' })).toEqual([list[3].id, list[2].id, list[1].id]);
    expect(await ids({ since: new Date('2024-02-01T10:00:00.000Z'), until: new Date('2024-03-01T10:00:00.000Z') })).toEqual([
      list[2].id,
      list[1].id,
    ]);
    expect(await ids({ search: 'USRS' })).toEqual([list[1].id]);
    expect(await ids({ search: '"usrs"' })).toEqual([list[1].id]);
    expect(await ids({ limit: 2 })).toEqual([list[4].id, list[3].id]);
    expect(await ids({ version: '2', limit: 1 })).toEqual([list[3].id]);
  });

  it('keeps every line within one atomic write, shortening a huge error message', () => {
    const huge = entry({ status: 'failed', errorMessage: `ERROR: ${'x'.repeat(20_000)}` });
    const line = serializeHistoryEntry(huge);
    expect(Buffer.byteLength(line)).toBeLessThan(MAX_WRITE_BYTES);
    const back = JSON.parse(line) as HistoryEntry;
    expect(back.errorMessage!.startsWith('ERROR: xxx')).toBe(true);
    expect(back.errorMessage!.endsWith('…')).toBe(true);
    expect({ ...back, errorMessage: null }).toEqual({ ...huge, errorMessage: null });
  });

  it('skips a line that is not JSON, with a warning, and keeps the rest', async () => {
    const store = new HistoryStore(path.join(tempDir(), '.dbtk'));
    const a = entry();
    const b = entry();
    await store.append([a]);
    appendFileSync(store.file, 'this is not json\n');
    await store.append([b]);
    const { entries, warnings } = await store.read();
    expect(entries.map((e) => e.id)).toEqual([b.id, a.id]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/Skipped 1 history line that is not valid JSON \(byte \d+ `this is not json`\)/);
  });

  it('half a line (a write cut short) is skipped, and the next append starts on its own line', async () => {
    const store = new HistoryStore(path.join(tempDir(), '.dbtk'));
    const a = entry();
    await store.append([a]);
    const half = serializeHistoryEntry(entry()).slice(0, 60);
    appendFileSync(store.file, half);
    let read = await store.read();
    expect(read.entries.map((e) => e.id)).toEqual([a.id]);
    expect(read.warnings.join('\n')).toMatch(/incomplete last history line/);
    const c = entry();
    await store.append([c]);
    expect(readFileSync(store.file, 'utf8').split('\n')).toContain(half);
    read = await store.read();
    expect(read.entries.map((e) => e.id)).toEqual([c.id, a.id]);
    expect(read.warnings.join('\n')).toMatch(/not valid JSON/);
  });

  it('an entry with unknown fields is read (fields ignored) and left as it was in the file', async () => {
    const store = new HistoryStore(path.join(tempDir(), '.dbtk'));
    const a = entry();
    await store.append([entry({ version: '0' })]);
    const withExtra = JSON.stringify({ ...a, reviewer: 'bo', backup: { path: '/x' } });
    appendFileSync(store.file, `${withExtra}\n`);
    const before = readFileSync(store.file, 'utf8');
    const { entries, warnings } = await store.read();
    expect(warnings).toEqual([]);
    expect(entries[0]).toEqual(a);
    expect(entries[0]).not.toHaveProperty('reviewer');
    expect(readFileSync(store.file, 'utf8')).toBe(before);
  });

  it('entries in another history format are refused clearly, and lines that are not entries are skipped', async () => {
    const store = new HistoryStore(path.join(tempDir(), '.dbtk'));
    const a = entry();
    await store.append([a]);
    appendFileSync(store.file, `${JSON.stringify({ ...entry(), schema: 2 })}\n${JSON.stringify({ ...entry(), schema: 2 })}\n`);
    appendFileSync(store.file, `${JSON.stringify({ hello: 'world' })}\n[1,2]\n`);
    const { entries, warnings } = await store.read();
    expect(entries).toEqual([a]);
    expect(warnings.join('\n')).toMatch(
      /Skipped 2 history entries in history format 2 \(written by another dbtk version; this one reads format 1 — upgrade dbtk/,
    );
    expect(warnings.join('\n')).toMatch(/Skipped 2 history lines that are not a dbtk history entry/);
  });

  it('an unwritable state folder gives a warning instead of an error', async () => {
    // Tests may run as root, which ignores file permissions; a regular FILE where the
    // state folder should be makes the folder unwritable for root too.
    const dir = tempDir();
    writeFileSync(path.join(dir, '.dbtk'), 'not a folder');
    const store = new HistoryStore(path.join(dir, '.dbtk'));
    const result = await store.append([entry()]);
    expect(result.written).toBe(false);
    expect(result.warning).toMatch(/History was not written to .*history\.jsonl: .*\.dbtk is not a folder/);
    const read = await store.read();
    expect(read.entries).toEqual([]);
    expect(readFileSync(path.join(dir, '.dbtk'), 'utf8')).toBe('not a folder');
  });

  it('adds the state folder to .gitignore once, when the history starts in a Git project', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, '.gitignore'), 'node_modules');
    const store = new HistoryStore(path.join(dir, '.dbtk'), { gitignoreRoot: dir });
    await store.append([entry()]);
    await store.append([entry()]);
    const gitignore = readFileSync(path.join(dir, '.gitignore'), 'utf8');
    expect(gitignore).toBe(
      'node_modules\n\n# dbtk: local state (history, caches); project templates stay shared\n/.dbtk/*\n!/.dbtk/templates/\n',
    );
  });
});
