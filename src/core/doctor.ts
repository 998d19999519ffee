// `doctor`: checks the set-up one piece at a time and says how to fix each problem.

import { access, constants, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ProjectConfig } from './config.js';
import { dialectOf, type Dialect } from './dialect.js';
import { serializeError } from './errors.js';
import type { Project } from './project.js';

export interface DoctorCheck {
  id: 'dbmate' | 'database_url' | 'connection' | 'dump_tool' | 'migrations_dir' | 'schema_file';
  ok: boolean;
  /** `warn` checks do not fail the run (e.g. no schema file yet). */
  level: 'ok' | 'warn' | 'error';
  message: string;
  hint?: string;
  data?: Record<string, unknown>;
}

export const DUMP_TOOLS: Record<string, { tools: string[]; debianPackage: string }> = {
  sqlite: { tools: ['sqlite3'], debianPackage: 'sqlite3' },
  postgres: { tools: ['pg_dump'], debianPackage: 'postgresql-client' },
  mysql: { tools: ['mysqldump', 'mariadb-dump'], debianPackage: 'mariadb-client (or mysql-client)' },
};

export async function findOnPath(tool: string, env: Record<string, string | undefined>): Promise<string | undefined> {
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, tool);
    if (await access(candidate, constants.X_OK).then(() => true, () => false)) return candidate;
  }
  return undefined;
}

/** The dump tool dbmate needs for this dialect, or a check saying it is missing. */
export async function checkDumpTool(dialect: Dialect, env: Record<string, string | undefined>): Promise<DoctorCheck> {
  const spec = DUMP_TOOLS[dialect];
  if (!spec) return { id: 'dump_tool', ok: true, level: 'ok', message: `no dump tool check for ${dialect}` };
  for (const tool of spec.tools) {
    const found = await findOnPath(tool, env);
    if (found) return { id: 'dump_tool', ok: true, level: 'ok', message: `${tool} found at ${found}`, data: { tool, path: found } };
  }
  return {
    id: 'dump_tool', ok: false, level: 'error',
    message: `${spec.tools.join(' / ')} is not installed: dbmate cannot write the schema file`,
    hint: `Install it (Debian/Ubuntu: apt-get install ${spec.debianPackage}), or set DBMATE_NO_DUMP_SCHEMA=true.`,
  };
}

async function checkDirs(config: ProjectConfig): Promise<DoctorCheck> {
  const problems: string[] = [];
  for (const dir of config.migrationsDirs) {
    const ok = await stat(dir).then((s) => s.isDirectory(), () => false) && await access(dir, constants.R_OK).then(() => true, () => false);
    if (!ok) problems.push(dir);
  }
  return problems.length
    ? { id: 'migrations_dir', ok: false, level: 'warn', message: `migrations directory not found or unreadable: ${problems.join(', ')}`, hint: 'Create it with `dbtk new NAME` (dbmate creates the folder) or pass -d DIR.' }
    : { id: 'migrations_dir', ok: true, level: 'ok', message: `migrations in ${config.migrationsDirs.join(', ')}` };
}

export async function runDoctor(project: Project): Promise<DoctorCheck[]> {
  const { config } = project;
  const checks: DoctorCheck[] = [];
  try {
    const dbmate = await project.dbmate();
    checks.push({ id: 'dbmate', ok: true, level: 'ok', message: `dbmate ${dbmate.binary.version} from ${dbmate.binary.source}: ${dbmate.binary.path}`, data: { ...dbmate.binary } });
  } catch (error) {
    const e = serializeError(error);
    checks.push({ id: 'dbmate', ok: false, level: 'error', message: e.message, hint: e.hint });
  }
  checks.push(config.url
    ? { id: 'database_url', ok: true, level: 'ok', message: `${config.redactedUrl} (from ${config.urlSource})`, data: { url: config.redactedUrl, source: config.urlSource } }
    : { id: 'database_url', ok: false, level: 'error', message: 'no database URL is set', hint: 'Set DATABASE_URL (environment or .env), pass --url, or use -c NAME.' });
  if (config.url && checks[0].ok) {
    try {
      await (await project.dbmate()).status();
      checks.push({ id: 'connection', ok: true, level: 'ok', message: 'database reachable' });
    } catch (error) {
      const e = serializeError(error);
      checks.push({ id: 'connection', ok: false, level: 'error', message: e.message, hint: e.hint, data: { kind: e.kind } });
    }
  }
  if (config.url) checks.push(await checkDumpTool(dialectOf(config.url, config.driver), config.env));
  checks.push(await checkDirs(config));
  const schemaExists = await stat(config.schemaFile).then(() => true, () => false);
  checks.push(schemaExists
    ? { id: 'schema_file', ok: true, level: 'ok', message: `schema file ${config.schemaFile}` }
    : { id: 'schema_file', ok: true, level: 'warn', message: `no schema file yet at ${config.schemaFile}`, hint: 'It is written after the first `dbtk up`, or now with `dbtk dump`.' });
  return checks;
}
