// `doctor`: checks the set-up one piece at a time and says how to fix each problem.

import { access, constants, stat } from 'node:fs/promises';
import type { ProjectConfig } from '../config/config.js';
import { dialectOf } from '../shared/dialect.js';
import { checkDumpTool } from '../dbmate/dump-tool.js';
import type { DoctorCheck } from '../shared/check.js';
import { errorDetail, serializeError } from '../shared/errors.js';
import type { Project } from './project.js';

async function checkDirs(config: ProjectConfig): Promise<DoctorCheck> {
  const problems: string[] = [];
  for (const dir of config.migrationsDirs) {
    const ok =
      (await stat(dir).then(
        (s) => s.isDirectory(),
        () => false,
      )) &&
      (await access(dir, constants.R_OK).then(
        () => true,
        () => false,
      ));
    if (!ok) problems.push(dir);
  }
  return problems.length
    ? {
        id: 'migrations_dir',
        ok: false,
        level: 'warn',
        message: `migrations directory not found or unreadable: ${problems.join(', ')}`,
        hint: 'Create it with `dbtk new NAME` (dbmate creates the folder) or pass -d DIR.',
      }
    : { id: 'migrations_dir', ok: true, level: 'ok', message: `migrations in ${config.migrationsDirs.join(', ')}` };
}

export async function runDoctor(project: Project): Promise<DoctorCheck[]> {
  const { config } = project;
  const checks: DoctorCheck[] = [];
  try {
    const dbmate = await project.dbmate();
    checks.push({
      id: 'dbmate',
      ok: true,
      level: 'ok',
      message: `dbmate ${dbmate.binary.version} from ${dbmate.binary.source}: ${dbmate.binary.path}`,
      data: { ...dbmate.binary },
    });
  } catch (error) {
    const e = serializeError(error);
    checks.push({ id: 'dbmate', ok: false, level: 'error', message: e.message, hint: e.hint, detail: errorDetail(e) });
  }
  checks.push(
    config.url
      ? {
          id: 'database_url',
          ok: true,
          level: 'ok',
          message: `${config.redactedUrl} (from ${config.urlSource})`,
          data: { url: config.redactedUrl, source: config.urlSource },
        }
      : {
          id: 'database_url',
          ok: false,
          level: 'error',
          message: 'no database URL is set',
          hint: 'Set DATABASE_URL (environment or .env), pass --url, or use -c NAME.',
        },
  );
  if (config.url && checks[0].ok) {
    try {
      await (await project.dbmate()).status();
      checks.push({ id: 'connection', ok: true, level: 'ok', message: 'database reachable' });
    } catch (error) {
      const e = serializeError(error);
      checks.push({
        id: 'connection',
        ok: false,
        level: 'error',
        message: e.message,
        hint: e.hint,
        detail: errorDetail(e),
        data: { kind: e.kind, ...(e.code ? { code: e.code } : {}) },
      });
    }
  }
  if (config.url) checks.push(await checkDumpTool(dialectOf(config.url, config.driver), config.env));
  checks.push(await checkDirs(config));
  const schemaExists = await stat(config.schemaFile).then(
    () => true,
    () => false,
  );
  checks.push(
    schemaExists
      ? { id: 'schema_file', ok: true, level: 'ok', message: `schema file ${config.schemaFile}` }
      : {
          id: 'schema_file',
          ok: true,
          level: 'warn',
          message: `no schema file yet at ${config.schemaFile}`,
          hint: 'It is written after the first `dbtk up`, or now with `dbtk dump`.',
        },
  );
  return checks;
}
