// `dbtk templates list|show` through the real binary.

import { describe, expect, it } from 'vitest';
import type { TemplateProblem, TemplateSummary } from '../../src/core/templates/library.js';
import { makeTempProject, runDbtk } from '../helpers/project.js';

describe('dbtk templates', () => {
  it("lists the templates for the project's database, blank first", async () => {
    const project = makeTempProject();
    const run = await runDbtk(['templates'], { cwd: project.dir, env: { DATABASE_URL: 'sqlite:db/test.sqlite3' } });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/^Templates for SQLite \(add your own in \.dbtk\/templates\/\)/);
    expect(run.stdout).toMatch(/\n {2}blank +An empty migration/);
    expect(run.stdout).toMatch(/modify_column +Change a column's type \(SQLite rebuilds the table/);
  });

  it('lists as JSON for another dialect, marking project templates', async () => {
    const project = makeTempProject();
    project.writeFile('.dbtk/templates/audit.sql', '---\ndescription: Audit\n---\n-- migrate:up\nselect 1;\n\n-- migrate:down\n');
    project.writeFile('.dbtk/templates/broken.sql', 'no front matter');
    const run = await runDbtk(['templates', 'list', '--dialect', 'postgres', '--json'], { cwd: project.dir, env: {} });
    expect(run.exitCode).toBe(0);
    const out = run.json<{ dialect: string; templates: TemplateSummary[]; problems: TemplateProblem[] }>();
    expect(out.dialect).toBe('postgres');
    expect(out.templates.find((t) => t.name === 'audit')).toMatchObject({
      source: 'project',
      path: '.dbtk/templates/audit.sql',
    });
    expect(out.templates.find((t) => t.name === 'create_index')).toMatchObject({
      dialect: 'postgres',
      source: 'shipped',
    });
    expect(out.problems[0].message).toMatch(/broken.sql: it must start with a front matter block/);
  });

  it('shows one template with its placeholders, SQL and an example', async () => {
    const project = makeTempProject();
    const run = await runDbtk(['templates', 'show', 'create_index', '--dialect', 'postgres'], { cwd: project.dir, env: {} });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/^create_index — Create an index/);
    expect(run.stdout).toMatch(/PostgreSQL variant, shipped/);
    expect(run.stdout).toMatch(/concurrently +flag +no +CONCURRENTLY/);
    expect(run.stdout).toMatch(/name +identifier +\{\{table\}\}_\{\{columns\}\}_idx/);
    expect(run.stdout).toContain('CREATE INDEX {{#concurrently}}CONCURRENTLY {{/concurrently}}{{name}}');
    expect(run.stdout).toMatch(/Use: dbtk new create_index --template create_index --set table=… --set columns=…/);
  });

  it('shows JSON, and an unknown template is a usage error listing the others', async () => {
    const project = makeTempProject();
    const json = await runDbtk(['templates', 'show', 'drop_table', '--json'], {
      cwd: project.dir,
      env: { DATABASE_URL: 'mysql://root@127.0.0.1:3306/x' },
    });
    expect(json.json()).toMatchObject({
      ok: true,
      name: 'drop_table',
      dialect: 'generic',
      requestedDialect: 'mysql',
      derived: [{ key: 'definition', helper: 'table_definition' }],
    });
    const missing = await runDbtk(['templates', 'show', 'nope'], { cwd: project.dir, env: {} });
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toMatch(/There is no template "nope"[\s\S]*Available: blank, /);
    const note = await runDbtk(['templates', 'show', 'add_column'], {
      cwd: project.dir,
      env: { DATABASE_URL: 'clickhouse://localhost:9000/db' },
    });
    expect(note.stdout).toMatch(/Note: There is no ClickHouse variant of add_column, so the generic SQL template is used/);
  });
});
