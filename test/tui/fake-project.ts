// A stand-in for core's Project in component tests: the app's screens and dialogs can be
// driven key by key without dbmate. Runs emit the same RunEvents core emits and change the
// fake database, so "run, then the list shows it applied" is testable. The end-to-end tests
// (test/e2e) use the real project, dbmate and SQLite instead. It is typed as core's Project
// interface, so a change to what the app may call on a project must be made here too; what
// the app never calls in these tests throws instead of answering.

import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import type { HistoryEntry } from '../../src/core/history/types.js';
import { parseMigrationContent, type MigrationFile } from '../../src/core/migrations/file.js';
import type { Direction, PlannedStep, RunEvent, RunOptions, RunResult } from '../../src/core/migrations/run.js';
import type { ProjectConfig } from '../../src/core/config/config.js';
import type { Project } from '../../src/core/project/project.js';
import { databaseIdentity } from '../../src/core/database/identity.js';
import type { DownDrops } from '../../src/core/runs/down-drops.js';
import type { DryRunOptions, DryRunReport } from '../../src/core/runs/dry-run.js';
import type { MigrationTestOptions, MigrationTestReport, MigrationTestResult } from '../../src/core/runs/migration-test.js';
import type { RunNote, RunPlan } from '../../src/core/runs/types.js';
import { DbtkError } from '../../src/core/shared/errors.js';
import { redactUrl } from '../../src/core/shared/redact.js';
import type { MigrationStatusEntry, MigrationWarning, ProjectStatus } from '../../src/core/migrations/status.js';
import { historyEntry as baseHistoryEntry } from '../helpers/history-entry.js';

export interface FakeMigration {
  version: string;
  name: string;
  up: string;
  down?: string;
  applied?: boolean;
  appliedAt?: string;
  durationMs?: number;
  failed?: string;
  warnings?: MigrationWarning[];
}

export interface FakeOptions {
  migrations: FakeMigration[];
  history?: HistoryEntry[];
  production?: boolean;
  /** Makes `up` fail on this version with a classified error. */
  failOn?: string;
  /** The database's words (and code) on that error. */
  failDetail?: { detail: string; code?: string };
  statusError?: DbtkError;
  /** `up` waits until it is interrupted (its AbortSignal fires). */
  hang?: boolean;
  /** The database URL (default `sqlite:db/dev.db`). */
  url?: string;
  /** Said with every plan (as core says that the database will be created, or what stays applied). */
  notes?: RunNote[];
  /** What `previewDrops` says each rolled-back version drops. */
  drops?: DownDrops;
}

export interface FakeProject {
  project: Project;
  /** The migrations directory (real files: the app reads plans and SQL from disk). */
  dir: string;
  applied: Set<string>;
  /** What the app asked: `planUp`, `planDown`, `up V1,V2`, `rollback V`, `refused: …` (a plan that no longer held). */
  calls: string[];
  created: string[];
  /** Adds a migration file behind the app's back (a branch switch, a colleague's pull). */
  add(migration: FakeMigration): void;
}

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function content(m: FakeMigration): string {
  return `-- migrate:up\n${m.up}\n\n-- migrate:down\n${m.down ?? ''}\n`;
}

export function historyEntry(partial: Partial<HistoryEntry> & Pick<HistoryEntry, 'id' | 'action' | 'startedAt'>): HistoryEntry {
  return baseHistoryEntry({
    version: null,
    name: null,
    file: null,
    appliedBy: 'alice@laptop',
    connection: 'demo',
    url: 'sqlite:db/dev.db',
    checksum: null,
    ...partial,
  });
}

export function fakeProject(options: FakeOptions): FakeProject {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dbtk-tui-'));
  dirs.push(dir);
  const fileOf = (m: FakeMigration): MigrationFile => {
    const file = `${m.version}_${m.name}.sql`;
    return parseMigrationContent(file, path.join(dir, file), Buffer.from(content(m)));
  };
  const write = (m: FakeMigration) => writeFileSync(fileOf(m).path, content(m));
  const migrations = [...options.migrations];
  migrations.forEach(write);
  const applied = new Set(migrations.filter((m) => m.applied).map((m) => m.version));
  const calls: string[] = [];
  const created: string[] = [];
  const status = async (): Promise<ProjectStatus> => {
    calls.push('status');
    if (options.statusError) throw options.statusError;
    const entries: MigrationStatusEntry[] = migrations.map((m) => {
      const file = fileOf(m);
      const isApplied = applied.has(m.version);
      return {
        version: m.version,
        name: m.name,
        file: file.file,
        path: file.path,
        status: isApplied ? 'applied' : 'pending',
        warnings: [
          ...(m.warnings ?? []),
          ...(!isApplied && m.failed ? [{ code: 'failed' as const, message: `the last run failed: ${m.failed}` }] : []),
        ],
        problems: file.problems,
        appliedAt: isApplied ? m.appliedAt : undefined,
        durationMs: isApplied ? m.durationMs : undefined,
      };
    });
    return { applied: applied.size, pending: migrations.length - applied.size, missing: 0, migrations: entries, missingFilesChecked: true };
  };
  const result = (direction: 'up' | 'down', steps: PlannedStep[], done: number, error?: DbtkError): RunResult => ({
    direction,
    ok: !error,
    interrupted: false,
    schemaWritten: true,
    raw: '',
    error,
    steps: steps.map((s, i) => ({
      ...s,
      direction,
      status: i < done ? 'done' : i === done && error ? 'failed' : 'not_run',
      durationMs: i < done ? 1.5 : undefined,
    })),
  });
  const config: ProjectConfig = {
    cwd: '/fake',
    connectionName: 'demo',
    isNamedConnection: false,
    production: options.production ?? false,
    url: options.url ?? 'sqlite:db/dev.db',
    redactedUrl: redactUrl(options.url ?? 'sqlite:db/dev.db'),
    urlSource: 'DATABASE_URL',
    env: {},
    envFiles: [],
    migrationsDirs: [dir],
    schemaFile: '/fake/db/schema.sql',
    migrationsTable: 'schema_migrations',
    noDumpSchema: false,
    strict: false,
    wait: false,
    stateDir: path.join(dir, '.dbtk'),
  };
  const notFaked = (what: string) => async (): Promise<never> => {
    throw new Error(`The fake project does not fake ${what}.`);
  };
  const pendingNow = () => migrations.filter((m) => !applied.has(m.version));
  const lastApplied = () => [...migrations].reverse().find((m) => applied.has(m.version));
  const planOf = (direction: Direction, chosen: FakeMigration[]): RunPlan => ({
    id: randomUUID(),
    direction,
    request: direction === 'up' ? { direction, command: 'up' } : { direction, steps: 1 },
    createdAt: new Date().toISOString(),
    database: databaseIdentity(config.url!, config.cwd),
    steps: chosen.map((m) => {
      const file = fileOf(m);
      const sql = (direction === 'up' ? file.up?.sql : file.down?.sql) ?? null;
      return { version: m.version, name: m.name, file: file.file, path: file.path, sql, migration: file, mtimeMs: 0 };
    }),
    staysApplied: [],
    notes: options.notes ?? [],
  });
  const runUp = async (pending: PlannedStep[], run: RunOptions): Promise<RunResult> => {
    calls.push(`up ${pending.map((s) => s.version).join(',')}`);
    const emit = (event: RunEvent) => run.onEvent?.(event);
    emit({ type: 'plan', direction: 'up', steps: pending });
    for (const [index, s] of pending.entries()) {
      emit({ type: 'started', direction: 'up', index, total: pending.length, step: s, startedAt: new Date().toISOString() });
      if (options.hang) {
        await new Promise((resolve) => run.signal?.addEventListener('abort', resolve));
        const error = new DbtkError('interrupted', 'dbmate up was interrupted.', { hint: 'Run `dbtk status` to see what was applied.' });
        calls.push('aborted');
        const r = { ...result('up', pending, index, error), interrupted: true };
        emit({ type: 'done', result: r });
        return r;
      }
      if (s.version === options.failOn) {
        const error = new DbtkError('sql_syntax', `${s.file}: near "TABEL": syntax error`, {
          hint: 'Fix the SQL in the file, then run it again.',
          file: s.file,
          detail: options.failDetail?.detail,
        });
        if (options.failDetail?.code) Object.assign(error, { code: options.failDetail.code });
        emit({
          type: 'failed',
          direction: 'up',
          index,
          total: pending.length,
          step: s,
          error: { kind: error.kind, message: error.message, hint: error.hint },
        });
        const r = result('up', pending, index, error);
        emit({ type: 'done', result: r });
        return r;
      }
      applied.add(s.version);
      emit({ type: 'finished', direction: 'up', index, total: pending.length, step: s, durationMs: 1.5 });
    }
    const r = result('up', pending, pending.length);
    emit({ type: 'done', result: r });
    return r;
  };
  const runDown = async (plan: PlannedStep[], run: RunOptions): Promise<RunResult> => {
    calls.push(`rollback ${plan.map((s) => s.version).join(',')}`);
    for (const [index, s] of plan.entries()) {
      run.onEvent?.({ type: 'started', direction: 'down', index, total: plan.length, step: s, startedAt: new Date().toISOString() });
      applied.delete(s.version);
      run.onEvent?.({ type: 'finished', direction: 'down', index, total: plan.length, step: s, durationMs: 0.8 });
    }
    return result('down', plan, plan.length);
  };
  const project: Project = {
    config,
    runner: { run: notFaked('a child process') },
    dialect: 'sqlite',
    status,
    scanMigrations: async () => ({ migrations: migrations.map(fileOf), ignored: [], missingDirs: [] }),
    statusWithFiles: async () => ({ status: await status(), scan: { migrations: migrations.map(fileOf), ignored: [], missingDirs: [] } }),
    history: () => ({
      file: '/fake/.dbtk/history.jsonl',
      read: async () => ({ entries: options.history ?? [], warnings: [] }),
      // Oldest first, as the store visits them (options.history is newest first, as read returns it).
      forEach: async (_filter, visit) => {
        for (const entry of [...(options.history ?? [])].reverse()) visit(entry);
        return { warnings: [] };
      },
      summary: notFaked('history summary'),
      append: async () => ({ written: true }),
    }),
    dbmate: async () => ({
      binary: { version: '2.36.0', path: '/fake/dbmate', source: 'npm' },
      status: notFaked('dbmate status'),
      create: notFaked('dbmate create'),
      drop: notFaked('dbmate drop'),
      wait: notFaked('dbmate wait'),
      load: notFaked('dbmate load'),
      dump: notFaked('dbmate dump'),
      newMigration: async (name: string) => {
        calls.push(`new ${name}`);
        const m = { version: '20990101000000', name, up: '' };
        migrations.push(m);
        write(m);
        created.push(name);
        return { path: fileOf(m).path, file: fileOf(m).file };
      },
    }),
    planUp: async (): Promise<RunPlan> => {
      calls.push('planUp');
      return planOf('up', pendingNow());
    },
    planMark: async (direction, versions) => {
      calls.push(`planMark ${direction} ${versions.join(' ')}`);
      const problems = versions.filter((v) => (direction === 'applied') === applied.has(v));
      if (problems.length) throw new DbtkError('refused', `Cannot mark ${direction}: ${problems.join(', ')}. Nothing was changed.`);
      return {
        direction,
        versions: versions.map((v) => ({
          version: v,
          name: null,
          file: migrations.find((m) => m.version === v) ? fileOf(migrations.find((m) => m.version === v)!).file : null,
        })),
      };
    },
    mark: async (plan) => {
      calls.push(`mark ${plan.direction} ${plan.versions.map((v) => v.version).join(' ')}`);
      for (const v of plan.versions) {
        if (plan.direction === 'applied') applied.add(v.version);
        else applied.delete(v.version);
      }
      return {
        added: plan.direction === 'applied' ? plan.versions.map((v) => v.version) : [],
        removed: plan.direction === 'pending' ? plan.versions.map((v) => v.version) : [],
      };
    },
    planDown: async (): Promise<RunPlan> => {
      calls.push('planDown');
      const last = lastApplied();
      if (!last) throw new DbtkError('nothing_to_rollback', 'There is nothing to roll back: no migration is applied.');
      return planOf('down', [last]);
    },
    // Like core: exactly the plan's steps, or nothing at all when the plan no longer holds.
    execute: async (plan: RunPlan, run: RunOptions = {}): Promise<RunResult> => {
      const now = (plan.direction === 'up' ? pendingNow() : [lastApplied()].filter((m) => m !== undefined)).map((m) => fileOf(m).file);
      const planned = plan.steps.map((s) => s.file);
      if (now.join(', ') !== planned.join(', ')) {
        const added = now.filter((f) => !planned.includes(f));
        const why = added.length ? `now also pending: ${added.join(', ')}` : `it would now run ${now.join(', ') || 'nothing'}`;
        calls.push(`refused: ${why}`);
        throw new DbtkError('plan_changed', `The plan no longer holds: ${why}. Nothing was run.`);
      }
      const steps = plan.steps.map(({ version, name, file }) => ({ version, name, file }));
      return plan.direction === 'up' ? runUp(steps, run) : runDown(steps, run);
    },
    // Every migration passes but those with an empty down or a failed last run, whose table is left behind; the fake database unchanged.
    testMigrations: async (run: MigrationTestOptions = {}): Promise<MigrationTestReport> => {
      calls.push('testMigrations');
      run.onEvent?.({ type: 'scratch_created', label: '/tmp/dbtk-test-x/dev.db', kind: 'sqlite_file' });
      const results: MigrationTestResult[] = [];
      for (const [index, m] of migrations.entries()) {
        const file = `${m.version}_${m.name}.sql`;
        run.onEvent?.({ type: 'started', index, total: migrations.length, file });
        const leftBehind = !m.down || Boolean(m.failed);
        const result: MigrationTestResult = {
          version: m.version,
          name: m.name,
          file,
          path: `db/migrations/${file}`,
          status: leftBehind ? 'failed' : 'passed',
          reason: leftBehind ? `the down does not undo the up: table t${m.version} left behind by the down` : undefined,
          downDifferences: leftBehind
            ? [{ text: `table t${m.version} left behind by the down`, change: 'added', kind: 'table', name: `t${m.version}` }]
            : [],
          upAgainDifferences: [],
          assertionFailures: [],
          durations: { up: 1, down: 1, up_again: 1 },
        };
        results.push(result);
        run.onEvent?.({ type: 'finished', index, total: migrations.length, result });
      }
      const failed = results.filter((r) => r.status === 'failed').length;
      return {
        ok: failed === 0,
        interrupted: false,
        database: 'sqlite:db/dev.db',
        scratch: { kind: 'sqlite_file', label: '/tmp/dbtk-test-x/dev.db', kept: false, removed: true },
        applied: [],
        migrations: results,
        totals: { passed: results.length - failed, failed, notRun: 0 },
        durationMs: 12,
      };
    },
    // On a copy: the same steps, the same failure (failOn), and the fake database unchanged.
    dryRun: async (plan: RunPlan, run: DryRunOptions = {}): Promise<DryRunReport> => {
      calls.push(`dryRun ${plan.direction} ${plan.steps.map((s) => s.version).join(',')}`);
      run.onEvent?.({ type: 'copying' });
      const failAt = plan.steps.findIndex((s) => s.version === options.failOn);
      const steps = plan.steps.map(({ version, name, file }, i) => ({
        version,
        name,
        file,
        status: failAt < 0 || i < failAt ? ('done' as const) : i === failAt ? ('failed' as const) : ('not_run' as const),
        durationMs: failAt >= 0 && i > failAt ? undefined : 2,
        error: i === failAt ? { kind: 'sql_syntax' as const, message: `${file}: near "TABEL": syntax error` } : undefined,
        schema: {
          changes: [{ text: `+ added table t${version}`, change: 'added' as const, kind: 'table', name: `t${version}` }],
          added: 1,
          removed: 0,
        },
      }));
      return {
        direction: plan.direction,
        planId: plan.id,
        ok: failAt < 0,
        interrupted: false,
        database: plan.database.label,
        copy: { kind: 'sqlite_file', label: '/tmp/dbtk-dry-fake/dev.db', withData: true, removed: true },
        steps,
        warnings: [],
      };
    },
    previewDrops: async (plan: RunPlan): Promise<DownDrops> => ({
      steps: plan.steps.map(
        (s) =>
          options.drops?.steps.find((d) => d.version === s.version) ?? { version: s.version, file: s.file, emptyDown: false, drops: [] },
      ),
    }),
    verifyDown: async (run: RunResult) => ({
      checked: true,
      versionsGone: run.steps.filter((s) => s.status === 'done').map((s) => s.version),
      versionsStillApplied: [],
      objectsGone: [],
      objectsLeft: [],
    }),
    planRetryFailed: notFaked('planRetryFailed'),
    create: notFaked('create'),
    drop: notFaked('drop'),
    load: notFaked('load'),
    reconcileInterruptedRuns: async () => [],
  };
  const add = (m: FakeMigration) => {
    migrations.push(m);
    migrations.sort((a, b) => a.version.localeCompare(b.version));
    write(m);
  };
  return { project, dir, applied, calls, created, add };
}
