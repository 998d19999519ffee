// diffLiveSchema with dbmate replaced by a stand-in runner: the live side is dumped into a
// temporary file, and every way the dump can fail says what to do.

import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ProcessRequest, ProcessResult, ProcessRunner } from '../../../src/core/shared/process-runner.js';
import { openProject } from '../../../src/core/project/project.js';
import { diffLiveSchema } from '../../../src/core/project/live-schema.js';

const FIXTURES = path.join(import.meta.dirname, '..', '..', 'fixtures', 'schema-diff');
const fixture = (dialect: string, name: string) => readFileSync(path.join(FIXTURES, dialect, `${name}.sql`), 'utf8');

/** Stands in for dbmate: answers --version and writes `dump` output where --schema-file says. */
function fakeDbmate(dump: { text?: string; stderr?: string }) {
  const requests: ProcessRequest[] = [];
  const runner: ProcessRunner = {
    async run(request: ProcessRequest): Promise<ProcessResult> {
      requests.push(request);
      const done = (exitCode: number, stdout: string, stderr = ''): ProcessResult => ({
        exitCode,
        aborted: false,
        spawnFailed: false,
        stdout,
        stderr,
        lines: [...stdout.split('\n'), ...stderr.split('\n')].filter(Boolean).map((text) => ({ stream: 'stdout' as const, text })),
      });
      if (request.args.includes('--version')) return done(0, 'dbmate version 2.36.0');
      if (dump.stderr) return done(2, '', dump.stderr);
      const file = request.args[request.args.indexOf('--schema-file') + 1];
      writeFileSync(file, dump.text ?? '');
      return done(0, `Writing: ${file}`);
    },
  };
  return { runner, requests };
}

function tempProject(schema?: string) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dbtk-diff-unit-'));
  mkdirSync(path.join(dir, 'db', 'migrations'), { recursive: true });
  if (schema !== undefined) writeFileSync(path.join(dir, 'db', 'schema.sql'), schema);
  return dir;
}

function toolDir(...tools: string[]) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dbtk-tools-'));
  for (const tool of tools) writeFileSync(path.join(dir, tool), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
  return dir;
}

describe('diffLiveSchema', () => {
  it('dumps into a temporary file and leaves schema.sql alone', async () => {
    const schema = fixture('sqlite', 'base');
    const cwd = tempProject(schema);
    const { runner, requests } = fakeDbmate({ text: fixture('sqlite', 'drifted') });
    const project = await openProject({ cwd, url: 'sqlite:db/app.sqlite3', env: { PATH: toolDir('sqlite3') }, runner });
    const diff = await diffLiveSchema(project);
    expect(diff.hasDrift).toBe(true);
    expect(diff.labels).toEqual({ expected: path.join('db', 'schema.sql'), actual: 'live database (sqlite:db/app.sqlite3)' });
    const dump = requests.find((r) => r.args.includes('dump'))!;
    const tmp = dump.args[dump.args.indexOf('--schema-file') + 1];
    expect(tmp).not.toBe(path.join(cwd, 'db', 'schema.sql'));
    expect(existsSync(tmp)).toBe(false);
    expect(readFileSync(path.join(cwd, 'db', 'schema.sql'), 'utf8')).toBe(schema);
  });

  it('says when there is no schema file yet, with the fix, before dumping anything', async () => {
    const cwd = tempProject();
    const { runner, requests } = fakeDbmate({ text: '' });
    const project = await openProject({ cwd, url: 'sqlite:db/app.sqlite3', env: { PATH: toolDir('sqlite3') }, runner });
    await expect(diffLiveSchema(project)).rejects.toMatchObject({
      kind: 'not_found',
      message: expect.stringContaining(`no schema file at ${path.join('db', 'schema.sql')}`),
      hint: expect.stringContaining('dbtk dump'),
    });
    expect(requests.filter((r) => r.args.includes('dump'))).toEqual([]);
    expect(existsSync(path.join(cwd, 'db', 'schema.sql'))).toBe(false);
  });

  it.each([
    ['postgres', 'postgres://u@h/db', 'pg_dump', 'postgresql-client'],
    ['mysql', 'mysql://u@h/db', 'mysqldump / mariadb-dump', 'mariadb-client'],
    ['sqlite', 'sqlite:db/app.sqlite3', 'sqlite3', 'apt-get install sqlite3'],
  ])('names the package to install when the %s dump tool is not on PATH', async (_dialect, url, tool, pkg) => {
    const cwd = tempProject('CREATE TABLE t (id int);\n');
    const { runner, requests } = fakeDbmate({ text: '' });
    const project = await openProject({ cwd, url, env: { PATH: toolDir() }, runner });
    const error = await diffLiveSchema(project).catch((e: unknown) => e);
    expect(error).toMatchObject({
      kind: 'dump_tool_missing',
      message: expect.stringContaining(`${tool} is not installed`),
      hint: expect.stringContaining(pkg),
    });
    expect(requests.filter((r) => r.args.includes('dump'))).toEqual([]);
  });

  it('classifies dbmate\'s own "executable file not found" error the same way', async () => {
    const cwd = tempProject('CREATE TABLE t (id int);\n');
    const { runner } = fakeDbmate({ stderr: 'Error: exec: "pg_dump": executable file not found in $PATH' });
    const project = await openProject({ cwd, url: 'postgres://u@h/db', env: { PATH: toolDir('pg_dump') }, runner });
    await expect(diffLiveSchema(project)).rejects.toMatchObject({
      kind: 'dump_tool_missing',
      hint: expect.stringContaining('postgresql-client'),
    });
  });

  it('explains a pg_dump older than the server', async () => {
    const cwd = tempProject('CREATE TABLE t (id int);\n');
    const stderr =
      'Error: pg_dump: error: aborting because of server version mismatch\npg_dump: detail: server version: 17.2; pg_dump version: 15.20';
    const { runner } = fakeDbmate({ stderr });
    const project = await openProject({ cwd, url: 'postgres://u@h/db', env: { PATH: toolDir('pg_dump') }, runner });
    await expect(diffLiveSchema(project)).rejects.toMatchObject({
      message: expect.stringContaining('pg_dump is older than the database server'),
      hint: expect.stringContaining('postgresql-client-'),
    });
  });

  it('passes other dbmate failures on, classified', async () => {
    const cwd = tempProject('CREATE TABLE t (id int);\n');
    const { runner } = fakeDbmate({ stderr: 'Error: dial tcp 127.0.0.1:5999: connect: connection refused' });
    const project = await openProject({ cwd, url: 'postgres://u:secret@127.0.0.1:5999/db', env: { PATH: toolDir('pg_dump') }, runner });
    const error = await diffLiveSchema(project).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'connection_refused' });
    expect(JSON.stringify(error)).not.toContain('secret');
  });
});
