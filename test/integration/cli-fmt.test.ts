// `dbtk fmt [FILE…] [--check]` through the real binary.

import { readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { makeTempProject, runDbtk } from '../helpers/project.js';

const ENV = { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/unused?sslmode=disable' };
const MESSY =
  "-- migrate:up transaction:false\ncreate index concurrently users_email_idx on users (email);\ninsert into t (a,b) values ('x','y');\n-- migrate:down transaction:false\ndrop index concurrently users_email_idx;\n";
const CLEAN = '-- migrate:up\nselect\n  1;\n\n-- migrate:down\n';
const DELIMITER = '-- migrate:up\nDELIMITER //\nselect 1 //\nDELIMITER ;\n-- migrate:down\n';

describe('dbtk fmt', () => {
  it('--check reports what would change, changes nothing and exits 1', async () => {
    const project = makeTempProject();
    const messy = project.writeFile('db/migrations/20240101000000_messy.sql', MESSY);
    project.writeFile('db/migrations/20240102000000_clean.sql', CLEAN);
    const run = await runDbtk(['fmt', '--check'], { cwd: project.dir, env: ENV });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toBe('would format  db/migrations/20240101000000_messy.sql\n2 files: 1 would be formatted, 1 already formatted.');
    expect(readFileSync(messy, 'utf8')).toBe(MESSY);
  });

  it("formats the project's migrations in place, keeping markers and options", async () => {
    const project = makeTempProject();
    const messy = project.writeFile('db/migrations/20240101000000_messy.sql', MESSY);
    const clean = project.writeFile('db/migrations/20240102000000_clean.sql', CLEAN);
    const cleanTime = statSync(clean).mtimeMs;
    const run = await runDbtk(['fmt'], { cwd: project.dir, env: ENV });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/^formatted +db\/migrations\/20240101000000_messy.sql\n/);
    const text = readFileSync(messy, 'utf8');
    expect(text).toMatch(
      /^-- migrate:up transaction:false\ncreate index concurrently users_email_idx on users \(email\);\n\ninsert into\n {2}t \(a, b\)/,
    );
    expect(text).toMatch(/\n\n-- migrate:down transaction:false\ndrop index concurrently users_email_idx;\n$/);
    expect(statSync(clean).mtimeMs).toBe(cleanTime);
    const again = await runDbtk(['fmt', '--check', '--json'], { cwd: project.dir, env: ENV });
    expect(again.exitCode).toBe(0);
    expect(again.json()).toMatchObject({ ok: true, check: true, language: 'postgres' });
  });

  it('leaves a file it cannot format safely unchanged and says why', async () => {
    const project = makeTempProject();
    const file = project.writeFile('db/migrations/20240101000000_proc.sql', DELIMITER);
    const run = await runDbtk(['fmt', 'db/migrations/20240101000000_proc.sql', '--json'], {
      cwd: project.dir,
      env: { DATABASE_URL: 'mysql://root@127.0.0.1/x' },
    });
    expect(run.exitCode).toBe(0);
    expect(run.json<{ files: unknown[] }>().files).toEqual([
      { file: 'db/migrations/20240101000000_proc.sql', status: 'skipped', reason: expect.stringMatching(/DELIMITER/), line: 2 },
    ]);
    expect(readFileSync(file, 'utf8')).toBe(DELIMITER);
    const text = await runDbtk(['fmt'], { cwd: project.dir, env: { DATABASE_URL: 'mysql://root@127.0.0.1/x' } });
    expect(text.stderr).toMatch(/skipped +db\/migrations\/20240101000000_proc.sql:2: it uses client commands .*; left unchanged/);
  });

  it('refuses a FILE that does not exist (exit 2)', async () => {
    const project = makeTempProject();
    const run = await runDbtk(['fmt', 'nope.sql'], { cwd: project.dir, env: ENV });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/nope.sql is not a file/);
  });

  it('leaves applied migrations alone unless --include-applied', async () => {
    const project = makeTempProject();
    const env = { DATABASE_URL: 'sqlite:db/app.sqlite3' };
    const messy = (table: string) => `-- migrate:up\ncreate table ${table} (id integer);\n-- migrate:down\ndrop table ${table};\n`;
    const applied = project.writeFile('db/migrations/20240101000000_one.sql', messy('one'));
    expect((await runDbtk(['up'], { cwd: project.dir, env })).exitCode).toBe(0);
    const pending = project.writeFile('db/migrations/20240102000000_two.sql', messy('two'));
    const run = await runDbtk(['fmt', '--json'], { cwd: project.dir, env });
    expect(run.exitCode).toBe(0);
    expect(run.json()).toMatchObject({
      appliedKnownFrom: 'database',
      files: [
        { file: 'db/migrations/20240101000000_one.sql', status: 'applied' },
        { file: 'db/migrations/20240102000000_two.sql', status: 'formatted' },
      ],
    });
    expect(readFileSync(applied, 'utf8')).toBe(messy('one'));
    expect(readFileSync(pending, 'utf8')).not.toBe(messy('two'));
    const text = await runDbtk(['fmt', '--check'], { cwd: project.dir, env });
    expect(text.stdout).toMatch(/applied +db\/migrations\/20240101000000_one.sql: left as it is \(--include-applied formats it\)/);
    expect(text.exitCode).toBe(0);
    const all = await runDbtk(['fmt', '--include-applied'], { cwd: project.dir, env });
    expect(all.exitCode).toBe(0);
    expect(readFileSync(applied, 'utf8')).not.toBe(messy('one'));
  });
});
