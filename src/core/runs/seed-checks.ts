// Seed data checks for `dbtk test` (sqitch-verify style): `db/test/<version>.sql` beside the
// migrations folder holds a `-- dbtk:seed` section (statements run once, in one transaction,
// after that migration's first up) and a `-- dbtk:assert` section (SELECTs run after the down
// and after the second up, each of which must return no rows or a single true value). A down
// that loses data, or an up that breaks it, fails with the assertion named.

import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { openSqlAccess, type SqlTarget } from '../database/sql-access.js';
import { DbtkError, serializeError } from '../shared/errors.js';
import type { Dialect } from '../shared/dialect.js';
import type { ProcessRunner } from '../shared/process-runner.js';
import { splitStatements } from '../sql/splitter.js';

interface SeedAssertion {
  sql: string;
  /** 1-based line of the statement in its file. */
  line: number;
}

export interface SeedFile {
  /** Relative to the project folder. */
  file: string;
  seed: string[];
  asserts: SeedAssertion[];
}

export interface AssertionFailure {
  /** `db/test/20240101000000.sql:7: SELECT count(*) = 3 FROM users`. */
  assertion: string;
  file: string;
  line: number;
  after: 'down' | 'up_again';
  /** What it returned instead (or the database's error). */
  got: string;
}

/** Where `version`'s seed file lives: `test/` beside the (first) migrations folder. */
function seedFilePath(migrationsDirs: readonly string[], version: string): string {
  return path.join(path.dirname(migrationsDirs[0]), 'test', `${version}.sql`);
}

/** The sections of a seed file (pure). Statements before any marker are refused. */
export function parseSeedFile(text: string, file: string, dialect: Dialect): SeedFile {
  const lines = text.split('\n');
  const sections: { kind: 'seed' | 'assert'; start: number; body: string[] }[] = [];
  lines.forEach((line, i) => {
    const marker = /^\s*--\s*dbtk:(seed|assert)\s*$/i.exec(line);
    if (marker) sections.push({ kind: marker[1].toLowerCase() as 'seed' | 'assert', start: i + 1, body: [] });
    else if (sections.length) sections[sections.length - 1].body.push(line);
    else if (line.trim() && !line.trim().startsWith('--'))
      throw new DbtkError('usage', `${file}:${i + 1}: SQL before any \`-- dbtk:seed\` or \`-- dbtk:assert\` line.`, {
        hint: 'Start the file with `-- dbtk:seed` (rows to insert after the up) and/or `-- dbtk:assert` (SELECTs that must return true or no rows).',
      });
  });
  const result: SeedFile = { file, seed: [], asserts: [] };
  for (const section of sections) {
    const split = splitStatements(section.body.join('\n'), dialect, { startLine: section.start + 1 });
    for (const statement of split.statements) {
      const sql = statement.text.trim().replace(/;$/, '');
      if (!sql || sql.split('\n').every((l) => l.trim() === '' || l.trim().startsWith('--'))) continue;
      if (section.kind === 'seed') result.seed.push(sql);
      else result.asserts.push({ sql, line: statement.startLine });
    }
  }
  return result;
}

export async function readSeedFile(
  cwd: string,
  migrationsDirs: readonly string[],
  version: string,
  dialect: Dialect,
): Promise<SeedFile | undefined> {
  const full = seedFilePath(migrationsDirs, version);
  if (!existsSync(full)) return undefined;
  return parseSeedFile(await readFile(full, 'utf8'), path.relative(cwd, full) || full, dialect);
}

/** True, 1, 't' or 'true' (how each driver returns a boolean). */
function isTrue(value: unknown): boolean {
  return value === true || value === 1 || value === '1' || value === 't' || value === 'true' || value === 1n;
}

const compact = (sql: string) => sql.replace(/\s+/g, ' ').trim();

export async function runSeed(target: SqlTarget, runner: ProcessRunner, seed: SeedFile): Promise<void> {
  if (seed.seed.length === 0) return;
  const access = await openSqlAccess(target, runner);
  try {
    await access.transaction(seed.seed);
  } catch (error) {
    const cause = serializeError(error);
    throw new DbtkError(cause.kind, `The seed of ${seed.file} fails: ${cause.detail ?? cause.message}`, { cause: error });
  } finally {
    await access.close();
  }
}

/** The assertions of `seed` that do not hold now. */
export async function checkAssertions(
  target: SqlTarget,
  runner: ProcessRunner,
  seed: SeedFile,
  after: AssertionFailure['after'],
): Promise<AssertionFailure[]> {
  if (seed.asserts.length === 0) return [];
  const failures: AssertionFailure[] = [];
  const access = await openSqlAccess(target, runner);
  try {
    for (const assertion of seed.asserts) {
      const fail = (got: string) =>
        failures.push({
          assertion: `${seed.file}:${assertion.line}: ${compact(assertion.sql)}`,
          file: seed.file,
          line: assertion.line,
          after,
          got,
        });
      try {
        const rows = await access.query(assertion.sql);
        if (rows.length === 0) continue;
        const values = Object.values(rows[0]);
        if (rows.length === 1 && values.length >= 1 && isTrue(values[0])) continue;
        fail(rows.length === 1 ? `returned ${JSON.stringify(values[0])}` : `returned ${rows.length} rows`);
      } catch (error) {
        fail(`fails: ${serializeError(error).message}`);
      }
    }
  } finally {
    await access.close();
  }
  return failures;
}
