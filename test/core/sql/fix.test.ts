// The fix planner: what it changes, and what it leaves alone (with the reason).

import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planLintFixes } from '../../../src/core/sql/fix.js';
import { lintMigrations } from '../../../src/core/sql/lint.js';

let dir: string;
const migrations = () => path.join(dir, 'db', 'migrations');

async function plan(files: Record<string, string>, only?: string) {
  rmSync(migrations(), { recursive: true, force: true });
  mkdirSync(migrations(), { recursive: true });
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(migrations(), name), content);
  const paths = only ? [path.join('db', 'migrations', only)] : undefined;
  const result = await lintMigrations({ cwd: dir, dialect: 'postgres', migrationsDirs: [migrations()], paths });
  return planLintFixes(result, { dialect: 'postgres', takenVersions: new Set(result.files.map((f) => f.version)) });
}

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'dbtk-fix-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('planLintFixes', () => {
  it('leaves an index that shares its section, and says why; adds the lock_timeout preamble there', async () => {
    const p = await plan({
      '20240101000000_two.sql':
        '-- migrate:up\nCREATE INDEX a_idx ON users (a);\nCREATE INDEX b_idx ON users (b);\n\n-- migrate:down\nSELECT 1;\n',
    });
    expect(p.skipped.map((s) => [s.finding.rule, s.reason])).toContainEqual([
      'index-not-concurrent',
      'CONCURRENTLY needs the statement alone in its section: move it to a migration of its own',
    ]);
    expect(p.files[0].after).toBe(
      "-- migrate:up\nSET LOCAL lock_timeout = '5s';\nCREATE INDEX a_idx ON users (a);\nCREATE INDEX b_idx ON users (b);\n\n-- migrate:down\nSELECT 1;\n",
    );
  });

  it('names the follow-up after the next free version (also of files not linted) and never changes others', async () => {
    const fk =
      '-- migrate:up\nALTER TABLE orders ADD CONSTRAINT orders_fk FOREIGN KEY (u) REFERENCES users (id);\n\n-- migrate:down\nALTER TABLE orders DROP CONSTRAINT orders_fk;\n';
    const p = await plan({
      '20240101000000_fk.sql': fk,
      '20240101000001_next.sql': '-- migrate:up\nSELECT 1;\n\n-- migrate:down\nSELECT 1;\n',
    });
    const created = p.files.find((f) => f.created)!;
    expect(path.basename(created.path)).toBe('20240101000002_validate_orders_fk.sql');
    expect(created.after).toContain('ALTER TABLE orders VALIDATE CONSTRAINT orders_fk;');
    expect(readFileSync(path.join(migrations(), '20240101000000_fk.sql'), 'utf8')).toBe(fk);
  });
});
