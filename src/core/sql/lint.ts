// `dbtk lint`: the risk rules over migration files, for CI. Needs no database: the dialect
// comes from the URL's scheme alone. Built to stay fast on thousands of files: each file is
// read once, parsed once, and PostgreSQL's parser is loaded once per process.

import { readFileSync } from 'node:fs';
import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Dialect } from '../shared/dialect.js';
import { DbtkError } from '../shared/errors.js';
import { MAX_PARSED_BYTES, parseMigrationContent, readMigrationFile, type MigrationFile } from '../migrations/file.js';
import { MIGRATION_FILE_PATTERN } from '../dbmate/file-name.js';
import { assessMigrations, type MigrationAssessment, type RiskFinding, type SuppressedFinding } from './assess.js';
import { readLintConfig } from './lint-config.js';
import type { RiskLevel, TargetVersions } from './rules.js';

export interface LintOptions {
  /** Project root: where `.dbtk/config.json` / `dbtk.config.json` are looked for. */
  cwd: string;
  dialect: Dialect;
  migrationsDirs: readonly string[];
  /** The project's schema file (db/schema.sql); used only when it exists. */
  schemaFile?: string;
  /** Files or directories to lint; every migration in `migrationsDirs` when empty. */
  paths?: readonly string[];
  /** The lowest level that fails the lint (default `high`). */
  failOn?: RiskLevel;
  /** Versions detected from the server; the config's `lint.postgres` / `lint.mysql` win over them. */
  detectedVersions?: TargetVersions;
}

interface LintFileResult {
  file: string;
  path: string;
  version: string;
  risk: RiskLevel | 'none';
  findings: RiskFinding[];
  suppressed: SuppressedFinding[];
  warnings: string[];
}

export interface LintResult {
  /** False when any finding at or above `failOn` is not suppressed. */
  ok: boolean;
  failOn: RiskLevel;
  /** The server versions the version-dependent rules used (empty: a current server). */
  versions: TargetVersions;
  dialect: Dialect;
  counts: { files: number; high: number; medium: number; low: number; suppressed: number };
  files: LintFileResult[];
  /** Config problems worth reporting (unknown rule ids…). */
  warnings: string[];
  configFiles: string[];
}

interface LoadedFile {
  migration: MigrationFile;
  source?: string;
}

export async function lintMigrations(options: LintOptions): Promise<LintResult> {
  const config = await readLintConfig(options.cwd);
  const explicit = options.paths?.length ? await expandPaths(options.paths, options.cwd) : null;
  const projectFiles = await listMigrationFiles(options.migrationsDirs);
  if (!explicit && !projectFiles.length) {
    throw new DbtkError(
      'no_migrations',
      `No migration files found in ${options.migrationsDirs.map((d) => path.relative(options.cwd, d) || '.').join(', ')}.`,
      {
        hint: 'Run dbtk in the project root, point to the files (`dbtk lint db/migrations/*.sql`), or set --migrations-dir.',
      },
    );
  }
  const detected: TargetVersions = { ...options.detectedVersions };
  // A server named in the config wins over the detected one, MariaDB over MySQL included.
  if (config.versions.mariadb) delete detected.mysql;
  if (config.versions.mysql) delete detected.mariadb;
  const versions: TargetVersions = { ...detected, ...config.versions };
  const schemaSql = options.schemaFile ? await readFile(options.schemaFile, 'utf8').catch(() => null) : null;
  // Earlier migrations only matter for knowing which tables exist, which needs the schema file.
  const contextFiles = explicit && schemaSql === null ? [] : projectFiles;
  const loaded = await loadFiles(unique([...(explicit ?? []), ...contextFiles]));
  const targets = explicit ? explicit.map((p) => loaded.get(p)!) : projectFiles.map((p) => loaded.get(p)!);
  const preview = await assessMigrations(
    targets.map((t) => t.migration),
    {
      dialect: options.dialect,
      direction: 'up',
      allMigrations: contextFiles.map((p) => loaded.get(p)!.migration),
      schemaSql,
      ignore: config.ignore,
      style: config.style,
      // Style rules read column types from CREATE TABLE's tree.
      parse: config.style ? 'all' : 'lint',
      versions,
      detail: 'findings',
      sources: new Map(targets.filter((t) => t.source !== undefined).map((t) => [t.migration.path, t.source!])),
    },
  );
  const files = preview.migrations.map(toFileResult);
  const counts = { files: files.length, high: 0, medium: 0, low: 0, suppressed: 0 };
  for (const file of files) {
    for (const finding of file.findings) counts[finding.level]++;
    counts.suppressed += file.suppressed.length;
  }
  const failOn = options.failOn ?? 'high';
  const failing = counts.high + (failOn === 'high' ? 0 : counts.medium) + (failOn === 'low' ? counts.low : 0);
  return {
    ok: failing === 0,
    failOn,
    versions,
    dialect: options.dialect,
    counts,
    files,
    warnings: config.warnings,
    configFiles: config.files,
  };
}

/**
 * The findings of one migration's text before it is saved (the new-migration wizard's preview):
 * every rule, comments' ignores, no project config, nothing read from disk.
 */
export async function lintMigrationText(text: string, fileName: string, dialect: Dialect): Promise<RiskFinding[]> {
  const migration = parseMigrationContent(fileName, fileName, Buffer.from(text));
  const result = await assessMigrations([migration], { dialect, sources: new Map([[migration.path, text]]), detail: 'findings' });
  return result.migrations[0]?.findings ?? [];
}

function toFileResult(m: MigrationAssessment): LintFileResult {
  // dbmate runs such files, but something is off (a typo in an option, a file too large to analyse…).
  // An empty down section is the missing-down rule's finding (which a file can suppress), not said twice.
  const problems = m.problems
    .filter((p) => p.severity === 'warning' && p.code !== 'empty_down')
    .map((p) => (p.line ? `line ${p.line}: ${p.message}` : p.message));
  return {
    file: m.file,
    path: m.path,
    version: m.version,
    risk: m.risk,
    findings: m.findings,
    suppressed: m.suppressed,
    warnings: [...problems, ...m.warnings],
  };
}

function unique(paths: string[]): string[] {
  return [...new Set(paths)];
}

/** Migration files in the directories, sorted by name like dbmate; missing directories are skipped. */
async function listMigrationFiles(dirs: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const dir of dirs) {
    const names = await readdir(dir).catch(() => [] as string[]);
    for (const name of names) if (MIGRATION_FILE_PATTERN.test(name)) files.push(path.join(dir, name));
  }
  return files.sort((a, b) => (path.basename(a) < path.basename(b) ? -1 : path.basename(a) > path.basename(b) ? 1 : 0));
}

/** Files as given; directories expand to their `.sql` files. Missing paths are a usage error. */
async function expandPaths(paths: readonly string[], cwd: string): Promise<string[]> {
  const out: string[] = [];
  for (const given of paths) {
    const full = path.resolve(cwd, given);
    const info = await stat(full).catch(() => null);
    if (!info)
      throw new DbtkError('not_found', `${given}: no such file or directory.`, {
        hint: 'Check the path; lint takes migration files or directories.',
      });
    if (info.isDirectory()) {
      const names = (await readdir(full)).filter((n) => n.endsWith('.sql')).sort();
      out.push(...names.map((n) => path.join(full, n)));
    } else out.push(full);
  }
  return unique(out);
}

/**
 * Reads each file once, keeping its text for exact line numbers and ignore comments.
 * Synchronous reads on purpose: for thousands of small files they are several times faster
 * than the thread pool, and lint has nothing else to do meanwhile.
 */
async function loadFiles(paths: readonly string[]): Promise<Map<string, LoadedFile>> {
  const loaded = new Map<string, LoadedFile>();
  for (const filePath of paths) loaded.set(filePath, await loadFile(filePath));
  return loaded;
}

async function loadFile(filePath: string): Promise<LoadedFile> {
  try {
    const bytes = readFileSync(filePath);
    if (bytes.length > MAX_PARSED_BYTES) return { migration: await readMigrationFile(filePath) };
    const migration = parseMigrationContent(path.basename(filePath), filePath, bytes);
    return { migration, source: bytes.toString('utf8') };
  } catch {
    // readMigrationFile turns the failure into a `read_error` problem with its message.
    return { migration: await readMigrationFile(filePath) };
  }
}
