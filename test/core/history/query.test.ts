// What people type for `dbtk history` filters, CSV export, and the .gitignore rule.

import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isDbtkError } from '../../../src/core/shared/errors.js';
import { csvField, historyToCsv } from '../../../src/core/history/csv.js';
import { ensureStateGitignore, ignoresStateDir } from '../../../src/core/history/gitignore.js';
import { parseHistoryDate, parseHistoryLimit, parseHistoryStatus, quickReject } from '../../../src/core/history/query.js';
import type { HistoryEntry } from '../../../src/core/history/types.js';

describe('parseHistoryDate', () => {
  const now = new Date(2024, 5, 15, 12, 0, 0);
  it('reads dates, date-times, named days and spans back from now', () => {
    expect(parseHistoryDate('2024-06-01', '--since')).toEqual(new Date(2024, 5, 1));
    expect(parseHistoryDate('2024-06-01', '--until', { endOfDay: true })).toEqual(new Date(2024, 5, 2));
    expect(parseHistoryDate('2024-06-01T14:30:00Z', '--since')).toEqual(new Date(Date.UTC(2024, 5, 1, 14, 30)));
    expect(parseHistoryDate('2024-06-01 14:30', '--since')).toEqual(new Date(2024, 5, 1, 14, 30));
    expect(parseHistoryDate('7d', '--since', { now })).toEqual(new Date(2024, 5, 8, 12, 0, 0));
    expect(parseHistoryDate('12h', '--since', { now })).toEqual(new Date(2024, 5, 15, 0, 0, 0));
    expect(parseHistoryDate('yesterday', '--since', { now })).toEqual(new Date(2024, 5, 14));
    expect(parseHistoryDate('today', '--until', { now, endOfDay: true })).toEqual(new Date(2024, 5, 16));
  });

  it('refuses what is not a date, with the accepted forms', () => {
    for (const bad of ['last week', '2024-02-30', '2024-13-01', '', '7 days', '01/06/2024']) {
      let error: unknown;
      try {
        parseHistoryDate(bad, '--since');
      } catch (e) {
        error = e;
      }
      expect(isDbtkError(error, 'usage')).toBe(true);
      expect((error as Error).message).toContain('--since');
      expect((error as { hint: string }).hint).toMatch(/2024-06-01.*7d/);
    }
  });

  it('limit and status accept only what they mean', () => {
    expect(parseHistoryLimit('50')).toBe(50);
    for (const bad of ['0', '-1', 'ten', '1.5']) expect(() => parseHistoryLimit(bad)).toThrow(/--limit must be a whole number/);
    expect(parseHistoryStatus('failed')).toBe('failed');
    expect(() => parseHistoryStatus('ok')).toThrow(/--status must be "success" or "failed"/);
  });

  it('the raw-line shortcut never rejects a line that could match', () => {
    const line = '{"schema":1,"version":"20240101000001","status":"failed","errorMessage":"Déjà vu"}';
    expect(quickReject(line, { status: 'failed', version: '20240101000001', search: 'déjà' })).toBe(false);
    expect(quickReject(line, { status: 'success' })).toBe(true);
    expect(quickReject(line, { search: 'nothing here' })).toBe(true);
    expect(quickReject(line, { search: 'a "quoted' })).toBe(false);
  });
});

describe('history CSV', () => {
  it('quotes per RFC 4180 and neutralises formulas', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(null)).toBe('');
    expect(csvField(3.25)).toBe('3.25');
    for (const evil of ['=HYPERLINK("http://x")', '+1', '-2+3', '@SUM(A1)', '\tx']) {
      expect(csvField(evil).replace(/^"/, '').startsWith("'")).toBe(true);
    }
    expect(csvField('=1,2')).toBe(`"'=1,2"`);
  });

  it('has a header row, CRLF line ends and ISO dates', () => {
    const entry: HistoryEntry = {
      schema: 1,
      id: 'x',
      action: 'up',
      version: '1',
      name: 'n',
      file: '1_n.sql',
      appliedBy: 'a@b',
      connection: 'c',
      url: 'sqlite:x',
      startedAt: '2024-06-01T10:00:00.000Z',
      durationMs: 1.5,
      status: 'failed',
      errorKind: 'sql_syntax',
      errorMessage: '=cmd|" /C calc"!A0',
      checksum: null,
      dbtkVersion: '0.1.0',
      dbmateVersion: null,
    };
    const csv = historyToCsv([entry]);
    const [header, row, end] = csv.split('\r\n');
    expect(header).toBe(
      'id,startedAt,action,status,version,name,file,durationMs,appliedBy,connection,url,errorKind,errorMessage,checksum,dbtkVersion,dbmateVersion,databaseLabel,database',
    );
    expect(row).toBe(`x,2024-06-01T10:00:00.000Z,up,failed,1,n,1_n.sql,1.5,a@b,c,sqlite:x,sql_syntax,"'=cmd|"" /C calc""!A0",,0.1.0,,,`);
    expect(end).toBe('');
  });
});

describe('.gitignore', () => {
  const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'dbtk-gitignore-'));

  it('is created in a Git repository that has none', async () => {
    const dir = tmp();
    mkdirSync(path.join(dir, '.git'));
    expect(await ensureStateGitignore(dir, path.join(dir, '.dbtk'))).toBe(true);
    expect(readFileSync(path.join(dir, '.gitignore'), 'utf8')).toMatch(/^# dbtk.*\n\/\.dbtk\/\*\n!\/\.dbtk\/templates\/\n$/);
  });

  it('is left alone when the project is not in Git, already ignores .dbtk, or the state is elsewhere', async () => {
    const plain = tmp();
    expect(await ensureStateGitignore(plain, path.join(plain, '.dbtk'))).toBe(false);
    expect(existsSync(path.join(plain, '.gitignore'))).toBe(false);
    const ignored = tmp();
    writeFileSync(path.join(ignored, '.gitignore'), 'dist\n.dbtk/\n');
    expect(await ensureStateGitignore(ignored, path.join(ignored, '.dbtk'))).toBe(false);
    expect(readFileSync(path.join(ignored, '.gitignore'), 'utf8')).toBe('dist\n.dbtk/\n');
    const other = tmp();
    writeFileSync(path.join(other, '.gitignore'), '');
    expect(await ensureStateGitignore(other, path.join(os.homedir(), '.dbtk', 'connections', 'x', 'state'))).toBe(false);
  });

  it('recognises the usual spellings', () => {
    for (const rule of ['.dbtk', '.dbtk/', '/.dbtk/', '/.dbtk/*', '.dbtk/**'])
      expect(ignoresStateDir(`node_modules\n${rule}\n`)).toBe(true);
    expect(ignoresStateDir('.dbtk-old\n# .dbtk\n')).toBe(false);
  });
});
