import { mkdtempSync, rmSync, writeFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { assignVersions, dbmateName, parseSourceTool, planConversion } from '../../../src/core/convert/plan.js';
import { writeConversion } from '../../../src/core/convert/write.js';
import { REPO_ROOT } from '../../helpers/project.js';

const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'convert');
const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dbtk-convert-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe('versions', () => {
  it('keeps the tool’s order when sorted as text', () => {
    expect(assignVersions([[1n], [2n], [10n]])).toEqual(['01', '02', '10']);
    expect(assignVersions([[1n], [1n, 1n], [1n, 10n], [2n]])).toEqual(['100', '101', '110', '200']);
    expect(assignVersions([[20240101000000n], [20240102000000n]])).toEqual(['20240101000000', '20240102000000']);
  });

  it('names files the dbmate way', () => {
    expect(dbmateName('Create Users-table')).toBe('create_users_table');
    expect(dbmateName('***')).toBe('migration');
  });

  it('refuses an unknown tool with the list', () => {
    expect(() => parseSourceTool('liquibase')).toThrow(/cannot convert from "liquibase"/);
    expect(parseSourceTool('migrate')).toBe('golang-migrate');
  });
});

describe('each tool’s fixture', () => {
  it('golang-migrate: pairs up and down, pads versions, lists stray files', async () => {
    const plan = await planConversion('golang-migrate', path.join(FIXTURES, 'golang-migrate'));
    expect(plan.migrations.map((m) => m.file)).toEqual(['01_create_users.sql', '02_create_posts.sql', '10_add_user_name.sql']);
    expect(plan.mappings).toEqual([
      { from: '1', to: '01' },
      { from: '2', to: '02' },
    ]);
    expect(plan.migrations[2].content).toContain('-- migrate:down\n-- golang-migrate had no down file for this version');
    expect(plan.skipped.map((s) => s.file)).toEqual(['README.md']);
  });

  it('goose: drops statement-block markers, NO TRANSACTION becomes transaction:false on both sections, Go listed', async () => {
    const plan = await planConversion('goose', path.join(FIXTURES, 'goose'));
    const posts = plan.migrations[1].content;
    expect(posts).not.toContain('+goose');
    expect(posts).toContain('CREATE TABLE posts');
    expect(plan.migrations[2].content).toMatch(/^-- migrate:up transaction:false\n/);
    expect(plan.migrations[2].content).toContain('-- migrate:down transaction:false\nALTER TABLE users DROP COLUMN name;');
    expect(plan.skipped).toEqual([{ file: '00004_backfill_names.go', reason: expect.stringContaining('Go migration') }]);
  });

  it('flyway: dotted versions mapped, undo becomes down, executeInTransaction=false honoured, repeatable listed', async () => {
    const plan = await planConversion('flyway', path.join(FIXTURES, 'flyway'));
    expect(plan.mappings).toEqual([
      { from: '1', to: '10' },
      { from: '1.1', to: '11' },
      { from: '2', to: '20' },
    ]);
    const last = plan.migrations[2];
    expect(last.content).toContain('-- migrate:up transaction:false');
    expect(last.content).toContain('ALTER TABLE users DROP COLUMN name;');
    expect(plan.skipped.map((s) => s.file)).toEqual(['R__Backfill_names.sql']);
  });

  it('sql-migrate: notransaction on its section only', async () => {
    const plan = await planConversion('sql-migrate', path.join(FIXTURES, 'sql-migrate'));
    expect(plan.migrations[2].content).toMatch(/^-- migrate:up transaction:false\n/);
    expect(plan.migrations[2].content).toContain('\n-- migrate:down\n');
    expect(plan.migrations.map((m) => m.sourceVersion)).toEqual(['1_create_users.sql', '2_create_posts.sql', '3_add_user_name.sql']);
  });

  it('prisma: up only, with a note in the down section', async () => {
    const plan = await planConversion('prisma', path.join(FIXTURES, 'prisma'));
    expect(plan.migrations.map((m) => m.version)).toEqual(['20240101000000', '20240102000000', '20240103000000']);
    expect(plan.migrations[0].content).toContain('-- migrate:down\n-- Prisma Migrate has no down migrations');
    expect(plan.skipped.map((s) => s.file)).toEqual(['migration_lock.toml']);
  });
});

describe('bad inputs', () => {
  it('names the file and line of an unknown marker', async () => {
    const dir = folder({ '1_a.sql': '-- +goose Up\nSELECT 1;\n-- +goose Sideways\n' });
    await expect(planConversion('goose', dir)).rejects.toThrow('1_a.sql:3: unknown goose marker "-- +goose Sideways"');
  });

  it('refuses an unclosed statement block, SQL before Up, ENVSUB, and an option sql-migrate does not know', async () => {
    await expect(planConversion('goose', folder({ '1_a.sql': '-- +goose Up\n-- +goose StatementBegin\nSELECT 1;\n' }))).rejects.toThrow(
      'StatementBegin has no StatementEnd',
    );
    await expect(planConversion('goose', folder({ '1_a.sql': 'SELECT 1;\n-- +goose Up\n' }))).rejects.toThrow('SQL before');
    await expect(planConversion('goose', folder({ '1_a.sql': '-- +goose ENVSUB ON\n-- +goose Up\nSELECT 1;\n' }))).rejects.toThrow(
      'dbmate does not substitute environment variables',
    );
    await expect(planConversion('sql-migrate', folder({ '1_a.sql': '-- +migrate Up fast\nSELECT 1;\n' }))).rejects.toThrow(
      'unknown option "fast"',
    );
  });

  it('refuses version clashes, across spellings', async () => {
    await expect(planConversion('flyway', folder({ 'V1__a.sql': 'SELECT 1;', 'V1.0__b.sql': 'SELECT 1;' }))).rejects.toThrow(
      'version 1 is used twice',
    );
    const prisma = folder({ '20240101000000_a/migration.sql': 'SELECT 1;', '20240101000000_b/migration.sql': 'SELECT 2;' });
    await expect(planConversion('prisma', prisma)).rejects.toThrow(
      'Version clash: 20240101000000_a/migration.sql and 20240101000000_b/migration.sql',
    );
    await expect(
      planConversion('goose', folder({ '1_a.sql': '-- +goose Up\nSELECT 1;', '001_b.sql': '-- +goose Up\nSELECT 2;' })),
    ).rejects.toThrow('version 1 is used twice');
  });

  it('refuses an up section that would be empty, a sql-migrate file without a number, and a missing folder', async () => {
    await expect(planConversion('golang-migrate', folder({ '1_a.up.sql': '-- nothing\n' }))).rejects.toThrow('dbmate cannot run');
    await expect(planConversion('sql-migrate', folder({ 'init.sql': '-- +migrate Up\nSELECT 1;' }))).rejects.toThrow(
      'does not start with a number',
    );
    await expect(planConversion('goose', '/nonexistent/dbtk')).rejects.toThrow('cannot be read');
  });

  it('lists an undo with no versioned migration', async () => {
    const plan = await planConversion('flyway', folder({ 'V1__a.sql': 'SELECT 1;', 'U2__b.sql': 'SELECT 2;' }));
    expect(plan.skipped).toEqual([{ file: 'U2__b.sql', reason: expect.stringContaining('no versioned migration 2') }]);
  });
});

describe('writing', () => {
  it('writes every file, then refuses a second time without touching anything', async () => {
    const plan = await planConversion('goose', path.join(FIXTURES, 'goose'));
    const out = path.join(folder({}), 'db', 'migrations');
    await writeConversion(plan, out);
    expect(readdirSync(out)).toEqual(['1_create_users.sql', '2_create_posts.sql', '3_add_user_name.sql']);
    writeFileSync(path.join(out, '2_create_posts.sql'), 'mine');
    await expect(writeConversion(plan, out)).rejects.toThrow(/3 converted files would clash .*Nothing was written/);
    expect(readFileSync(path.join(out, '2_create_posts.sql'), 'utf8')).toBe('mine');
  });
});
