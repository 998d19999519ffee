// `dbtk new NAME --template T --set key=value` through the real binary, in a temp project.

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FailureJson } from '../helpers/cli-json.js';
import { makeTempProject, runDbtk } from '../helpers/project.js';

const ENV = { DATABASE_URL: 'sqlite:db/test.sqlite3' };

function newProject() {
  return makeTempProject('dbtk-new-');
}

describe('dbtk new --template', () => {
  it('renders the template into a new migration', async () => {
    const project = newProject();
    const run = await runDbtk(
      ['new', 'add_email', '--template', 'add_column', '--set', 'table=users', '--set', 'column=email', '--set', 'type=text'],
      { cwd: project.dir, env: ENV },
    );
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    const files = readdirSync(project.migrationsDir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^\d{14}_add_email\.sql$/);
    expect(run.stdout).toMatch(/^Created .*_add_email\.sql from template add_column$/);
    expect(readFileSync(path.join(project.migrationsDir, files[0]), 'utf8')).toBe(
      '-- migrate:up\nALTER TABLE users ADD COLUMN email text;\n\n-- migrate:down\nALTER TABLE users DROP COLUMN email;\n',
    );
  });

  it('prints JSON with the file and the template used', async () => {
    const project = newProject();
    const run = await runDbtk(
      ['new', 'users_email_idx', '--template', 'create_unique_index', '--set', 'table=users', '--set', 'columns=email', '--json'],
      { cwd: project.dir, env: ENV },
    );
    expect(run.exitCode).toBe(0);
    const out = run.json<{ path: string }>();
    expect(out).toMatchObject({ ok: true, template: { name: 'create_unique_index', source: 'shipped' }, notes: [] });
    expect(readFileSync(out.path, 'utf8')).toContain('CREATE UNIQUE INDEX users_email_key ON users (email);');
  });

  it('lists the missing required values and writes nothing (exit 2)', async () => {
    const project = newProject();
    const run = await runDbtk(['new', 'add_email', '--template', 'add_column', '--set', 'table=users'], { cwd: project.dir, env: ENV });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/Missing required value for template add_column: column \(New column\)/);
    expect(run.stderr).toMatch(/--set column=/);
    expect(readdirSync(project.migrationsDir)).toEqual([]);
  });

  it('lists the available templates for an unknown one and writes nothing (exit 2)', async () => {
    const project = newProject();
    const run = await runDbtk(['new', 'add_email', '--template', 'add_colum', '--json'], { cwd: project.dir, env: ENV });
    expect(run.exitCode).toBe(2);
    const { error } = run.json<FailureJson>();
    expect(error.message).toBe('There is no template "add_colum".');
    expect(error.hint).toMatch(/Available: blank, add_check_constraint, add_column,/);
    expect(readdirSync(project.migrationsDir)).toEqual([]);
  });

  it('rejects injection attempts in values and writes nothing', async () => {
    const project = newProject();
    const run = await runDbtk(
      [
        'new',
        'add_email',
        '--template',
        'add_column',
        '--set',
        'table=users; drop table x',
        '--set',
        'column=email',
        '--set',
        "default='x'); drop table users; --",
      ],
      { cwd: project.dir, env: ENV },
    );
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/Invalid values .* table: .*; default: /);
    expect(readdirSync(project.migrationsDir)).toEqual([]);
  });

  it('rejects a name that is not snake_case, and --set without --template', async () => {
    const project = newProject();
    const bad = await runDbtk(['new', 'AddEmail', '--template', 'blank'], { cwd: project.dir, env: ENV });
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/"AddEmail" is not a valid migration name: use lowercase letters, digits and underscores/);
    const stray = await runDbtk(['new', 'add_email', '--set', 'table=users'], { cwd: project.dir, env: ENV });
    expect(stray.exitCode).toBe(2);
    expect(stray.stderr).toMatch(/--set only applies with --template/);
    const malformed = await runDbtk(['new', 'add_email', '--template', 'add_column', '--set', 'table'], { cwd: project.dir, env: ENV });
    expect(malformed.stderr).toMatch(/--set needs key=value/);
    expect(readdirSync(project.migrationsDir)).toEqual([]);
  });

  it('uses a project template from .dbtk/templates/ over the shipped one', async () => {
    const project = newProject();
    project.writeFile(
      '.dbtk/templates/add_column.sql',
      `---
description: Our add column (always NOT NULL with a default)
placeholders:
  table: {label: Table, kind: identifier, required: true}
  column: {label: Column, kind: identifier, required: true}
---
-- migrate:up
ALTER TABLE {{table}} ADD COLUMN {{column}} text NOT NULL DEFAULT '';

-- migrate:down
ALTER TABLE {{table}} DROP COLUMN {{column}};
`,
    );
    const run = await runDbtk(['new', 'add_email', '--template', 'add_column', '--set', 'table=users', '--set', 'column=email'], {
      cwd: project.dir,
      env: ENV,
    });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/from project template add_column/);
    const [file] = readdirSync(project.migrationsDir);
    expect(readFileSync(path.join(project.migrationsDir, file), 'utf8')).toContain("ADD COLUMN email text NOT NULL DEFAULT '';");
  });

  it('still creates a blank migration without --template', async () => {
    const project = newProject();
    const run = await runDbtk(['new', 'create_users'], { cwd: project.dir, env: ENV });
    expect(run.exitCode).toBe(0);
    const [file] = readdirSync(project.migrationsDir);
    expect(readFileSync(path.join(project.migrationsDir, file), 'utf8')).toMatch(/^-- migrate:up\n[\s\S]*-- migrate:down/);
  });
});
