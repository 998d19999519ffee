// `dbtk lint --detect-version` reads the server's version once and caches it (no password on
// disk); later lint runs use the cache without connecting, and the config's version wins.

import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { LintResult } from '../../src/core/sql/lint.js';
import { availableTargets, type TestDatabase } from '../helpers/databases.js';
import { makeTempProject, runDbtk, type TempProject } from '../helpers/project.js';

const targets = await availableTargets(['postgres']);
const projects: TempProject[] = [];
let db: TestDatabase | undefined;

afterAll(async () => {
  await db?.drop();
  for (const p of projects) rmSync(p.dir, { recursive: true, force: true });
});

for (const target of targets) {
  describe(`lint target versions on ${target.label}`, () => {
    it('detects, caches, reuses, and yields to the config', async () => {
      db = await target.createDatabase();
      const p = makeTempProject('dbtk-lint-version-');
      projects.push(p);
      p.writeFile('.env', `DATABASE_URL=${db.url}\n`);
      p.addMigration(
        '20240101000000',
        'plan',
        "ALTER TABLE users ADD COLUMN plan text DEFAULT 'free';",
        'ALTER TABLE users DROP COLUMN plan;',
      );

      const detect = await runDbtk(['lint', '--detect-version', '--json'], { cwd: p.dir });
      expect(detect.stderr).toMatch(/Server version: \d+/);
      const major = detect.json<LintResult>().versions.postgres!;
      expect(major).toBeGreaterThanOrEqual(11);
      const cache = readFileSync(path.join(p.dir, '.dbtk', 'server-version.json'), 'utf8');
      expect(cache).not.toContain(db.url);

      // Without the flag lint does not connect: the cached version is used.
      const cached = await runDbtk(['lint', '--json'], { cwd: p.dir });
      expect(cached.json<LintResult>().versions).toEqual({ postgres: major });

      p.writeFile('dbtk.config.json', JSON.stringify({ lint: { postgres: '10' } }));
      const old = await runDbtk(['lint', '--json'], { cwd: p.dir });
      expect(old.json<LintResult>().versions).toEqual({ postgres: 10 });
      expect(old.json<LintResult>().files[0].findings.map((f) => f.rule)).toContain('add-column-rewrites-table');
      expect(old.exitCode).toBe(1);
    });
  });
}
