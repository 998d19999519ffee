import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { LintResult } from '../../src/core/sql/lint.js';
import { makeTempProject as makeProject, runDbtk, type TempProject } from '../helpers/project.js';

const projects: TempProject[] = [];
afterAll(() => {
  for (const p of projects) rmSync(p.dir, { recursive: true, force: true });
});

/** A temp project removed after the tests. */
function makeTempProject(prefix: string): TempProject {
  const p = makeProject(prefix);
  projects.push(p);
  return p;
}

// A PostgreSQL URL nothing listens on: lint must never need the database.
const UNREACHABLE = { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none?sslmode=disable' };

function safeProject() {
  const p = makeTempProject('dbtk-lint-');
  p.addMigration(
    '20240101000000',
    'users',
    'CREATE TABLE users (\n  id bigserial PRIMARY KEY,\n  email text NOT NULL\n);\nCREATE INDEX users_email ON users (email);',
    'DROP TABLE users;',
  );
  p.addMigration(
    '20240102000000',
    'email_index',
    'CREATE INDEX CONCURRENTLY users_email_lower ON users (lower(email));',
    'DROP INDEX users_email_lower;',
    'transaction:false',
  );
  return p;
}

function riskyProject() {
  const p = safeProject();
  const risky = p.addMigration(
    '20240103000000',
    'risky',
    '\nALTER TABLE users ADD COLUMN age int NOT NULL;\nCREATE INDEX users_age ON users (age);',
    'ALTER TABLE users DROP COLUMN age;',
  );
  return { p, risky };
}

describe('dbtk lint (real binary)', () => {
  it('exits 0 with no findings on a clean project, without any database', async () => {
    const p = safeProject();
    const run = await runDbtk(['lint'], { cwd: p.dir, env: UNREACHABLE });
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('No findings in 2 files');
    expect(run.exitCode).toBe(0);
  });

  it('exits 1 on a high finding and names file, line, level, rule and fix', async () => {
    const { p } = riskyProject();
    const run = await runDbtk(['lint'], { cwd: p.dir, env: UNREACHABLE });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('db/migrations/20240103000000_risky.sql');
    expect(run.stdout).toMatch(/3:30 {2}HIGH {4}not-null-without-default {2}adds NOT NULL column users\.age/);
    expect(run.stdout).toMatch(/4:14 {2}MEDIUM {2}index-not-concurrent/);
    expect(run.stdout).toContain('Fix: Add the column with a DEFAULT');
    expect(run.stdout).toContain('3 findings (1 high, 1 medium, 1 low) in 1 of 3 files: high-risk findings fail the lint');
    expect(run.stdout).not.toContain('\x1b[');
  });

  it('--format github prints workflow annotations: error for high, warning for medium', async () => {
    const { p } = riskyProject();
    const run = await runDbtk(['lint', '--format', 'github'], { cwd: p.dir, env: UNREACHABLE });
    expect(run.exitCode).toBe(1);
    const lines = run.stdout.split('\n');
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^::error file=db\/migrations\/20240103000000_risky\.sql,line=3,col=30,endLine=3,endColumn=33,title=dbtk not-null-without-default::adds NOT NULL column users\.age .*\. Fix: /,
      ),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^::warning file=db\/migrations\/20240103000000_risky\.sql,line=4,col=14,endLine=4,endColumn=23,title=dbtk index-not-concurrent::/,
      ),
    );
  });

  it('--json gives the documented shape', async () => {
    const { p } = riskyProject();
    const run = await runDbtk(['lint', '--json'], { cwd: p.dir, env: UNREACHABLE });
    expect(run.exitCode).toBe(1);
    const result = run.json<LintResult>();
    expect(result).toMatchObject({
      ok: false,
      dialect: 'postgres',
      failOn: 'high',
      counts: { files: 3, high: 1, medium: 1, low: 1, suppressed: 0 },
      warnings: [],
      configFiles: [],
    });
    const risky = result.files.find((f) => f.version === '20240103000000');
    expect(risky?.risk).toBe('high');
    expect(risky?.findings[0]).toEqual({
      rule: 'not-null-without-default',
      level: 'high',
      message: 'adds NOT NULL column users.age without a default to an existing table',
      fix: expect.any(String),
      file: '20240103000000_risky.sql',
      path: path.join(p.dir, 'db', 'migrations', '20240103000000_risky.sql'),
      line: 3,
      column: 30,
      endLine: 3,
      endColumn: 33,
      section: 'up',
      statement: 0,
    });
  });

  it('a dbtk:ignore comment suppresses a rule for its file (exit 0 when no high finding is left)', async () => {
    const { p, risky } = riskyProject();
    writeFileSync(
      risky,
      `-- dbtk:ignore not-null-without-default -- the table is empty in every environment\n${readFileSync(risky, 'utf8')}`,
    );
    const run = await runDbtk(['lint', '--json'], { cwd: p.dir, env: UNREACHABLE });
    expect(run.exitCode).toBe(0);
    expect(run.json<LintResult>().counts).toMatchObject({ high: 0, medium: 1, suppressed: 1 });
  });

  it('the project config (dbtk.config.json) suppresses rules everywhere; a broken config is a usage error', async () => {
    const { p } = riskyProject();
    p.writeFile('dbtk.config.json', JSON.stringify({ lint: { ignore: ['not-null-without-default', 'no-such-rule'] } }));
    const run = await runDbtk(['lint'], { cwd: p.dir, env: UNREACHABLE });
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toContain('unknown rule "no-such-rule"');
    p.writeFile('.dbtk/config.json', '{ "lint": ');
    const broken = await runDbtk(['lint'], { cwd: p.dir, env: UNREACHABLE });
    expect(broken.exitCode).toBe(2);
    expect(broken.stderr).toContain('.dbtk/config.json is not valid JSON');
  });

  it('lints only the files given; a missing file is a usage error', async () => {
    const { p } = riskyProject();
    const ok = await runDbtk(['lint', 'db/migrations/20240101000000_users.sql'], { cwd: p.dir, env: UNREACHABLE });
    expect(ok.exitCode).toBe(0);
    expect(ok.stdout).toContain('No findings in 1 file');
    const missing = await runDbtk(['lint', 'db/migrations/nope.sql'], { cwd: p.dir, env: UNREACHABLE });
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain('db/migrations/nope.sql: no such file or directory');
  });

  it('says so when there is nothing to lint', async () => {
    const p = makeTempProject('dbtk-lint-empty-');
    const run = await runDbtk(['lint'], { cwd: p.dir, env: UNREACHABLE });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('No migration files found in db/migrations');
  });

  it('without a URL the SQL is sniffed: a MySQL DELIMITER file fails the lint', async () => {
    const p = makeTempProject('dbtk-lint-mysql-');
    p.addMigration('20240101000000', 'proc', 'DELIMITER //\nCREATE PROCEDURE p() BEGIN SELECT 1; END //\nDELIMITER ;', 'DROP PROCEDURE p;');
    const run = await runDbtk(['lint', '--format', 'github'], { cwd: p.dir });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toMatch(/^::error file=db\/migrations\/20240101000000_proc\.sql,line=2,title=dbtk mysql-delimiter::/m);
  });

  it('reports what dbmate would silently mishandle as warnings (a typo in a section option)', async () => {
    const p = safeProject();
    p.addMigration('20240104000000', 'typo', 'SELECT 1;', 'SELECT 1;', 'transaction:flase');
    const run = await runDbtk(['lint', '--format', 'github'], { cwd: p.dir, env: UNREACHABLE });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain(
      '::warning file=db/migrations/20240104000000_typo.sql,title=dbtk::line 1: unknown section option "transaction:flase"',
    );
  });

  it('--rules lists every rule with its level', async () => {
    const p = makeTempProject('dbtk-lint-rules-');
    const run = await runDbtk(['lint', '--rules', '--json'], { cwd: p.dir });
    expect(run.exitCode).toBe(0);
    const ids = run.json<{ rules: { id: string; level: string }[] }>().rules.map((r) => `${r.id}:${r.level}`);
    expect(ids).toContain('drop-table:high');
    expect(ids).toContain('mixed-data-and-schema:low');
  });

  it('--fail-on medium fails on a medium finding; --fail-on with an unknown level is a usage error', async () => {
    const p = safeProject();
    p.addMigration('20240104000000', 'index', 'CREATE INDEX users_id ON users (id);', 'DROP INDEX users_id;');
    expect((await runDbtk(['lint'], { cwd: p.dir, env: UNREACHABLE })).exitCode).toBe(0);
    const medium = await runDbtk(['lint', '--fail-on', 'medium'], { cwd: p.dir, env: UNREACHABLE });
    expect(medium.exitCode).toBe(1);
    expect(medium.stdout).toContain('findings at medium or above fail the lint');
    const bad = await runDbtk(['lint', '--fail-on', 'severe'], { cwd: p.dir, env: UNREACHABLE });
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('Unknown level "severe" for --fail-on');
  });

  it('--format sarif, gitlab and markdown print their reports', async () => {
    const { p } = riskyProject();
    const sarif = await runDbtk(['lint', '--format', 'sarif'], { cwd: p.dir, env: UNREACHABLE });
    expect(sarif.exitCode).toBe(1);
    expect(JSON.parse(sarif.stdout)).toMatchObject({ version: '2.1.0', runs: [{ tool: { driver: { name: 'dbtk' } } }] });
    const gitlab = await runDbtk(['lint', '--format', 'gitlab'], { cwd: p.dir, env: UNREACHABLE });
    expect(JSON.parse(gitlab.stdout)).toContainEqual(
      expect.objectContaining({ check_name: 'not-null-without-default', severity: 'critical' }),
    );
    const markdown = await runDbtk(['lint', '--format', 'markdown'], { cwd: p.dir, env: UNREACHABLE });
    expect(markdown.stdout).toContain('| high | `db/migrations/20240103000000_risky.sql:3:30` | `not-null-without-default` |');
  });

  it('rejects an unknown format', async () => {
    const p = safeProject();
    const run = await runDbtk(['lint', '--format', 'xml'], { cwd: p.dir });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('Unknown format "xml"');
  });
});
