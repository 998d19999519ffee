// `validate`: everything that can be checked before running migrations, for CI. File
// problems are always checked (they need no database); then dbmate, the connection and the
// migrations' state (modified after apply, file missing, out of order, no down, last run
// failed), and the dump tool. Errors fail the check; warnings fail it only when strict.

import path from 'node:path';
import { dialectOf } from '../shared/dialect.js';
import { checkDumpTool } from '../dbmate/dump-tool.js';
import { errorDetail, serializeError } from '../shared/errors.js';
import type { MigrationDirectoryScan, MigrationFile } from '../migrations/file.js';
import type { Project } from './project.js';
import type { ProjectStatus } from '../migrations/status.js';

type ValidationSeverity = 'error' | 'warning';

export interface ValidationItem {
  severity: ValidationSeverity;
  /** A MigrationProblemCode, a MigrationWarningCode, or a check's own code. */
  code: string;
  message: string;
  hint?: string;
  /** The database's (or dbmate's) own words, with its code. */
  detail?: string;
  /** Path relative to the project (or absolute outside it). */
  file?: string;
  version?: string;
  line?: number;
}

interface ValidationCheck {
  id: 'files' | 'dbmate' | 'connection' | 'dump_tool';
  ok: boolean;
  message: string;
}

export interface ValidationReport {
  ok: boolean;
  strict: boolean;
  errors: number;
  warnings: number;
  checks: ValidationCheck[];
  items: ValidationItem[];
}

function shownPath(project: Project, file: string): string {
  const relative = path.relative(project.config.cwd, file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}

function fileItems(project: Project, scan: MigrationDirectoryScan): ValidationItem[] {
  const items: ValidationItem[] = scan.missingDirs.map((dir) => ({
    severity: 'error',
    code: 'missing_dir',
    message: `the migrations directory ${shownPath(project, dir)} does not exist`,
    hint: 'Create it (`dbtk new NAME` does), or point -d / DBMATE_MIGRATIONS_DIR at the right folder.',
  }));
  for (const file of [...scan.migrations, ...scan.ignored]) {
    for (const problem of file.problems) {
      items.push({
        severity: problem.severity,
        code: problem.code,
        message: problem.message,
        file: shownPath(project, file.path),
        version: file.version || undefined,
        line: problem.line,
      });
    }
  }
  return [...items, ...duplicateItems(project, scan.migrations)];
}

/** Two files with one version: dbmate would apply only one of them, or refuse. */
function duplicateItems(project: Project, migrations: MigrationFile[]): ValidationItem[] {
  const byVersion = new Map<string, MigrationFile[]>();
  for (const m of migrations) byVersion.set(m.version, [...(byVersion.get(m.version) ?? []), m]);
  const items: ValidationItem[] = [];
  for (const [version, files] of byVersion) {
    if (files.length < 2) continue;
    const sameName = files.every((f) => f.file === files[0].file);
    const list = files.map((f) => shownPath(project, f.path)).join(', ');
    items.push(
      sameName
        ? {
            severity: 'error',
            code: 'duplicate_file',
            version,
            message: `${files[0].file} is in more than one migrations directory: ${list}`,
            hint: 'Keep one copy.',
          }
        : {
            severity: 'error',
            code: 'duplicate_version',
            version,
            message: `version ${version} is used by ${files.length} files: ${list}`,
            hint: 'Give each migration its own version (rename one file with a new timestamp).',
          },
    );
  }
  return items;
}

function removeItems(items: ValidationItem[], drop: (item: ValidationItem) => boolean): void {
  for (let i = items.length - 1; i >= 0; i--) if (drop(items[i])) items.splice(i, 1);
}

function statusItems(project: Project, status: ProjectStatus): ValidationItem[] {
  const items: ValidationItem[] = [];
  for (const m of status.migrations) {
    for (const warning of m.warnings) {
      items.push({
        severity: 'warning',
        code: warning.code,
        message: warning.message,
        version: m.version,
        file: m.path ? shownPath(project, m.path) : undefined,
      });
    }
  }
  if (!status.missingFilesChecked) {
    items.push({
      severity: 'warning',
      code: 'missing_files_unchecked',
      message: 'the migrations table could not be read, so applied migrations whose file is gone are not checked',
    });
  }
  for (const warning of status.historyWarnings ?? []) items.push({ severity: 'warning', code: 'history', message: warning });
  return items;
}

export async function validateProject(project: Project, options: { strict?: boolean } = {}): Promise<ValidationReport> {
  const checks: ValidationCheck[] = [];
  const items: ValidationItem[] = [];
  const scan = await project.scanMigrations();
  const fileProblems = fileItems(project, scan);
  items.push(...fileProblems);
  const fileErrors = fileProblems.filter((i) => i.severity === 'error').length;
  checks.push({
    id: 'files',
    ok: fileErrors === 0,
    message: `${scan.migrations.length} migration file${scan.migrations.length === 1 ? '' : 's'} read${fileErrors ? `, ${fileErrors} with errors` : ''}`,
  });

  let dbmateOk = false;
  try {
    const dbmate = await project.dbmate();
    checks.push({ id: 'dbmate', ok: true, message: `dbmate ${dbmate.binary.version}` });
    dbmateOk = true;
  } catch (error) {
    const e = serializeError(error);
    checks.push({ id: 'dbmate', ok: false, message: e.message });
    items.push({ severity: 'error', code: e.kind, message: e.message, hint: e.hint, detail: errorDetail(e) });
  }

  const { config } = project;
  if (!config.url) {
    checks.push({ id: 'connection', ok: false, message: 'no database URL' });
    items.push({
      severity: 'error',
      code: 'no_database_url',
      message: 'no database URL is set',
      hint: 'Set DATABASE_URL (environment or .env), pass --url, or use -c NAME.',
    });
  } else if (dbmateOk) {
    try {
      const status = await project.status();
      checks.push({
        id: 'connection',
        ok: true,
        message: `${config.redactedUrl} reachable: ${status.applied} applied, ${status.pending} pending${status.missing ? `, ${status.missing} with file missing` : ''}`,
      });
      // The status's no_down warning says what the files' empty_down problems say.
      removeItems(items, (item) => item.code === 'empty_down');
      items.push(...statusItems(project, status));
    } catch (error) {
      const e = serializeError(error);
      // A database that does not exist yet is what `dbtk up` is for; anything else is broken.
      const missing = e.kind === 'database_missing';
      checks.push({
        id: 'connection',
        ok: missing,
        message: missing ? `${config.redactedUrl}: the database does not exist yet` : `${config.redactedUrl}: ${e.message}`,
      });
      items.push({
        severity: missing ? 'warning' : 'error',
        code: e.kind === 'unknown' ? 'connection' : e.kind,
        message: e.message,
        hint: missing ? '`dbtk up` creates it.' : e.hint,
        detail: errorDetail(e),
      });
    }
  }

  if (config.url && !config.noDumpSchema) {
    const dump = await checkDumpTool(dialectOf(config.url, config.driver), config.env);
    checks.push({ id: 'dump_tool', ok: dump.ok, message: dump.message });
    if (!dump.ok) items.push({ severity: 'error', code: 'dump_tool_missing', message: dump.message, hint: dump.hint });
  }

  const errors = items.filter((i) => i.severity === 'error').length;
  const warnings = items.length - errors;
  return { ok: errors === 0 && !(options.strict && warnings > 0), strict: Boolean(options.strict), errors, warnings, checks, items };
}
