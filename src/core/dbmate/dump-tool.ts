// The schema dump tool dbmate shells out to for each dialect (pg_dump, mysqldump or
// mariadb-dump, sqlite3), and whether it is installed.

import type { DoctorCheck } from '../shared/check.js';
import type { Dialect } from '../shared/dialect.js';
import { findOnPath } from '../shared/which.js';

export const DUMP_TOOLS: Record<string, { tools: string[]; debianPackage: string }> = {
  sqlite: { tools: ['sqlite3'], debianPackage: 'sqlite3' },
  postgres: { tools: ['pg_dump'], debianPackage: 'postgresql-client' },
  mysql: { tools: ['mysqldump', 'mariadb-dump'], debianPackage: 'mariadb-client (or mysql-client)' },
};

/** The dump tool dbmate needs for this dialect, or a check saying it is missing. */
export async function checkDumpTool(dialect: Dialect, env: Record<string, string | undefined>): Promise<DoctorCheck> {
  const spec = DUMP_TOOLS[dialect];
  if (!spec) return { id: 'dump_tool', ok: true, level: 'ok', message: `no dump tool check for ${dialect}` };
  for (const tool of spec.tools) {
    const found = await findOnPath(tool, env);
    if (found) return { id: 'dump_tool', ok: true, level: 'ok', message: `${tool} found at ${found}`, data: { tool, path: found } };
  }
  return {
    id: 'dump_tool',
    ok: false,
    level: 'error',
    message: `${spec.tools.join(' / ')} is not installed: dbmate cannot write the schema file`,
    hint: `Install it (Debian/Ubuntu: apt-get install ${spec.debianPackage}), or set DBMATE_NO_DUMP_SCHEMA=true.`,
  };
}
