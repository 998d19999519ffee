// Issue 13, "the database is the truth after any stop": on real SQLite, PostgreSQL and MariaDB,
// `up` and `down` batches of slow migrations are stopped at seeded random moments (SIGINT,
// and sometimes SIGTERM or SIGHUP, which must be handled alike), and their dbmate child is
// killed with SIGKILL mid-batch. After every stop the migrations table, `dbtk status --json`,
// `dbtk history --json` and what dbtk printed must all tell the same story.
// Replay a schedule with DBTK_FAULT_SEED=<seed>.

import type { HistoryJson, StatusJson } from '../helpers/cli-json.js';
import path from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { availableTargets, type DatabaseTarget, type TestDatabase } from '../helpers/databases.js';
import { childPids } from '../helpers/processes.js';
import { DBTK_BIN, makeTempProject, runDbtk, type TempProject } from '../helpers/project.js';
import { readPrintedRun, seededRandom, slowSql, tableVersions, versionOf } from '../helpers/runs.js';

const targets = await availableTargets();

const SEED = Number(process.env.DBTK_FAULT_SEED ?? 1307);
const ITERATIONS = 20;
const STEPS = 4;
const STEP_MS = 50;

describe.concurrent.each(targets.map((t, i) => [t.label, t, i] as const))('%s', (_label, target: DatabaseTarget, index) => {
  const databases: TestDatabase[] = [];
  afterAll(async () => {
    for (const db of databases) await db.drop().catch(() => undefined);
  });

  async function setup(options: { dumpSchema: boolean }): Promise<{ project: TempProject; db: TestDatabase; env: Record<string, string> }> {
    const db = await target.createDatabase();
    databases.push(db);
    const project = makeTempProject('dbtk-faults-');
    for (let i = 1; i <= STEPS; i++) {
      const slow = slowSql(target.dialect, STEP_MS);
      // IF (NOT) EXISTS: MariaDB commits DDL at once, so an interrupted step may leave its table.
      project.addMigration(
        `2024010100000${i}`,
        `t${i}`,
        `${slow}\nCREATE TABLE IF NOT EXISTS t${i} (id INTEGER);`,
        `${slow}\nDROP TABLE IF EXISTS t${i};`,
      );
    }
    return { project, db, env: { DATABASE_URL: db.url, ...(options.dumpSchema ? {} : { DBMATE_NO_DUMP_SCHEMA: 'true' }) } };
  }

  /** Starts dbtk with `args` and stops it with `stop()` when `at` says so. */
  async function stopped(
    project: TempProject,
    env: Record<string, string>,
    args: string[],
    at: { after: string | null; delayMs: number },
    stop: (child: ResultPromise) => unknown,
  ) {
    const child = execa('node', [DBTK_BIN, ...args], {
      cwd: project.dir,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, XDG_DATA_HOME: path.join(project.dir, '.xdg-data'), NO_COLOR: '1', ...env },
      extendEnv: false,
      reject: false,
      timeout: 60_000,
    });
    let seen = '';
    const started = new Promise<void>((resolve) => {
      if (at.after === null) resolve();
      child.stdout.on('data', (chunk: Buffer) => {
        seen += chunk.toString();
        if (seen.includes(at.after!)) resolve();
      });
    });
    let timer: NodeJS.Timeout | undefined;
    void started.then(() => (timer = setTimeout(() => stop(child), at.delayMs)));
    const result = await child;
    clearTimeout(timer);
    return { stdout: String(result.stdout), stderr: String(result.stderr), exitCode: result.exitCode, signal: result.signal };
  }

  /** After a stop: the table, status, history and the printed summary agree. */
  async function expectAgreement(
    project: TempProject,
    db: TestDatabase,
    direction: 'up' | 'down',
    before: string[],
    historyBefore: Set<string>,
    run: { stdout: string; stderr: string },
    context: string,
  ): Promise<{ table: string[]; historyIds: Set<string> }> {
    const table = await tableVersions(target.dialect, db.url, project.dir);
    const [status, history] = await Promise.all([
      runDbtk(['status', '--json'], { cwd: project.dir, env: { DATABASE_URL: db.url } }),
      runDbtk(['history', '--json'], { cwd: project.dir, env: { DATABASE_URL: db.url } }),
    ]);
    const statusApplied = (status.json<StatusJson>().migrations as { version: string; status: string }[])
      .filter((m) => m.status !== 'pending')
      .map((m) => m.version);
    expect(statusApplied, `${context}: status vs table`).toEqual(table);
    const changed = direction === 'up' ? table.filter((v) => !before.includes(v)) : before.filter((v) => !table.includes(v));
    const printed = readPrintedRun(run.stdout, run.stderr);
    const sorted = (list: string[]) => [...list].sort();
    expect(sorted(printed.finished.map(versionOf)), `${context}: ✔ lines vs table\n${run.stdout}\n${run.stderr}`).toEqual(sorted(changed));
    if (printed.beforeStop) expect(sorted(printed.beforeStop.map(versionOf)), `${context}: "before the stop"`).toEqual(sorted(changed));
    if (printed.doneCount !== undefined) expect(printed.doneCount, `${context}: summary count`).toBe(changed.length);
    for (const file of printed.notRun) expect(table.includes(versionOf(file)), `${context}: "Not run" ${file}`).toBe(direction === 'down');
    const entries = history.json<HistoryJson>().entries;
    const fresh = entries.filter((e) => !historyBefore.has(e.id) && e.version);
    expect(sorted(fresh.filter((e) => e.status === 'success').map((e) => e.version!)), `${context}: history successes`).toEqual(
      sorted(changed),
    );
    for (const e of fresh.filter((e) => e.status === 'failed'))
      expect(table.includes(e.version!), `${context}: history says ${e.action} of ${e.version} failed`).toBe(direction === 'down');
    // Each version's newest entry says what the table says.
    for (let i = 1; i <= STEPS; i++) {
      const version = `2024010100000${i}`;
      const latest = entries.find((e) => e.version === version);
      const said = latest ? `${latest.action} ${latest.status}` : 'nothing';
      // Applied: its last apply succeeded, or a rollback of it failed. Not applied: rolled back, never applied, or its apply failed.
      const expected = table.includes(version) ? /^(up success|down failed)$/ : /^(down success|up failed|nothing)$/;
      expect(said, `${context}: newest history entry of ${version}`).toMatch(expected);
    }
    return { table, historyIds: new Set(entries.map((e) => e.id)) };
  }

  it(`stops at ${ITERATIONS} seeded random moments in up and down batches, and every report agrees with the database`, async () => {
    // No schema dump here (the kill test below has it): twenty iterations stay short.
    const { project, db, env } = await setup({ dumpSchema: false });
    const random = seededRandom(SEED + index);
    const signals = ['SIGINT', 'SIGINT', 'SIGINT', 'SIGTERM', 'SIGHUP'] as const;
    let table: string[] = [];
    let historyIds = new Set<string>();
    let midBatch = 0;
    for (let i = 0; i < ITERATIONS; i++) {
      for (const direction of ['up', 'down'] as const) {
        const at = { after: random() < 0.25 ? null : '→ [', delayMs: Math.floor(random() * (STEPS * STEP_MS * 2.5)) };
        const signal = signals[Math.floor(random() * signals.length)];
        const args = direction === 'up' ? ['up'] : ['down', '--to', '0', '--yes'];
        const run = await stopped(project, env, args, at, (child) => child.kill(signal));
        const context = `seed ${SEED + index}, iteration ${i} ${direction}, ${signal} ${at.after === null ? 'from start' : 'after the first step'} +${at.delayMs}ms`;
        ({ table, historyIds } = await expectAgreement(project, db, direction, table, historyIds, run, context));
        if (readPrintedRun(run.stdout, run.stderr).beforeStop) midBatch++;
      }
    }
    // The schedule really stops batches in their middle (not only before or after them).
    expect(midBatch).toBeGreaterThanOrEqual(ITERATIONS / 2);
  }, 420_000);

  it('kill -9 of the dbmate child mid-batch: the summary agrees with the database', async () => {
    const { project, db, env } = await setup({ dumpSchema: true });
    const random = seededRandom(SEED + 100 + index);
    const killDbmate = async (child: ResultPromise) => {
      // dbmate is dbtk's child (between two rollback steps there may be none for a moment,
      // or only sqlite3 reading the versions back): look until one is there.
      for (let tries = 0; tries < 200; tries++) {
        const pids = childPids(child.pid!, 'dbmate');
        if (pids.length) return pids.forEach((pid) => process.kill(pid, 'SIGKILL'));
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    };
    let table: string[] = [];
    let historyIds = new Set<string>();
    for (const direction of ['up', 'down'] as const) {
      if (direction === 'down') {
        // Everything applied first, so that the rollback batch has a second step to kill.
        const up = await runDbtk(['up'], { cwd: project.dir, env });
        ({ table, historyIds } = await expectAgreement(project, db, 'up', table, historyIds, up, 'up after the kill'));
      }
      const args = direction === 'up' ? ['up'] : ['down', '--to', '0', '--yes'];
      // During the second step, at a random moment within it (committed or not yet).
      const run = await stopped(project, env, args, { after: '→ [2/', delayMs: Math.floor(random() * STEP_MS) }, killDbmate);
      expect(run.exitCode, run.stderr).toBe(1);
      expect(run.stderr).toMatch(/stopped from outside \(killed\)/);
      // The schema file is brought up to date after the failure too.
      expect(run.stdout).toMatch(/Schema written to/);
      ({ table, historyIds } = await expectAgreement(project, db, direction, table, historyIds, run, `kill -9 during ${direction}`));
    }
  }, 120_000);
});
