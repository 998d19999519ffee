// A project on disk (real migration files, a real SQLite path for the lock file) whose
// database is simulated: dbmate and sqlite3 are a RecordedRunner answering from a set of
// applied versions, so the run engine's planning and reconciling can be tested against any
// dbmate behaviour, including the odd ones (a step committed but not printed, a kill).

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolveProjectConfig } from '../../../src/core/config/config.js';
import { Dbmate } from '../../../src/core/dbmate/client.js';
import { splitMigrationFileName } from '../../../src/core/dbmate/file-name.js';
import { HistoryStore } from '../../../src/core/history/store.js';
import type { RunContext } from '../../../src/core/runs/types.js';
import type { ProcessRequest } from '../../../src/core/shared/process-runner.js';
import { out, RecordedRunner, type Recording } from '../../helpers/fake-runner.js';

const COMMANDS = new Set(['up', 'migrate', 'rollback', 'dump', 'status', 'create']);

interface FakeState {
  applied: Set<string>;
  /** Migration file names on disk, sorted like dbmate sorts them. */
  files(): string[];
}

type Handler = (state: FakeState, request: ProcessRequest) => Recording;

export interface FakeDatabase {
  ctx: RunContext;
  state: FakeState;
  dir: string;
  migrationsDir: string;
  /** dbmate commands run, in order (`up`, `rollback`, `dump`…). */
  commands: string[];
  addFile(file: string, up: string, down?: string): string;
  removeFile(file: string): void;
  handle(command: string, handler: Handler): void;
}

/** dbmate's real rule: the last applied file in file-name order. */
function defaultRollback(state: FakeState): Recording {
  const target = [...state.files()].reverse().find((f) => state.applied.has(splitMigrationFileName(f)!.version));
  if (!target) return { lines: [out("Error: can't rollback: no migrations have been applied")], exitCode: 2 };
  state.applied.delete(splitMigrationFileName(target)!.version);
  return { lines: [out(`Rolling back: ${target}`), out(`Rolled back: ${target} in 3ms`)] };
}

function defaultUp(state: FakeState): Recording {
  const lines = [];
  for (const file of state.files()) {
    const version = splitMigrationFileName(file)!.version;
    if (state.applied.has(version)) continue;
    state.applied.add(version);
    lines.push(out(`Applying: ${file}`), out(`Applied: ${file} in 1.5ms`));
  }
  return { lines };
}

export async function fakeDatabase(applied: string[] = []): Promise<FakeDatabase> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dbtk-runs-'));
  const migrationsDir = path.join(dir, 'db', 'migrations');
  mkdirSync(migrationsDir, { recursive: true });
  const databaseFile = path.join(dir, 'db', 'test.sqlite3');
  writeFileSync(databaseFile, '');
  const onDisk = new Set<string>();
  const state: FakeState = { applied: new Set(applied), files: () => [...onDisk].sort() };
  const handlers = new Map<string, Handler>([
    ['up', defaultUp],
    ['rollback', defaultRollback],
    ['dump', () => ({ lines: [out('Writing: ./db/schema.sql')] })],
  ]);
  const commands: string[] = [];
  const runner = new RecordedRunner((request) => {
    if (request.command === 'sqlite3') return { lines: [out([...state.applied].join(' '))] };
    const command = request.args.find((arg) => COMMANDS.has(arg)) ?? '?';
    commands.push(command);
    const handler = handlers.get(command);
    if (!handler) throw new Error(`no fake for dbmate ${command}`);
    return handler(state, request);
  });
  // The run engine's own steps are under test here; backups before runs have their own (test/integration/backups.test.ts).
  writeFileSync(path.join(dir, 'dbtk.config.json'), JSON.stringify({ backups: { enabled: false } }));
  const config = await resolveProjectConfig({
    cwd: dir,
    url: `sqlite:${databaseFile}`,
    env: { PATH: process.env.PATH, XDG_DATA_HOME: path.join(dir, '.xdg-data') },
  });
  const dbmate = new Dbmate({ path: '/opt/dbmate', source: 'flag', version: '2.36.0' }, config, runner);
  const ctx: RunContext = { config, runner, dbmate: async () => dbmate, history: () => new HistoryStore(config.stateDir) };
  return {
    ctx,
    state,
    dir,
    migrationsDir,
    commands,
    addFile: (file, up, down = '') => {
      const full = path.join(migrationsDir, file);
      writeFileSync(full, `-- migrate:up\n${up}\n\n-- migrate:down\n${down}\n`);
      onDisk.add(file);
      return full;
    },
    removeFile: (file) => {
      rmSync(path.join(migrationsDir, file));
      onDisk.delete(file);
    },
    handle: (command, handler) => handlers.set(command, handler),
  };
}
