import { describe, expect, it } from 'vitest';
import { parseMigrationContent } from '../../../src/core/migrations/file.js';
import { buildStatus, compareVersion } from '../../../src/core/migrations/status.js';

describe('compareVersion', () => {
  it('orders digit strings as numbers, whatever their length or leading zeros', () => {
    expect(compareVersion('9', '10')).toBeLessThan(0);
    expect(compareVersion('20240102000000', '20240101000000')).toBeGreaterThan(0);
    expect(compareVersion('007', '7')).toBe(0);
    expect(compareVersion('0010', '9')).toBeGreaterThan(0);
    expect(compareVersion('0', '000')).toBe(0);
    const versions = ['20240101000010', '3', '20240101000002', '0004', '100'];
    expect([...versions].sort(compareVersion)).toEqual(['3', '0004', '100', '20240101000002', '20240101000010']);
  });
});

describe('buildStatus warnings', () => {
  it('says no_down for an empty down section, not for a missing down marker', () => {
    const file = (name: string, text: string) => parseMigrationContent(name, `/x/${name}`, Buffer.from(text));
    const scan = {
      migrations: [file('1_empty.sql', '-- migrate:up\nselect 1;\n-- migrate:down\n'), file('2_none.sql', '-- migrate:up\nselect 1;\n')],
      ignored: [],
      missingDirs: [],
    };
    const dbmateStatus = {
      files: [
        { file: '1_empty.sql', version: '1', name: 'empty', applied: false },
        { file: '2_none.sql', version: '2', name: 'none', applied: false },
      ],
      applied: 0,
      pending: 2,
    };
    const status = buildStatus(dbmateStatus, scan, []);
    const byVersion = Object.fromEntries(status.migrations.map((m) => [m.version, m]));
    expect(byVersion['1'].warnings.map((w) => w.code)).toEqual(['no_down']);
    expect(byVersion['2'].warnings).toEqual([]);
    expect(byVersion['2'].problems.map((p) => p.code)).toEqual(['no_down_marker']);
  });
});
