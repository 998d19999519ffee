// `dbtk squash --to VERSION`: the migrations up to VERSION replaced by one file holding the
// schema they produce. Built, never guessed: the migrations are applied by the real dbmate to an
// empty scratch database, its schema dumped (dbmate's own table and rows stripped), and the
// squashed file is then checked by applying it alone to a second empty scratch database: the
// two schemas must be the same. Executing writes the file (never over another), moves the old
// files aside into `squashed/` beside them (dbmate reads only the migrations folder itself, not
// its subfolders), and, on a database where every squashed version is applied, retires the
// old versions from dbmate's table in one transaction under the run lock (`squash` history).

import { createHash } from 'node:crypto';
import { copyFile, link, lstat, mkdir, mkdtemp, readFile, rm, rmdir, unlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Dbmate } from '../dbmate/client.js';
import { readAppliedVersions } from '../dbmate/applied-versions.js';
import type { MigrationFile } from '../migrations/file.js';
import { validateMigrationName } from '../migrations/name.js';
import type { LockOptions } from '../runs/run-lock.js';
import { compareSchemas } from '../schema/diff.js';
import { createEmptyScratch, type ScratchCopy } from '../scratch/scratch.js';
import { writeFileAtomic } from '../shared/atomic-write.js';
import { DbtkError, isDbtkError } from '../shared/errors.js';
import { dumpAsMigration } from './baseline.js';
import type { Project } from './project.js';
import { recordVersions, type VersionRecord } from './record-versions.js';

/** The folder, beside the migrations, where squashed files are moved. */
const SQUASHED_DIR = 'squashed';

export interface SquashPlan {
  version: string;
  /** The new file's base name, `<VERSION>_squashed.sql`. */
  file: string;
  path: string;
  content: string;
  /** The migrations it replaces, oldest first. */
  replaces: VersionRecord[];
  /** Where each is moved (absolute). */
  moves: { from: string; to: string }[];
  /** What the connected database records: all replaced versions, or none of them. */
  database: 'applied' | 'fresh';
  objects: { kind: string; name: string }[];
  downNotes: string[];
  /** Things the user should know (data changes a schema dump does not hold). */
  warnings: string[];
}

export interface SquashResult extends SquashPlan {
  /** Versions retired from dbmate's table (empty on a fresh database). */
  retired: string[];
  deleted: boolean;
  historyWarning?: string;
  schemaWarning?: string;
}

const DML = /^\s*(INSERT|UPDATE|DELETE|MERGE|COPY)\b/im;

function unreadable(files: MigrationFile[]): void {
  const bad = files.filter((f) => f.problems.some((p) => p.code === 'read_error' || p.code === 'not_text' || p.code === 'too_large'));
  if (bad.length)
    throw new DbtkError('io', `Cannot read ${bad.map((f) => f.file).join(', ')}, so nothing can be squashed. Nothing was changed.`, {
      detail: bad.flatMap((f) => f.problems.map((p) => `${f.file}: ${p.message}`)).join('\n'),
    });
  const invalid = files.filter((f) => f.problems.some((p) => p.severity === 'error'));
  if (invalid.length)
    throw new DbtkError(
      'refused',
      `dbmate would refuse ${invalid.map((f) => f.file).join(', ')}, so nothing can be squashed. Nothing was changed.`,
      {
        hint: 'Fix the files (`dbtk validate` says how), then squash again.',
        detail: invalid.flatMap((f) => f.problems.filter((p) => p.severity === 'error').map((p) => `${f.file}: ${p.message}`)).join('\n'),
      },
    );
}

/** Plans a squash: checks, builds the file on scratch databases, checks it builds the same schema. Changes nothing. */
export async function planSquash(
  project: Project,
  toVersion: string,
  options: { name?: string; signal?: AbortSignal } = {},
): Promise<SquashPlan> {
  const name = options.name ?? 'squashed';
  validateMigrationName(name);
  if (!/^\d+$/.test(toVersion))
    throw new DbtkError('usage', `Not a version: ${toVersion} (versions are the digits a migration file name starts with).`, {
      hint: 'Example: dbtk squash --to 20240101120000',
    });
  const { config } = project;
  if (!config.url)
    throw new DbtkError(
      'no_database_url',
      'No database URL is set: squash builds the schema on a scratch database beside it. Nothing was changed.',
      {
        hint: 'Set DATABASE_URL (environment or .env), pass --url URL, or choose a connection with -c NAME (SQLite: any file path).',
      },
    );
  const scan = await project.scanMigrations();
  const all = scan.migrations;
  const last = all.find((f) => f.version === toVersion);
  if (!last)
    throw new DbtkError('not_found', `There is no migration ${toVersion}. Nothing was changed.`, {
      hint: 'See `dbtk status` for the versions.',
    });
  const range = all.filter((f) => f.version <= toVersion && f.file <= last.file);
  if (range.length < 2)
    throw new DbtkError(
      'refused',
      `Only ${range.length} migration is at or before ${toVersion}: squashing needs at least 2. Nothing was changed.`,
    );
  unreadable(range);
  const dir = path.dirname(last.path);
  const file = `${toVersion}_${name}.sql`;
  const target = path.join(dir, file);
  const moves = range.map((f) => ({ from: f.path, to: path.join(path.dirname(f.path), SQUASHED_DIR, f.file) }));
  const taken = [...moves.map((m) => m.to), ...(range.some((f) => f.path === target) ? [] : [target])];
  for (const p of taken) {
    if (await exists(p))
      throw new DbtkError(
        'already_exists',
        `${path.relative(config.cwd, p)} already exists; it would be overwritten. Nothing was changed.`,
        {
          hint: 'Move it away, or give the squashed file another name with --name.',
          file: p,
        },
      );
  }

  let database: SquashPlan['database'];
  const applied = await readAppliedVersions(config, project.runner);
  if (!applied)
    throw new DbtkError('connection_refused', 'The migrations table could not be read, so it is unknown which migrations are applied.', {
      hint: 'Check the database URL with `dbtk doctor`.',
    });
  const recorded = new Set(applied);
  const appliedIn = range.filter((f) => recorded.has(f.version));
  const later = all.filter((f) => !range.includes(f) && recorded.has(f.version));
  if (appliedIn.length === range.length) database = 'applied';
  else if (appliedIn.length === 0 && later.length)
    throw new DbtkError(
      'refused',
      `Migrations after ${toVersion} are applied (${later.map((f) => f.version).join(', ')}) but none of those being squashed is. Nothing was changed.`,
      { hint: 'Bring the database up to date with `dbtk up` first (or check you are connected to the right one).' },
    );
  else if (appliedIn.length === 0) database = 'fresh';
  else
    throw new DbtkError(
      'refused',
      `Only some of the migrations to squash are applied on ${config.redactedUrl} (pending: ${range
        .filter((f) => !recorded.has(f.version))
        .map((f) => f.version)
        .join(', ')}). Nothing was changed.`,
      { hint: `Apply them first (\`dbtk up\`), or squash only up to the last applied one.` },
    );

  const dbmate = await project.dbmate();
  const built = await onScratch(
    project,
    dbmate.binary,
    range.map((f) => f.path),
    options.signal,
    'the migrations to squash',
  );
  const sections = dumpAsMigration(built, project.dialect, config.migrationsTable);
  const header = [
    `-- Squashed by dbtk: the schema of ${range.length} migrations (${range[0].version} … ${toVersion}), built by applying them to an empty database.`,
    '-- It replaces:',
    ...range.map((f) => `--   ${f.file}`),
  ];
  const content = [
    '-- migrate:up',
    ...header,
    sections.upSql,
    '',
    '-- migrate:down',
    ...sections.down.notes.map((note) => `-- Note: ${note}`),
    ...sections.down.statements,
    '',
  ].join('\n');

  // The squashed file alone must build the same schema on an empty database.
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'dbtk-squash-'));
  let rebuilt: string;
  try {
    const candidate = path.join(tmp, file);
    await writeFileAtomic(candidate, content);
    rebuilt = await onScratch(project, dbmate.binary, [candidate], options.signal, 'the squashed file', range);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
  const diff = compareSchemas({ expected: built, actual: rebuilt, dialect: project.dialect, migrationsTable: config.migrationsTable });
  if (diff.changes.length)
    throw new DbtkError(
      'refused',
      'The squashed file does not build the same schema as the migrations it replaces, so nothing was changed.',
      {
        hint: 'Report this: it is a gap in how dbtk reads the dump.',
        detail: diff.changes.map((c) => `${c.change} ${c.kind} ${c.table ? `${c.table}.` : ''}${c.name}`).join('\n'),
      },
    );

  if (options.signal?.aborted)
    throw new DbtkError(
      'interrupted',
      'Stopped while the squashed file was being built: the scratch databases were removed and nothing was changed.',
    );
  const warnings = range
    .filter((f) => f.up && DML.test(f.up.sql))
    .map((f) => `${f.file} changes data (INSERT/UPDATE/DELETE): the squashed file holds the schema only, not those rows`);
  return {
    version: toVersion,
    file,
    path: target,
    content,
    replaces: range.map((f) => ({ version: f.version, name: f.name, file: f.file })),
    moves,
    database,
    objects: sections.objects.map((o) => ({ kind: o.kind, name: o.name })),
    downNotes: sections.down.notes,
    warnings,
  };
}

async function exists(p: string): Promise<boolean> {
  return lstat(p).then(
    () => true,
    (error: NodeJS.ErrnoException) => error.code !== 'ENOENT',
  );
}

/** Applies `files` (in order) to an empty scratch database with the real dbmate and returns its schema dump. */
async function onScratch(
  project: Project,
  binary: Dbmate['binary'],
  files: string[],
  signal: AbortSignal | undefined,
  what: string,
  replaced: MigrationFile[] = [],
): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'dbtk-squash-'));
  let scratch: ScratchCopy | undefined;
  try {
    scratch = await createEmptyScratch(project.config, project.runner, { signal });
    const migrations = path.join(dir, 'migrations');
    await mkdir(migrations);
    for (const f of files) await copyFile(f, path.join(migrations, path.basename(f)));
    const schemaFile = path.join(dir, 'schema.sql');
    const onCopy = new Dbmate(
      binary,
      {
        ...project.config,
        url: scratch.url,
        shadowUrl: undefined,
        migrationsDirs: [migrations],
        schemaFile,
        noDumpSchema: true,
        wait: false,
      },
      project.runner,
    );
    const up = await onCopy.exec('up', [], { signal });
    if (up.error?.kind === 'interrupted')
      throw new DbtkError(
        'interrupted',
        'Stopped while the squashed file was being built: the scratch database was removed and nothing was changed.',
      );
    if (up.error) {
      const noTx = replaced.filter((f) => !f.transaction).map((f) => f.file);
      throw up.error.with(
        `Applying ${what} to an empty scratch database failed, so nothing was squashed: ${up.error.message}${
          noTx.length
            ? ` (${noTx.join(', ')} run${noTx.length === 1 ? 's' : ''} with transaction:false; the squashed file runs in one transaction, which this schema may not allow)`
            : ''
        }`,
      );
    }
    await onCopy.dump({ schemaFile, signal });
    return await readFile(schemaFile, 'utf8');
  } finally {
    await scratch?.dispose();
    await rm(dir, { recursive: true, force: true });
  }
}

/** Moves `from` to `to` without ever replacing a file (a hard link, then the old name removed). */
async function moveNoReplace(from: string, to: string): Promise<void> {
  await mkdir(path.dirname(to), { recursive: true });
  try {
    await link(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST')
      throw new DbtkError('already_exists', `${to} already exists; it was left as it is.`, { file: to });
    throw new DbtkError('io', `${from} could not be moved to ${to} (${(error as NodeJS.ErrnoException).code ?? String(error)}).`);
  }
  await unlink(from);
}

/** Writes the squashed file, moves the old ones aside and retires their versions; undoes the files if recording fails. */
export async function executeSquash(
  project: Project,
  plan: SquashPlan,
  options: LockOptions & { delete?: boolean } = {},
): Promise<SquashResult> {
  const done: { from: string; to: string }[] = [];
  let written = false;
  const undo = async () => {
    if (written) await rm(plan.path, { force: true });
    for (const m of done.reverse()) await moveNoReplace(m.to, m.from).catch(() => undefined);
    // The squashed/ folders made for this squash go again when empty.
    for (const d of new Set(plan.moves.map((m) => path.dirname(m.to)))) await rmdir(d).catch(() => undefined);
  };
  try {
    // The old file of the same name (when the name is the old one's) goes first.
    const ordered = [...plan.moves].sort((a, b) => Number(b.from === plan.path) - Number(a.from === plan.path));
    for (const m of ordered) {
      await moveNoReplace(m.from, m.to);
      done.push(m);
    }
    await writeFileAtomic(plan.path, plan.content, { exclusive: true });
    written = true;
  } catch (error) {
    await undo();
    throw error;
  }
  let retired: string[] = [];
  let historyWarning: string | undefined;
  let schemaWarning: string | undefined;
  if (plan.database === 'applied') {
    const old = plan.replaces.filter((v) => v.version !== plan.version);
    const own = plan.replaces
      .filter((v) => v.version === plan.version)
      .map((v) => ({
        ...v,
        name: plan.file.replace(/^\d+_|\.sql$/g, ''),
        file: plan.file,
        checksum: createHash('sha256').update(plan.content).digest('hex'),
      }));
    try {
      const recorded = await recordVersions(
        project,
        {
          action: 'squash',
          remove: old,
          keep: own,
          detail: { remove: `retired: squashed into ${plan.file}`, keep: `now ${plan.file}, replacing ${plan.replaces.length} migrations` },
        },
        options,
      );
      retired = recorded.removed;
      historyWarning = recorded.historyWarning;
      schemaWarning = recorded.schemaWarning;
    } catch (error) {
      await undo();
      throw isDbtkError(error) ? error.with(`${error.message} The files were put back as they were.`) : error;
    }
  }
  let deleted = false;
  if (options.delete) {
    for (const m of plan.moves) await rm(m.to, { force: true });
    for (const d of new Set(plan.moves.map((m) => path.dirname(m.to)))) await rmdir(d).catch(() => undefined);
    deleted = true;
  }
  return { ...plan, retired, deleted, ...(historyWarning ? { historyWarning } : {}), ...(schemaWarning ? { schemaWarning } : {}) };
}
