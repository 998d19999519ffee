// Projects for `npm run bench`: N small migrations of the kinds real projects hold (tables,
// indexes, new columns, data), applied through dbtk itself so that the history is real.

import { randomUUID } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DBTK, NODE } from './paths.js';

const version = (i) => String(20240101000000 + i);

/** Migration i: every fourth one creates a table that the next three index, extend and fill. */
export function migrationSql(i) {
  const table = `t_${i - ((i - 1) % 4)}`;
  switch ((i - 1) % 4) {
    case 0:
      return `-- migrate:up\nCREATE TABLE ${table} (id INTEGER PRIMARY KEY, name TEXT NOT NULL, created_at TEXT);\n\n-- migrate:down\nDROP TABLE ${table};\n`;
    case 1:
      return `-- migrate:up\nCREATE INDEX idx_${i} ON ${table} (name);\n\n-- migrate:down\nDROP INDEX idx_${i};\n`;
    case 2:
      return `-- migrate:up\nALTER TABLE ${table} ADD COLUMN c_${i} TEXT;\n\n-- migrate:down\nALTER TABLE ${table} DROP COLUMN c_${i};\n`;
    default:
      return `-- migrate:up\nINSERT INTO ${table} (id, name) VALUES (${i}, 'row ${i}');\n\n-- migrate:down\nDELETE FROM ${table} WHERE id = ${i};\n`;
  }
}

const fileName = (i) => `${version(i)}_step_${i}.sql`;

export class BenchProject {
  constructor(dir, url) {
    this.dir = dir;
    this.url = url;
    this.migrationsDir = path.join(dir, 'db', 'migrations');
    this.env = { ...process.env, DATABASE_URL: url, NO_COLOR: '1' };
    delete this.env.DBTK_CONNECTION;
  }

  /** A spec for measure.js: `dbtk …args` in this project. */
  dbtk(args, okCodes = [0]) {
    return { command: NODE, args: [DBTK, ...args], cwd: this.dir, env: this.env, okCodes };
  }

  dbmate(binary, args) {
    return { command: binary, args, cwd: this.dir, env: this.env };
  }

  /** Applies the migrations through dbtk (history included), leaving the last `pending` unapplied. */
  applyAll({ pending = 0 } = {}) {
    const held = path.join(this.dir, 'held-back');
    const names = pending ? listMigrationFiles(this.migrationsDir).slice(-pending) : [];
    if (pending) {
      mkdirSync(held, { recursive: true });
      for (const name of names) renameSync(path.join(this.migrationsDir, name), path.join(held, name));
    }
    run(NODE, [DBTK, 'up', '--no-dump-schema'], this);
    if (pending) {
      for (const name of names) renameSync(path.join(held, name), path.join(this.migrationsDir, name));
      rmSync(held, { recursive: true });
    }
  }

  /** Forgets everything applied: the SQLite file (or the database) and dbtk's history. */
  reset(dropDatabase) {
    rmSync(path.join(this.dir, '.dbtk'), { recursive: true, force: true });
    rmSync(path.join(this.dir, 'db', 'schema.sql'), { force: true });
    if (dropDatabase) dropDatabase();
    else rmSync(path.join(this.dir, 'db', 'bench.sqlite3'), { force: true });
  }

  historyFile() {
    return path.join(this.dir, '.dbtk', 'history.jsonl');
  }

  remove() {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function listMigrationFiles(dir) {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.sql'))
    .sort();
}

function run(command, args, project) {
  const result = spawnSync(command, args, { cwd: project.dir, env: project.env, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (result.status !== 0) throw new Error(`${args.join(' ')} failed in ${project.dir}:\n${result.stdout}${result.stderr}`.slice(-3000));
  return result.stdout;
}

/** A project with `count` migration files (none applied) on SQLite, or on `url` when given. */
export function makeProject(count, { url } = {}) {
  const dir = mkdtempSync(path.join(os.tmpdir(), `dbtk-bench-${count}-`));
  const project = new BenchProject(dir, url ?? 'sqlite:db/bench.sqlite3');
  mkdirSync(project.migrationsDir, { recursive: true });
  for (let i = 1; i <= count; i++) writeFileSync(path.join(project.migrationsDir, fileName(i)), migrationSql(i));
  return project;
}

/** A SQLite project of `count` migrations for `dbtk test`: each creates a table and its index, and its down drops them. */
export function makeTestProject(count) {
  const project = makeProject(0);
  for (let i = 1; i <= count; i++) {
    const sql = `-- migrate:up\nCREATE TABLE t_${i} (id INTEGER PRIMARY KEY, name TEXT NOT NULL);\nCREATE INDEX t_${i}_name ON t_${i} (name);\n\n-- migrate:down\nDROP INDEX t_${i}_name;\nDROP TABLE t_${i};\n`;
    writeFileSync(path.join(project.migrationsDir, fileName(i)), sql);
  }
  return project;
}

/**
 * Waits until freshly written files are older than the 2 s in which dbtk's scan cache does
 * not trust a file (it could still change within the same clock tick). Real migrations are
 * older than that; without the wait the first runs would measure a cold cache.
 */
export function filesSettle() {
  return new Promise((resolve) => setTimeout(resolve, 2100));
}

/**
 * Grows a real history to `total` entries: before the real entries come older up/down pairs
 * cloned from them (new ids, earlier times), so every migration's final state is unchanged.
 */
export function padHistory(project, total) {
  const file = project.historyFile();
  const real = readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
  const older = [];
  const start = Date.parse(real[0].startedAt) - (total + 1) * 60_000;
  for (let k = 0; older.length < total - real.length; k++) {
    const template = real[(k >> 1) % real.length];
    const startedAt = new Date(start + k * 60_000).toISOString();
    older.push(JSON.stringify({ ...template, id: randomUUID(), action: k % 2 ? 'down' : 'up', startedAt }));
  }
  const temp = `${file}.bench-tmp`;
  writeFileSync(temp, `${[...older, ...real.map((entry) => JSON.stringify(entry))].join('\n')}\n`);
  renameSync(temp, file);
}
