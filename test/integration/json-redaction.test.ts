// Issue 14, item 5: every `--json` command that takes a URL prints valid JSON with no password
// in it, whatever form the URL has (user-info, query parameters, percent-encoding, unknown
// drivers), through the real bin/dbtk.js. The local PostgreSQL trusts every password, so the
// same URLs also reach a real database and print their (redacted) URL on success.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableTargets, type TestDatabase } from '../helpers/databases.js';
import { makeTempProject, runDbtk, type TempProject } from '../helpers/project.js';

const [postgres] = await availableTargets(['postgres']);

// Commands that take a URL and print JSON (`up` on a project with no migration files).
const COMMANDS = [
  ['status', '--json'],
  ['doctor', '--json'],
  ['validate', '--json'],
  ['diff', '--json'],
  ['history', '--json'],
  ['preview', '--json'],
  ['up', '--json'],
  ['lint', '--json'],
  ['connections', 'list', '--json'],
];

const SECRET = 's3cretPw';

describe.skipIf(!postgres)('--json output over every URL form', () => {
  let db: TestDatabase;
  let project: TempProject;
  beforeAll(async () => {
    db = await postgres.createDatabase();
    project = makeTempProject();
  });
  afterAll(async () => {
    await db?.drop();
  });

  const forms: [string, (base: string) => string, string[]][] = [
    ['user-info password', (b) => `postgres://postgres:${SECRET}@${b}?sslmode=disable`, [SECRET]],
    ['password after another parameter', (b) => `postgres://postgres@${b}?sslmode=disable&password=${SECRET}`, [SECRET]],
    ['password first in the query', (b) => `postgres://postgres@${b}?password=${SECRET}&sslmode=disable`, [SECRET]],
    ['sslpassword and pwd', (b) => `postgres://postgres@${b}?sslmode=disable&sslpassword=${SECRET}&pwd=${SECRET}x`, [SECRET]],
    [
      'percent-encoded @ and quote',
      (b) => `postgres://postgres:p%40ss%22${SECRET}@${b}?sslmode=disable`,
      [`p%40ss%22${SECRET}`, `p@ss"${SECRET}`, SECRET],
    ],
    ['no sslmode (the server has no TLS)', (b) => `postgres://postgres:${SECRET}@${b}`, [SECRET]],
    ['MySQL with a wrong password', () => `mysql://root:${SECRET}@127.0.0.1:3306/nope?parseTime=true`, [SECRET]],
    ['an unknown driver', () => `foo://u:${SECRET}@h/db?pass=${SECRET}`, [SECRET]],
  ];

  it.each(forms)('%s', async (_label, form, secrets) => {
    const url = form(`127.0.0.1:5432/${db.name}`);
    const runs = await Promise.all(
      COMMANDS.map(async (args) => ({ args, run: await runDbtk(['-u', url, ...args], { cwd: project.dir }) })),
    );
    for (const { args, run } of runs) {
      const what = `dbtk -u <${_label}> ${args.join(' ')}`;
      let parsed: unknown;
      expect(() => (parsed = run.json()), `${what} printed invalid JSON:\n${run.stdout}\n${run.stderr}`).not.toThrow();
      expect(parsed, what).toBeTypeOf('object');
      for (const secret of secrets) {
        expect(run.stdout, what).not.toContain(secret);
        expect(run.stderr, what).not.toContain(secret);
      }
    }
  });
});
