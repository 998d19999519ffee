// `dbtk history --csv`: a file spreadsheets open as written, and never run as formulas.

import { describe, expect, it } from 'vitest';
import { csvField, historyToCsv } from '../../../src/core/history/csv.js';
import type { HistoryEntry } from '../../../src/core/history/types.js';

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
