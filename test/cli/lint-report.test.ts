// `dbtk lint`'s CI formats over a real lint result: SARIF 2.1.0 valid against the schema,
// GitLab code quality, Markdown, GitHub annotations with columns, and --fail-on.

import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Ajv from 'ajv';
import draft04 from 'ajv/lib/refs/json-schema-draft-04.json' with { type: 'json' };
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { githubReport, gitlabReport, markdownReport, sarifReport, textReport } from '../../src/cli/lint-report.js';
import { lintMigrations, type LintResult } from '../../src/core/sql/lint.js';

let dir: string;
let result: LintResult;

async function lint(failOn?: 'high' | 'medium' | 'low') {
  return lintMigrations({ cwd: dir, dialect: 'postgres', migrationsDirs: [path.join(dir, 'db', 'migrations')], failOn });
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'dbtk-lint-report-'));
  mkdirSync(path.join(dir, 'db', 'migrations'), { recursive: true });
  writeFileSync(
    path.join(dir, 'db', 'migrations', '20240101000000_risky.sql'),
    '-- migrate:up\nALTER TABLE users ADD COLUM x int;\nCREATE INDEX users_email ON users (email);\n\n-- migrate:down\nDROP INDEX users_email;\n',
  );
  result = await lint();
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('lint report formats', () => {
  it('SARIF 2.1.0 is valid against the schema and points at line and column', () => {
    const schema = JSON.parse(readFileSync(path.join(__dirname, '../fixtures/sarif/sarif-2.1.0-rtm.5.json'), 'utf8')) as object;
    const ajv = new Ajv({ schemaId: 'id', allErrors: true });
    ajv.addMetaSchema(draft04);
    const sarif = JSON.parse(sarifReport(result, dir)) as { runs: { results: { ruleId: string; locations: unknown[] }[] }[] };
    const valid = ajv.validate(schema, sarif);
    expect(ajv.errors ?? [], JSON.stringify(ajv.errors)).toEqual([]);
    expect(valid).toBe(true);
    const syntax = sarif.runs[0].results.find((r) => r.ruleId === 'syntax-error')!;
    expect(syntax.locations[0]).toEqual({
      physicalLocation: {
        artifactLocation: { uri: 'db/migrations/20240101000000_risky.sql' },
        region: { startLine: 2, startColumn: 31, endLine: 2, endColumn: 34 },
      },
    });
  });

  it('GitLab code quality: one issue per finding with severity, path and lines', () => {
    const issues = JSON.parse(gitlabReport(result, dir)) as {
      check_name: string;
      severity: string;
      location: unknown;
      fingerprint: string;
    }[];
    expect(issues.find((i) => i.check_name === 'syntax-error')).toMatchObject({
      severity: 'critical',
      location: { path: 'db/migrations/20240101000000_risky.sql', lines: { begin: 2, end: 2 } },
    });
    expect(new Set(issues.map((i) => i.fingerprint)).size).toBe(issues.length);
  });

  it('Markdown is a table for a pull-request comment, GitHub annotations carry columns', () => {
    const markdown = markdownReport(result, dir);
    expect(markdown).toContain('| high | `db/migrations/20240101000000_risky.sql:2:31` | `syntax-error` |');
    expect(markdown).toContain('❌');
    expect(githubReport(result, dir)).toContain(
      '::error file=db/migrations/20240101000000_risky.sql,line=2,col=31,endLine=2,endColumn=34,title=dbtk syntax-error::',
    );
    expect(textReport(result, dir)).toContain('2:31');
  });

  it('--fail-on decides which findings fail the lint', async () => {
    expect(result.ok).toBe(false);
    writeFileSync(
      path.join(dir, 'db', 'migrations', '20240101000000_risky.sql'),
      '-- migrate:up\nCREATE INDEX users_email ON users (email);\n\n-- migrate:down\nDROP INDEX users_email;\n',
    );
    expect((await lint('high')).ok).toBe(true);
    expect((await lint('medium')).ok).toBe(false);
  });
});
