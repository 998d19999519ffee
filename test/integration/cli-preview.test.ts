import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PreviewResult } from '../../src/core/project/preview.js';
import { makeTempProject, runDbmate, runDbtk } from '../helpers/project.js';

async function sqliteProject() {
  const p = makeTempProject('dbtk-preview-cli-');
  const url = `sqlite:${path.join(p.dir, 'db', 'app.sqlite3')}`;
  p.addMigration('20240101000000', 'users', 'CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);', 'DROP TABLE users;');
  const applied = await runDbmate(['--no-dump-schema', 'up'], { cwd: p.dir, url });
  expect(applied.exitCode, String(applied.stderr)).toBe(0);
  p.addMigration(
    '20240102000000',
    'age',
    'ALTER TABLE users ADD COLUMN age INTEGER NOT NULL;\nUPDATE users SET name = trim(name);',
    'ALTER TABLE users DROP COLUMN age;',
  );
  return { p, env: { DATABASE_URL: url } };
}

describe('dbtk preview (real binary)', () => {
  it('shows the pending migration: statements, objects, risk with reasons; exit 0', async () => {
    const { p, env } = await sqliteProject();
    const run = await runDbtk(['preview'], { cwd: p.dir, env });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toContain('Preview: 1 migration, up (migrate) · SQLite');
    expect(run.stdout).toContain('20240102000000_age.sql  pending · up · in a transaction');
    expect(run.stdout).toContain('Objects: Tables: ~1, Columns: +1, Data: update users');
    expect(run.stdout).toMatch(/1\. line 2 +add column users\.age/);
    expect(run.stdout).toMatch(/HIGH +not-null-without-default +line 2: adds NOT NULL column users\.age/);
    expect(run.stdout).toMatch(/HIGH +update-without-where +line 3/);
    expect(run.stdout).toContain('Risk: HIGH (2 high, 1 low)');
    expect(run.stdout).not.toContain('\x1b[');
  });

  it('--json has the documented shape', async () => {
    const { p, env } = await sqliteProject();
    const run = await runDbtk(['preview', 'pending', '--json'], { cwd: p.dir, env });
    expect(run.exitCode, run.stderr).toBe(0);
    const result = run.json<PreviewResult>();
    expect(Object.keys(result).sort()).toEqual(['connection', 'dialect', 'direction', 'migrations', 'ok', 'statusKnown', 'totals']);
    const [m] = result.migrations;
    expect(Object.keys(m).sort()).toEqual(
      [
        'dialect',
        'direction',
        'estimate',
        'file',
        'findings',
        'name',
        'objects',
        'objectsLine',
        'path',
        'problems',
        'risk',
        'statements',
        'status',
        'suppressed',
        'transaction',
        'version',
        'warnings',
      ].sort(),
    );
    expect(m.statements[0]).toMatchObject({
      index: 0,
      line: 2,
      endLine: 2,
      kind: 'add_column',
      parser: 'patterns',
      sql: 'ALTER TABLE users ADD COLUMN age INTEGER NOT NULL',
    });
    expect(m.objects.columns).toEqual({ created: ['users.age'], altered: [], dropped: [] });
    expect(result.totals).toMatchObject({
      migrations: 1,
      statements: 2,
      risk: 'high',
      findings: { high: 2, medium: 0, low: 1 },
      suppressed: 0,
      estimateMs: null,
    });
  });

  it('--down previews the rollback of the last applied migration', async () => {
    const { p, env } = await sqliteProject();
    const run = await runDbtk(['preview', '--down', '--json'], { cwd: p.dir, env });
    expect(run.exitCode, run.stderr).toBe(0);
    const [m] = run.json<PreviewResult>().migrations;
    expect([m.version, m.status, m.direction]).toEqual(['20240101000000', 'applied', 'down']);
    expect(m.findings.map((f) => f.rule)).toEqual(['drop-table']);
  });

  it('an unknown version exits 2 with a hint', async () => {
    const { p, env } = await sqliteProject();
    const run = await runDbtk(['preview', '999'], { cwd: p.dir, env });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('No migration file has version or name "999"');
    expect(run.stderr).toContain('dbtk status');
  });

  it('works on the files when the database is unreachable', async () => {
    const { p } = await sqliteProject();
    const run = await runDbtk(['preview'], { cwd: p.dir, env: { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none?sslmode=disable' } });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toContain('Status unknown:');
    expect(run.stdout).toContain('Preview: 2 migrations, up (migrate) · PostgreSQL');
  });
});
