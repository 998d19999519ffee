import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { avoidVersionCollision, createMigration, nextVersion } from '../../../src/core/project/new-migration.js';
import { openProject } from '../../../src/core/project/project.js';
import { makeTempProject } from '../../helpers/project.js';

describe('nextVersion', () => {
  it('adds one second to a dbmate timestamp, carrying over minutes, days and years', () => {
    expect(nextVersion('20240101120000')).toBe('20240101120001');
    expect(nextVersion('20240101125959')).toBe('20240101130000');
    expect(nextVersion('20241231235959')).toBe('20250101000000');
    expect(nextVersion('0042')).toBe('0043');
  });
});

describe('avoidVersionCollision', () => {
  it('moves the new file to the first free version and never touches the others', async () => {
    const project = makeTempProject();
    const taken = project.addMigration('20240101120000', 'other', 'select 1;');
    project.addMigration('20240101120001', 'another', 'select 2;');
    const mine = project.writeFile('db/migrations/20240101120000_mine.sql', '-- migrate:up\n\n-- migrate:down\n');
    const moved = await avoidVersionCollision({ path: mine, file: path.basename(mine) }, [project.migrationsDir]);
    expect(moved).toMatchObject({ file: '20240101120002_mine.sql', version: '20240101120002', bumpedFrom: '20240101120000' });
    expect(readdirSync(project.migrationsDir).sort()).toEqual([
      '20240101120000_other.sql',
      '20240101120001_another.sql',
      '20240101120002_mine.sql',
    ]);
    expect(readFileSync(taken, 'utf8')).toContain('select 1;');
  });

  it('leaves a file with a free version where it is', async () => {
    const project = makeTempProject();
    const mine = project.writeFile('db/migrations/20240101120000_mine.sql', '');
    expect(await avoidVersionCollision({ path: mine, file: path.basename(mine) }, [project.migrationsDir])).toEqual({
      path: mine,
      file: '20240101120000_mine.sql',
      version: '20240101120000',
    });
  });
});

describe('createMigration', () => {
  it('creates the file through dbmate and writes the content', async () => {
    const project = makeTempProject();
    const opened = await openProject({ cwd: project.dir, env: { PATH: process.env.PATH } });
    const created = await createMigration(opened, 'add_email', '-- migrate:up\nselect 1;\n\n-- migrate:down\n');
    expect(created.file).toMatch(/^\d{14}_add_email\.sql$/);
    expect(readFileSync(created.path, 'utf8')).toBe('-- migrate:up\nselect 1;\n\n-- migrate:down\n');
    // No temporary files are left behind.
    expect(readdirSync(project.migrationsDir)).toEqual([created.file]);
  });

  it('gives each of several quick migrations its own version', async () => {
    const project = makeTempProject();
    const opened = await openProject({ cwd: project.dir, env: { PATH: process.env.PATH } });
    const first = await createMigration(opened, 'first');
    // Another file already holds the next versions (a teammate's, or the same second).
    writeFileSync(path.join(project.migrationsDir, `${first.version}_teammate.sql`), '-- migrate:up\n-- migrate:down\n');
    const versions = new Set([first.version]);
    for (const name of ['second', 'third']) versions.add((await createMigration(opened, name)).version);
    expect(versions.size).toBe(3);
    const files = readdirSync(project.migrationsDir);
    const byVersion = new Map<string, number>();
    for (const file of files) byVersion.set(file.slice(0, 14), (byVersion.get(file.slice(0, 14)) ?? 0) + 1);
    expect([...byVersion.entries()].filter(([v, n]) => n > 1 && v !== first.version)).toEqual([]);
  });

  it('creates the same name twice in a row (dbmate refuses within one second; dbtk waits)', async () => {
    const project = makeTempProject();
    const opened = await openProject({ cwd: project.dir, env: { PATH: process.env.PATH } });
    const a = await createMigration(opened, 'same');
    const b = await createMigration(opened, 'same');
    expect(a.version).not.toBe(b.version);
    expect(readdirSync(project.migrationsDir).sort()).toEqual([a.file, b.file].sort());
  });

  it('refuses a bad name before creating anything', async () => {
    const project = makeTempProject();
    const opened = await openProject({ cwd: project.dir, env: { PATH: process.env.PATH } });
    await expect(createMigration(opened, 'Add-Email')).rejects.toThrow(/not a valid migration name/);
    expect(readdirSync(project.migrationsDir)).toEqual([]);
  });
});
