// The live database's schema: dumped by dbmate into a temporary file (the project's schema
// file is never written), and compared with the schema file.

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { checkDumpTool, DUMP_TOOLS } from '../dbmate/dump-tool.js';
import { compareSchemas, type SchemaDiff } from '../schema/diff.js';
import type { Dialect } from '../shared/dialect.js';
import { DbtkError, isDbtkError } from '../shared/errors.js';
import type { Project } from './project.js';

function dumpToolMissing(dialect: Dialect, detail?: string): DbtkError {
  const spec = DUMP_TOOLS[dialect];
  const tools = spec?.tools.join(' / ') ?? 'the dump tool';
  return new DbtkError('dump_tool_missing', `${tools} is not installed, so the live schema cannot be dumped for the comparison.`, {
    hint: `Install it (Debian/Ubuntu: apt-get install ${spec?.debianPackage ?? 'the database client'}) and run the diff again.`,
    detail,
  });
}

async function readSchemaFile(file: string, cwd: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new DbtkError('io', `The schema file ${file} cannot be read.`, { cause: error, detail: String(error) });
    }
    const shown = path.relative(cwd, file) || file;
    throw new DbtkError('not_found', `There is no schema file at ${shown} yet, so there is nothing to compare the database with.`, {
      hint: 'Write it from the database with `dbtk dump` (dbtk up also writes it after migrating).',
      file,
    });
  }
}

/** Dumps the live schema through dbmate into a temporary file and returns its text. */
export async function dumpLiveSchema(project: Project, options: { signal?: AbortSignal } = {}): Promise<string> {
  const { dialect, config } = project;
  const dbmate = await project.dbmate();
  const tool = await checkDumpTool(dialect, config.env);
  if (!tool.ok) throw dumpToolMissing(dialect);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'dbtk-diff-'));
  const schemaFile = path.join(dir, 'schema.sql');
  try {
    await dbmate.dump({ schemaFile, signal: options.signal });
    return await readFile(schemaFile, 'utf8');
  } catch (error) {
    if (isDbtkError(error, 'dump_tool_missing')) throw dumpToolMissing(dialect, error.detail);
    if (isDbtkError(error) && /server version mismatch/i.test(`${error.message}\n${error.detail ?? ''}`)) {
      // dbmate issue 594: pg_dump refuses to dump a newer server.
      throw new DbtkError(error.kind, 'pg_dump is older than the database server, so it refuses to dump the schema.', {
        hint: 'Install the client matching the server version (Debian/Ubuntu: apt-get install postgresql-client-<server major version>).',
        detail: error.detail,
      });
    }
    throw error;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Live database vs the project's schema file. Never writes the schema file. */
export async function diffLiveSchema(project: Project, options: { signal?: AbortSignal; now?: Date } = {}): Promise<SchemaDiff> {
  const { config } = project;
  const expected = await readSchemaFile(config.schemaFile, config.cwd);
  const actual = await dumpLiveSchema(project, options);
  return compareSchemas({
    expected,
    actual,
    dialect: project.dialect,
    migrationsTable: config.migrationsTable,
    schemaFile: config.schemaFile,
    labels: {
      expected: path.relative(config.cwd, config.schemaFile) || config.schemaFile,
      actual: `live database (${config.redactedUrl})`,
    },
    now: options.now,
  });
}
