// `dbtk test`: every migration proves, on an EMPTY scratch database (core/scratch), that it
// goes up, down and up again. For each migration in order: dump, up, dump ("after"), down,
// dump (must equal the state before it), up again, dump (must equal "after"). Steps run with
// the real dbmate through the same step engine as real and dry runs (run-up.ts, run-down.ts),
// one at a time with a RunStopper, so errors are classified exactly as a real run's. The real
// database is never connected to, except by PostgreSQL/MySQL to create and drop the scratch
// database on its server. The scratch database is removed however the test ends, unless kept.

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { databaseIdentity, sqliteFilePath } from '../database/identity.js';
import { newRunId, runTag } from '../database/session.js';
import type { Dbmate } from '../dbmate/client.js';
import { listMigrationFiles, type ListedMigration } from '../migrations/file.js';
import { compareSchemas } from '../schema/diff.js';
import type { ObjectChange } from '../schema/objects.js';
import { changeDetail } from '../schema/report.js';
import { createEmptyScratch, type ScratchCopy } from '../scratch/scratch.js';
import { dialectOf, type Dialect } from '../shared/dialect.js';
import { DbtkError, isDbtkError, serializeError, type SerializedError } from '../shared/errors.js';
import { redactUrl } from '../shared/redact.js';
import { readApplied, type AppliedSnapshot } from './applied.js';
import { runOnScratch, scratchContext } from './dry-run.js';
import { requireUrl } from './plan.js';
import { preflight, readStepFiles, type ReadStep } from './preflight.js';
import { checkAssertions, readSeedFile, runSeed, type AssertionFailure, type SeedFile } from './seed-checks.js';
import { SqliteStateReader } from './sqlite-state.js';
import type { StepsOutcome } from './run-up.js';
import type { RunContext, RunPlan } from './types.js';

export interface MigrationTestOptions {
  /** Test migrations from this version on (older ones are only applied, to build the schema they need). */
  from?: string;
  /** Test migrations up to this version, included. */
  to?: string;
  /** Keep the scratch database after the test (to connect to it and look). */
  keep?: boolean;
  signal?: AbortSignal;
  onEvent?: (event: MigrationTestEvent) => void;
}

/** One object that differs: `index users_email_idx left behind`. */
export interface TestDifference {
  text: string;
  change: ObjectChange['change'];
  kind: string;
  name: string;
  table?: string;
  /** The object's definition on each side (dump text), when it exists there. */
  expected?: string;
  actual?: string;
}

type TestStepName = 'up' | 'down' | 'up_again';

export interface MigrationTestResult {
  version: string;
  name: string;
  file: string;
  /** Path of the file relative to the project folder (for CI annotations). */
  path: string;
  status: 'passed' | 'failed' | 'not_run';
  /** Why it failed, in one line. */
  reason?: string;
  /** The step that failed to run, with its classified error. */
  failedStep?: TestStepName;
  error?: SerializedError;
  /** What the down section did not undo (schema after the down vs before the up). */
  downDifferences: TestDifference[];
  /** How the second up's schema differs from the first's. */
  upAgainDifferences: TestDifference[];
  /** With a seed file (`db/test/<version>.sql`): its file, and the assertions that failed after the down or the second up. */
  seedFile?: string;
  assertionFailures: AssertionFailure[];
  durations: Partial<Record<TestStepName, number>>;
}

export interface MigrationTestReport {
  ok: boolean;
  interrupted: boolean;
  /** The project's database (never changed). */
  database: string;
  scratch?: {
    kind: ScratchCopy['kind'];
    label: string;
    /** Kept with --keep: its URL with the password masked. */
    kept: boolean;
    url?: string;
    removed: boolean;
    removeError?: string;
  };
  /** Older than --from: applied once to build the schema, not tested. */
  applied: string[];
  migrations: MigrationTestResult[];
  totals: { passed: number; failed: number; notRun: number };
  durationMs: number;
  /** Why the test stopped outside a migration's steps (the scratch database could not be made…). */
  error?: SerializedError;
}

export type MigrationTestEvent =
  | { type: 'scratch_created'; label: string; kind: ScratchCopy['kind'] }
  | { type: 'started'; index: number; total: number; file: string }
  | { type: 'step'; index: number; step: TestStepName; file: string }
  | { type: 'finished'; index: number; total: number; result: MigrationTestResult }
  | { type: 'scratch_removed'; removed: boolean; error?: string };

type Phase = 'down' | 'up_again';

const PHRASES: Record<Phase, Record<ObjectChange['change'], string>> = {
  down: { added: 'left behind by the down', removed: 'not restored by the down', changed: 'not restored as it was by the down' },
  up_again: { added: 'only after the second up', removed: 'missing after the second up', changed: 'different after the second up' },
};

function objectLabel(change: Pick<ObjectChange, 'kind' | 'name' | 'table'>): string {
  if (change.kind === 'column' && change.table) return `column ${change.table}.${change.name}`;
  if (change.table && change.kind !== 'table') return `${change.kind} ${change.name} on ${change.table}`;
  return `${change.kind} ${change.name}`;
}

/**
 * The objects that differ between two schema dumps, phrased for the step that should have
 * made them equal (pure). The migrations table itself is left out: dbmate creates it with
 * the first up, and no down removes it.
 */
export function schemaDifferences(input: {
  expected: string;
  actual: string;
  dialect: Dialect;
  migrationsTable: string;
  phase: Phase;
}): TestDifference[] {
  const diff = compareSchemas({
    expected: input.expected,
    actual: input.actual,
    dialect: input.dialect,
    migrationsTable: input.migrationsTable,
  });
  const table = input.migrationsTable.split('.').pop()!.replace(/["`]/g, '');
  const isMigrationsTable = (c: ObjectChange) => c.name === table || c.table === table || c.name.endsWith(`.${table}`);
  const differences = diff.changes
    .filter((c) => !isMigrationsTable(c))
    .map((c): TestDifference => {
      const detail = c.change === 'changed' ? changeDetail(c) : '';
      return {
        text: `${objectLabel(c)} ${PHRASES[input.phase][c.change]}${detail ? ` (${detail})` : ''}`,
        change: c.change,
        kind: c.kind,
        name: c.name,
        table: c.table,
        expected: c.before?.definition,
        actual: c.after?.definition,
      };
    });
  if (differences.length > 0) return differences;
  // Statements the object parser does not know still count: compare the statements, migrations table aside.
  const statements = (text: string) =>
    text
      .split(/;\s*(?:\n|$)/)
      .map((statement) => statement.replace(/\s+/g, ' ').trim())
      .filter((statement) => statement !== '' && !statement.includes(table));
  const expected = statements(diff.expectedText);
  const actual = statements(diff.actualText);
  const changed = [
    ...actual.filter((statement) => !expected.includes(statement)).map((statement) => `+ ${statement}`),
    ...expected.filter((statement) => !actual.includes(statement)).map((statement) => `- ${statement}`),
  ];
  if (changed.length === 0) return [];
  return [
    {
      text: `schema text ${input.phase === 'down' ? 'not restored by the down' : 'different after the second up'}: ${changed.slice(0, 3).join('; ')}${
        changed.length > 3 ? ` (+${changed.length - 3} more)` : ''
      }`,
      change: 'changed',
      kind: 'text',
      name: '',
    },
  ];
}

/** The migrations `from`..`to` selects, and the older ones to apply first (pure). */
export function selectTested(
  files: readonly ListedMigration[],
  from?: string,
  to?: string,
): { setup: ListedMigration[]; tested: ListedMigration[] } {
  for (const [flag, value] of [
    ['--from', from],
    ['--to', to],
  ] as const)
    if (value !== undefined && !files.some((f) => f.version === value))
      throw new DbtkError('usage', `${flag} ${value}: no migration has that version.`, { hint: 'Run `dbtk status` to see the versions.' });
  if (from !== undefined && to !== undefined && from > to) throw new DbtkError('usage', `--from ${from} comes after --to ${to}.`);
  const sorted = [...files].sort((a, b) => (a.version < b.version ? -1 : a.version > b.version ? 1 : 0));
  return {
    setup: sorted.filter((f) => from !== undefined && f.version < from),
    tested: sorted.filter((f) => (from === undefined || f.version >= from) && (to === undefined || f.version <= to)),
  };
}

function stepPlan(base: Omit<RunPlan, 'direction' | 'request' | 'steps'>, step: ReadStep, direction: 'up' | 'down'): RunPlan {
  return {
    ...base,
    direction,
    request: direction === 'up' ? { direction: 'up', command: 'up', only: [step.listed.version] } : { direction: 'down', steps: 1 },
    steps: [
      {
        version: step.listed.version,
        name: step.listed.name,
        file: step.listed.file,
        path: step.path,
        sql: (direction === 'up' ? step.migration.up?.sql : step.migration.down?.sql) ?? null,
        migration: step.migration,
        mtimeMs: step.mtimeMs,
      },
    ],
  };
}

export async function testMigrations(ctx: RunContext, options: MigrationTestOptions = {}): Promise<MigrationTestReport> {
  const startedAt = Date.now();
  const url = requireUrl(ctx, 'test');
  const files = await listMigrationFiles(ctx.config.migrationsDirs);
  if (files.length === 0)
    throw new DbtkError('no_migrations', 'There are no migration files to test.', { hint: 'Create one with `dbtk new NAME`.' });
  const { setup, tested } = selectTested(files, options.from, options.to);
  const setupSteps = await readStepFiles(setup);
  const testedSteps = await readStepFiles(tested);
  preflight([...setupSteps, ...testedSteps], files, ctx.config.cwd, 'to test');
  const dialect = dialectOf(url, ctx.config.driver);
  const seeds = new Map<string, SeedFile>();
  for (const step of testedSteps) {
    const seed = await readSeedFile(ctx.config.cwd, ctx.config.migrationsDirs, step.listed.version, dialect);
    if (seed) seeds.set(step.listed.version, seed);
  }
  const report: MigrationTestReport = {
    ok: false,
    interrupted: false,
    database: databaseIdentity(url, ctx.config.cwd, ctx.config.driver).label,
    applied: setup.map((f) => f.file),
    migrations: testedSteps.map((s) => ({
      version: s.listed.version,
      name: s.listed.name,
      file: s.listed.file,
      path: path.relative(ctx.config.cwd, s.path) || s.path,
      status: 'not_run',
      seedFile: seeds.get(s.listed.version)?.file,
      downDifferences: [],
      upAgainDifferences: [],
      assertionFailures: [],
      durations: {},
    })),
    totals: { passed: 0, failed: 0, notRun: tested.length },
    durationMs: 0,
  };
  const emit = options.onEvent ?? (() => undefined);
  let scratch: ScratchCopy | undefined;
  let dir: string | undefined;
  try {
    scratch = await createEmptyScratch(ctx.config, ctx.runner, { signal: options.signal });
    report.scratch = { kind: scratch.kind, label: scratch.label, kept: false, removed: false };
    emit({ type: 'scratch_created', label: scratch.label, kind: scratch.kind });
    dir = await mkdtemp(path.join(os.tmpdir(), 'dbtk-mtest-'));
    await runTests(ctx, scratch, dir, setupSteps, testedSteps, seeds, report, options);
  } catch (error) {
    report.error = serializeError(error);
    if (isDbtkError(error, 'interrupted')) report.interrupted = true;
  } finally {
    if (scratch && options.keep && !report.interrupted) {
      report.scratch = { ...report.scratch!, kept: true, url: redactUrl(scratch.url) };
    } else if (scratch) {
      const removal = await scratch.dispose();
      report.scratch = { ...report.scratch!, removed: removal.removed, removeError: removal.error };
      emit({ type: 'scratch_removed', removed: removal.removed, error: removal.error });
    }
    if (dir) await rm(dir, { recursive: true, force: true });
  }
  const count = (status: MigrationTestResult['status']) => report.migrations.filter((m) => m.status === status).length;
  report.totals = { passed: count('passed'), failed: count('failed'), notRun: count('not_run') };
  report.ok = !report.error && !report.interrupted && report.totals.failed === 0 && report.totals.notRun === 0;
  report.durationMs = Date.now() - startedAt;
  return report;
}

async function runTests(
  ctx: RunContext,
  copy: ScratchCopy,
  dir: string,
  setup: ReadStep[],
  tested: ReadStep[],
  seeds: ReadonlyMap<string, SeedFile>,
  report: MigrationTestReport,
  options: MigrationTestOptions,
): Promise<void> {
  const tag = runTag(newRunId());
  const dialect = dialectOf(copy.url, ctx.config.driver);
  // SQLite: one sqlite3 shell answers every read of the scratch database's state (sqlite-state.ts).
  const reader =
    dialect === 'sqlite'
      ? new SqliteStateReader(ctx.runner, sqliteFilePath(copy.url, ctx.config.cwd), ctx.config.migrationsTable, {
          PATH: ctx.config.env.PATH,
          cwd: ctx.config.cwd,
        })
      : undefined;
  try {
    await runTestSteps(ctx, copy, dir, tag, reader, setup, tested, seeds, report, options);
  } finally {
    reader?.close();
  }
}

async function runTestSteps(
  ctx: RunContext,
  copy: ScratchCopy,
  dir: string,
  tag: string,
  reader: SqliteStateReader | undefined,
  setup: ReadStep[],
  tested: ReadStep[],
  seeds: ReadonlyMap<string, SeedFile>,
  report: MigrationTestReport,
  options: MigrationTestOptions,
): Promise<void> {
  const dialect = dialectOf(copy.url, ctx.config.driver);
  const scratch = { ...scratchContext(ctx, await ctx.dbmate(), copy, dir, tag), readAppliedVersions: reader && (() => reader.versions()) };
  const base = {
    id: newRunId(),
    createdAt: new Date().toISOString(),
    database: databaseIdentity(copy.url, ctx.config.cwd, ctx.config.driver),
    staysApplied: [],
    notes: [],
  };
  const versions = new Set((await readApplied(scratch)).versions);
  const stopped = () => new DbtkError('interrupted', 'Stopped; the scratch database is removed and the real database was not touched.');
  const run = async (step: ReadStep, direction: 'up' | 'down'): Promise<{ outcome: StepsOutcome; ms: number }> => {
    if (options.signal?.aborted) throw stopped();
    const plan = stepPlan(base, step, direction);
    // Only this test writes to the scratch database: what is applied is known without asking
    // (read once at the start), which spares a process per step on SQLite.
    const applied: AppliedSnapshot = { versions: new Set(versions), fromTable: true, unnamed: 0, databaseMissing: false };
    const started = Date.now();
    const outcome = await runOnScratch(scratch, plan, applied, tag, options.signal);
    if (outcome.interrupted) throw stopped();
    for (const ran of outcome.steps)
      if (ran.status === 'done') {
        if (direction === 'up') versions.add(ran.version);
        else versions.delete(ran.version);
      }
    return { outcome, ms: Date.now() - started };
  };
  const target = { url: copy.url, cwd: ctx.config.cwd, driver: ctx.config.driver, env: ctx.config.env };
  const dump = async () => {
    const text = await reader?.dump();
    if (options.signal?.aborted) throw stopped();
    return text ?? dumpSchema(scratch.dbmateNow, dir, options.signal);
  };
  for (const step of setup) {
    const { outcome } = await run(step, 'up');
    if (outcome.error)
      throw new DbtkError(outcome.error.kind, `${step.listed.file} (older than --from) could not be applied on the scratch database.`, {
        detail: outcome.error.message,
      });
  }
  const total = tested.length;
  let before = await dump();
  for (const [index, step] of tested.entries()) {
    const result = report.migrations[index];
    const file = step.listed.file;
    options.onEvent?.({ type: 'started', index, total, file });
    const fail = (failedStep: TestStepName | undefined, reason: string, error?: DbtkError) => {
      result.status = 'failed';
      result.failedStep = failedStep;
      result.reason = reason;
      if (error) result.error = serializeError(error);
    };
    const differences = (expected: string, actual: string, phase: Phase) =>
      schemaDifferences({ expected, actual, dialect, migrationsTable: ctx.config.migrationsTable, phase });

    options.onEvent?.({ type: 'step', index, step: 'up', file });
    const up = await run(step, 'up');
    result.durations.up = up.ms;
    let stop = false;
    if (up.outcome.error) {
      fail('up', `the up fails (${up.outcome.error.kind})`, up.outcome.error);
      stop = true;
    } else {
      const seed = seeds.get(step.listed.version);
      const seedError = seed
        ? await runSeed(target, ctx.runner, seed).then(
            () => undefined,
            (error: DbtkError) => error,
          )
        : undefined;
      if (seedError) {
        fail('up', seedError.message, seedError);
        options.onEvent?.({ type: 'finished', index, total, result });
        return;
      }
      const after = await dump();
      options.onEvent?.({ type: 'step', index, step: 'down', file });
      const down = await run(step, 'down');
      result.durations.down = down.ms;
      if (down.outcome.error) {
        fail('down', `the down fails (${down.outcome.error.kind})`, down.outcome.error);
        stop = true;
      } else {
        const afterDown = await dump();
        result.downDifferences = differences(before, afterDown, 'down');
        if (seed) result.assertionFailures.push(...(await checkAssertions(target, ctx.runner, seed, 'down')));
        options.onEvent?.({ type: 'step', index, step: 'up_again', file });
        const again = await run(step, 'up');
        result.durations.up_again = again.ms;
        if (again.outcome.error) {
          fail('up_again', `the second up fails (${again.outcome.error.kind})`, again.outcome.error);
          stop = true;
        } else {
          const afterAgain = await dump();
          result.upAgainDifferences = differences(after, afterAgain, 'up_again');
          if (seed) result.assertionFailures.push(...(await checkAssertions(target, ctx.runner, seed, 'up_again')));
          before = afterAgain;
        }
        if (result.downDifferences.length > 0)
          fail(
            result.failedStep,
            `the down does not undo the up: ${result.downDifferences[0].text}${result.downDifferences.length > 1 ? ` (+${result.downDifferences.length - 1} more)` : ''}${result.failedStep ? `; ${result.reason}` : ''}`,
          );
        else if (!result.failedStep && result.upAgainDifferences.length > 0)
          fail(undefined, `the second up gives another schema: ${result.upAgainDifferences[0].text}`);
        const broken = result.assertionFailures[0];
        if (broken)
          fail(
            result.failedStep,
            `${result.status === 'failed' ? `${result.reason}; ` : ''}assertion ${broken.assertion} ${broken.got} after the ${broken.after === 'down' ? 'down' : 'second up'}${
              result.assertionFailures.length > 1 ? ` (+${result.assertionFailures.length - 1} more)` : ''
            }`,
          );
      }
    }
    if (result.status === 'not_run') result.status = 'passed';
    options.onEvent?.({ type: 'finished', index, total, result });
    if (stop) return;
  }
}

/** The scratch database's schema as dbmate dumps it (into the private folder). */
async function dumpSchema(dbmate: Dbmate, dir: string, signal?: AbortSignal): Promise<string> {
  const schemaFile = path.join(dir, 'schema.sql');
  await dbmate.dump({ schemaFile, signal });
  return readFile(schemaFile, 'utf8');
}
