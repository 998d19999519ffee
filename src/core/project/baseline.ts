// `dbtk baseline [NAME]`: adopting a database that has tables but no migrations. Its schema,
// dumped the way dbmate dumps it, becomes the first migration (with a down section that drops
// what it created, or a note where it cannot), recorded as applied without running, and the
// schema file is written. `up` on a fresh database then builds the same schema.

import { rm } from 'node:fs/promises';
import { readAppliedVersions } from '../dbmate/applied-versions.js';
import { validateMigrationName } from '../migrations/name.js';
import { normalizeSchemaText } from '../schema/normalize.js';
import { parseSchemaObjects, type SchemaObject } from '../schema/objects.js';
import { splitDumpStatements } from '../schema/statements.js';
import { writeFileAtomic } from '../shared/atomic-write.js';
import type { Dialect } from '../shared/dialect.js';
import { DbtkError } from '../shared/errors.js';
import type { LockOptions } from '../runs/run-lock.js';
import { dumpLiveSchema } from './live-schema.js';
import type { Project } from './project.js';
import { recordVersions } from './record-versions.js';

export interface BaselinePlan {
  name: string;
  /** The migration file's text (up: the schema; down: drops). */
  content: string;
  /** Tables (and other objects) the up section creates, for people. */
  objects: { kind: string; name: string }[];
  /** What the down section cannot undo, written into it as comments. */
  downNotes: string[];
}

export interface BaselineResult extends BaselinePlan {
  version: string;
  path: string;
  file: string;
  schemaFile: string;
  historyWarning?: string;
}

const MYSQL_CREATE_VIEW = /^CREATE\s+((?:ALGORITHM\s*=\s*\w+\s+)?(?:DEFINER\s*=\s*\S+\s+)?(?:SQL\s+SECURITY\s+\w+\s+)?VIEW\s)/i;

/** Whether a dump statement creates or alters dbmate's migrations table itself (or indexes it). */
function mentions(statement: string, table: string): boolean {
  const name = table
    .split('.')
    .pop()!
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const quoted = `(?:[\\w$]+\\.|"[^"]+"\\.|\`[^\`]+\`\\.)?["\`]?${name}["\`]?(?=[\\s(;]|$)`;
  const own = new RegExp(`^(?:CREATE|ALTER)\\s+TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?(?:ONLY\\s+)?${quoted}`, 'i');
  const index = new RegExp(`^CREATE\\s+(?:UNIQUE\\s+)?INDEX\\b[^;]*?\\bON\\s+(?:ONLY\\s+)?${quoted}`, 'i');
  return own.test(statement) || index.test(statement);
}

function dropStatements(objects: SchemaObject[], dialect: Dialect): { statements: string[]; notes: string[] } {
  const of = (kind: SchemaObject['kind']) => objects.filter((o) => o.kind === kind);
  const notes: string[] = [];
  const cascade = dialect === 'postgres' ? ' CASCADE' : '';
  const statements = [
    ...of('view')
      .reverse()
      .map((o) => `DROP VIEW IF EXISTS ${o.sqlName}${cascade};`),
    ...(dialect === 'sqlite'
      ? of('trigger')
          .reverse()
          .map((o) => `DROP TRIGGER IF EXISTS ${o.sqlName};`)
      : []),
    ...of('table')
      .reverse()
      .map((o) => `DROP TABLE IF EXISTS ${o.sqlName}${cascade};`),
    ...of('sequence')
      .filter((o) => !o.table)
      .map((o) => `DROP SEQUENCE IF EXISTS ${o.sqlName}${cascade};`),
    ...(dialect === 'postgres' ? of('type').map((o) => `DROP TYPE IF EXISTS ${o.sqlName}${cascade};`) : []),
    ...(dialect === 'postgres' ? of('schema').map((o) => `DROP SCHEMA IF EXISTS ${o.sqlName}${cascade};`) : []),
  ];
  for (const fn of of('function')) notes.push(`function ${fn.name} is not dropped: drop it by hand if rolling back must remove it`);
  for (const ext of of('extension')) notes.push(`extension ${ext.name} is not dropped: other schemas may use it`);
  if (dialect === 'mysql' && statements.length)
    return { statements: ['SET FOREIGN_KEY_CHECKS = 0;', ...statements, 'SET FOREIGN_KEY_CHECKS = 1;'], notes };
  return { statements, notes };
}

export interface DumpMigration {
  /** The up section's SQL: the dump without dbmate's own table and rows. */
  upSql: string;
  /** What it creates (tables, views, types…), in dump order; columns, constraints and indexes left out. */
  objects: SchemaObject[];
  /** The down section: drops of what the up section created, and notes on what it cannot drop. */
  down: { statements: string[]; notes: string[] };
}

/** A schema dump (dbmate's) as a migration's sections: dbmate's migrations table and rows stripped, drops for the down section. */
export function dumpAsMigration(dump: string, dialect: Dialect, migrationsTable: string): DumpMigration {
  const normalized = normalizeSchemaText(dump, dialect, { migrationsTable });
  const statements = splitDumpStatements(normalized, dialect).filter((s) => !mentions(s, migrationsTable));
  const model = parseSchemaObjects(statements.map((s) => `${s};`).join('\n'), dialect);
  const objects = [...model.objects.values()].filter((o) => !['column', 'constraint', 'index'].includes(o.kind));
  const down = dropStatements(objects, dialect);
  const upStatements = statements.map((s) => (/;\s*$/.test(s) ? s : `${s};`));
  // mysqldump writes tables by name, so a foreign key may name a table created further down: the
  // dump's own header turns the checks off, and so must the migration.
  if (dialect === 'mysql') {
    // Views are dumped twice (a stand-in, so views on views can be created, then the real one):
    // the second must replace the first, as the DROP VIEW between them (left out as noise) did.
    for (let i = 0; i < upStatements.length; i++) upStatements[i] = upStatements[i].replace(MYSQL_CREATE_VIEW, 'CREATE OR REPLACE $1');
    upStatements.unshift('SET FOREIGN_KEY_CHECKS = 0;');
    upStatements.push('SET FOREIGN_KEY_CHECKS = 1;');
  }
  return { upSql: upStatements.join('\n\n'), objects, down };
}

/** Dumps the database and plans its baseline migration; refuses a database that already has migrations. Changes nothing. */
export async function planBaseline(project: Project, name = 'baseline', options: { signal?: AbortSignal } = {}): Promise<BaselinePlan> {
  validateMigrationName(name);
  const { config, dialect } = project;
  const scan = await project.scanMigrations();
  if (scan.migrations.length > 0)
    throw new DbtkError(
      'refused',
      `The project already has ${scan.migrations.length} migration file${scan.migrations.length === 1 ? '' : 's'}: a baseline is the first migration of a database that has none. Nothing was changed.`,
      {
        hint: 'To record existing migrations as applied without running them, use `dbtk mark applied VERSION…`.',
      },
    );
  const applied = await readAppliedVersions(config, project.runner);
  if (applied === undefined)
    throw new DbtkError('connection_refused', 'The migrations table could not be read, so the database cannot be baselined.', {
      hint: 'Check the database URL with `dbtk doctor`.',
    });
  if (applied.length > 0)
    throw new DbtkError(
      'refused',
      `The database already records ${applied.length} migration${applied.length === 1 ? '' : 's'} in ${config.migrationsTable}. Nothing was changed.`,
      {
        hint: 'A baseline is for a database that has never been migrated by dbmate.',
      },
    );
  const dump = await dumpLiveSchema(project, options);
  const { upSql, objects, down } = dumpAsMigration(dump, dialect, config.migrationsTable);
  if (!objects.some((o) => o.kind === 'table'))
    throw new DbtkError('refused', 'The database has no tables, so there is nothing to baseline. Nothing was changed.', {
      hint: 'Start with `dbtk new NAME` instead.',
    });
  const content = [
    '-- migrate:up',
    `-- Baseline by dbtk: the schema of ${config.redactedUrl.replace(/\n/g, ' ')} when it was adopted.`,
    upSql,
    '',
    '-- migrate:down',
    ...down.notes.map((note) => `-- Note: ${note}`),
    ...down.statements,
    '',
  ].join('\n');
  return { name, content, objects: objects.map((o) => ({ kind: o.kind, name: o.name })), downNotes: down.notes };
}

/** Writes the baseline migration, records it as applied (run lock, `baseline` history entry) and writes the schema file. */
export async function executeBaseline(project: Project, plan: BaselinePlan, options: LockOptions = {}): Promise<BaselineResult> {
  const dbmate = await project.dbmate();
  const created = await dbmate.newMigration(plan.name);
  const version = /^(\d+)/.exec(created.file)![1];
  let recorded;
  try {
    await writeFileAtomic(created.path, plan.content);
    recorded = await recordVersions(
      project,
      {
        action: 'baseline',
        dumpSchema: false,
        add: [{ version, name: plan.name, file: created.file }],
        detail: { add: 'recorded as applied: the schema it holds was already there' },
      },
      options,
    );
  } catch (error) {
    // Not recorded: a file left behind would be a pending migration whose tables already exist.
    await rm(created.path, { force: true });
    throw error;
  }
  await dbmate.dump({});
  return {
    ...plan,
    version,
    path: created.path,
    file: created.file,
    schemaFile: project.config.schemaFile,
    ...(recorded.historyWarning ? { historyWarning: recorded.historyWarning } : {}),
  };
}
