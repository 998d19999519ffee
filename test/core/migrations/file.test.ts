import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  listMigrationFiles,
  MAX_PARSED_BYTES,
  parseMigrationContent,
  readMigrationFile,
  scanMigrationDirs,
} from '../../../src/core/migrations/file.js';

const parse = (file: string, text: string | Buffer) =>
  parseMigrationContent(file, `/x/${file}`, Buffer.isBuffer(text) ? text : Buffer.from(text));
const codes = (m: { problems: { code: string }[] }) => m.problems.map((p) => p.code);

describe('parseMigrationContent', () => {
  it('reads version, name, sections, options and checksum', () => {
    const m = parse(
      '20240101120000_create_users.sql',
      '-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY i ON t (a);\n\n-- migrate:down\nDROP INDEX i;\n',
    );
    expect(m).toMatchObject({ version: '20240101120000', name: 'create_users', transaction: false, problems: [] });
    expect(m.up).toMatchObject({
      sql: 'CREATE INDEX CONCURRENTLY i ON t (a);',
      options: { transaction: 'false' },
      markerLine: 1,
      startLine: 2,
    });
    expect(m.down).toMatchObject({ sql: 'DROP INDEX i;', markerLine: 4 });
    expect(m.checksum).toMatch(/^[a-f0-9]{64}$/);
  });

  it('startLine points at the first SQL line, after blank lines', () => {
    const m = parse('1_a.sql', '-- migrate:up\n\n\nselect 1;\n-- migrate:down\n\ndrop table x;\n');
    expect(m.up).toMatchObject({ sql: 'select 1;', markerLine: 1, startLine: 4 });
    expect(m.down).toMatchObject({ sql: 'drop table x;', markerLine: 5, startLine: 7 });
  });

  it('changes the checksum when one byte changes', () => {
    const a = parse('1_a.sql', '-- migrate:up\nselect 1;\n-- migrate:down\n');
    const b = parse('1_a.sql', '-- migrate:up\nselect 2;\n-- migrate:down\n');
    expect(a.checksum).not.toBe(b.checksum);
  });

  it.each([
    ['no up marker', '1_a.sql', 'create table t(a int);\n-- migrate:down\n', 'no_up'],
    ['no down marker', '1_a.sql', '-- migrate:up\ncreate table t(a int);\n', 'no_down_marker'],
    ['empty up', '1_a.sql', '-- migrate:up\n-- just a comment\n\n-- migrate:down\n', 'empty_up'],
    ['bad name', 'create_users.sql', '-- migrate:up\nselect 1;\n-- migrate:down\n', 'bad_name'],
    ['unknown option', '1_a.sql', '-- migrate:up transactions:off\nselect 1;\n-- migrate:down\n', 'unknown_option'],
    [
      'two up sections (dbmate issue 820)',
      '1_a.sql',
      '-- migrate:up\nselect 1;\n-- migrate:down\n-- migrate:up\nselect 2;\n-- migrate:down\n',
      'multiple_sections',
    ],
  ])('%s gives a per-file problem', (_label, file, text, code) => {
    expect(codes(parse(file, text))).toContain(code);
  });

  it('tells a missing down marker (an error) from an empty down section (a warning)', () => {
    const missing = parse('1_a.sql', '-- migrate:up\ncreate table t(a int);\n');
    expect(missing.problems).toEqual([expect.objectContaining({ code: 'no_down_marker', severity: 'error' })]);
    const empty = parse('1_a.sql', '-- migrate:up\ncreate table t(a int);\n\n-- migrate:down\n-- nothing to undo\n');
    expect(empty.problems).toEqual([expect.objectContaining({ code: 'empty_down', severity: 'warning', line: 4 })]);
    expect(codes(parse('1_a.sql', '-- migrate:up\ncreate table t(a int);\n-- migrate:down\ndrop table t;\n'))).toEqual([]);
  });

  it('reports binary garbage as not text instead of crashing', () => {
    const garbage = Buffer.from([0x00, 0xff, 0xfe, 0x13, 0x37, 0x00, 0xc3, 0x28]);
    const m = parse('1_garbage.sql', garbage);
    expect(codes(m)).toEqual(['not_text']);
    expect(m.up).toBeNull();
  });

  it('handles CRLF files', () => {
    const m = parse('1_a.sql', '-- migrate:up\r\nselect 1;\r\n-- migrate:down\r\nselect 2;\r\n');
    expect(m.problems).toEqual([]);
    expect(m.down?.sql).toBe('select 2;');
  });
});

describe('reading files and directories', () => {
  it('does not parse a 50 MB file but still checksums it and says why', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dbtk-big-'));
    const file = path.join(dir, '1_big_seed.sql');
    const line = "INSERT INTO t VALUES ('xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx');\n";
    writeFileSync(file, `-- migrate:up\n${line.repeat(Math.ceil((50 * 1024 * 1024) / line.length))}-- migrate:down\n`);
    const m = await readMigrationFile(file);
    expect(m.sizeBytes).toBeGreaterThan(MAX_PARSED_BYTES);
    expect(codes(m)).toEqual(['too_large']);
    expect(m.problems[0].message).toMatch(/50\.\d MB is too large to analyse/);
    expect(m.checksum).toMatch(/^[a-f0-9]{64}$/);
  });

  it('scans several directories, sorts like dbmate and separates ignored files', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'dbtk-scan-'));
    mkdirSync(path.join(root, 'a'));
    mkdirSync(path.join(root, 'b'));
    writeFileSync(path.join(root, 'a', '2_second.sql'), '-- migrate:up\nselect 2;\n-- migrate:down\n');
    writeFileSync(path.join(root, 'b', '1_first.sql'), '-- migrate:up\nselect 1;\n-- migrate:down\n');
    writeFileSync(path.join(root, 'b', 'notes.sql'), 'select 1;');
    writeFileSync(path.join(root, 'b', 'README.md'), '# hi');
    const scan = await scanMigrationDirs([path.join(root, 'a'), path.join(root, 'b'), path.join(root, 'nope')]);
    expect(scan.migrations.map((m) => m.file)).toEqual(['1_first.sql', '2_second.sql']);
    expect(scan.ignored.map((m) => m.file)).toEqual(['notes.sql']);
    expect(codes(scan.ignored[0])).toContain('bad_name');
    expect(scan.missingDirs).toEqual([path.join(root, 'nope')]);
  });
});

describe('listMigrationFiles', () => {
  it("lists migrations by name alone, across folders, in dbmate's order", async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'dbtk-list-'));
    const [a, b] = [path.join(root, 'a'), path.join(root, 'b')];
    mkdirSync(a);
    mkdirSync(b);
    writeFileSync(path.join(a, '3_later.sql'), 'not even SQL');
    writeFileSync(path.join(b, '1_first.sql'), '');
    writeFileSync(path.join(a, 'notes.sql'), '');
    writeFileSync(path.join(b, '2_x.txt'), '');
    expect(await listMigrationFiles([a, b, path.join(root, 'missing')])).toEqual([
      { dir: b, file: '1_first.sql', version: '1', name: 'first' },
      { dir: a, file: '3_later.sql', version: '3', name: 'later' },
    ]);
  });
});
