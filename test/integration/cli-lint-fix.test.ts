// `dbtk lint --fix` round trip on real PostgreSQL: the fixed files lint clean (high and medium)
// and still apply with dbmate; --dry-run shows the same diff and writes nothing.

import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { availableTargets, type TestDatabase } from '../helpers/databases.js';
import { makeTempProject, runDbtk, type TempProject } from '../helpers/project.js';

const targets = await availableTargets(['postgres']);
const projects: TempProject[] = [];
let db: TestDatabase | undefined;

afterAll(async () => {
  await db?.drop();
  for (const p of projects) rmSync(p.dir, { recursive: true, force: true });
});

function project(url: string): TempProject {
  const p = makeTempProject('dbtk-lint-fix-');
  projects.push(p);
  p.writeFile('.env', `DATABASE_URL=${url}\n`);
  p.addMigration(
    '20240101000000',
    'tables',
    'CREATE TABLE accounts (id bigint PRIMARY KEY);\nCREATE TABLE users (id bigint PRIMARY KEY, email text, account_id bigint);',
    'DROP TABLE users;\nDROP TABLE accounts;',
  );
  p.addMigration('20240102000000', 'email_index', 'CREATE INDEX users_email ON users (email);', 'DROP INDEX users_email;');
  p.addMigration(
    '20240103000000',
    'account_fk',
    'ALTER TABLE users ADD CONSTRAINT users_account_fk FOREIGN KEY (account_id) REFERENCES accounts (id);',
    'ALTER TABLE users DROP CONSTRAINT users_account_fk;',
  );
  return p;
}

for (const target of targets) {
  describe(`dbtk lint --fix on ${target.label}`, () => {
    it('--dry-run shows the diff and writes nothing; --fix writes it, the files lint clean and apply', async () => {
      db = await target.createDatabase();
      const p = project(db.url);
      const before = readdirSync(p.migrationsDir).map((f) => readFileSync(path.join(p.migrationsDir, f), 'utf8'));

      const dry = await runDbtk(['lint', '--fix', '--dry-run', '--fail-on', 'medium'], { cwd: p.dir });
      expect(dry.stdout).toContain('+CREATE INDEX CONCURRENTLY IF NOT EXISTS users_email ON users (email);');
      expect(dry.stdout).toContain('+-- migrate:up transaction:false');
      expect(dry.stdout).toContain("+SET LOCAL lock_timeout = '5s';");
      expect(dry.stdout).toContain('REFERENCES accounts (id) NOT VALID;');
      expect(dry.stdout).toContain('+ALTER TABLE users VALIDATE CONSTRAINT users_account_fk;');
      expect(dry.stdout).toContain('nothing written');
      expect(dry.exitCode).toBe(1);
      expect(readdirSync(p.migrationsDir).map((f) => readFileSync(path.join(p.migrationsDir, f), 'utf8'))).toEqual(before);

      const fix = await runDbtk(['lint', '--fix', '--fail-on', 'medium'], { cwd: p.dir });
      expect(fix.stdout).toContain('Fixed: ');
      expect(fix.exitCode, fix.stdout + fix.stderr).toBe(0);
      expect(readdirSync(p.migrationsDir)).toContain('20240103000001_validate_users_account_fk.sql');

      const again = await runDbtk(['lint', '--fail-on', 'medium', '--json'], { cwd: p.dir });
      expect(again.exitCode).toBe(0);
      expect(again.json<{ counts: { high: number; medium: number } }>().counts).toMatchObject({ high: 0, medium: 0 });

      const up = await runDbtk(['up'], { cwd: p.dir });
      expect(up.exitCode, up.stdout + up.stderr).toBe(0);
      const status = await runDbtk(['status', '--json'], { cwd: p.dir });
      expect(status.stdout).toContain('20240103000001');
    });
  });
}
