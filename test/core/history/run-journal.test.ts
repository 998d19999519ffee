// The journal of a run in flight, and what the next command makes of one whose dbtk was
// killed: every planned step decided by the database (fake applied versions here), entries
// the run already recorded not written twice, and a dbmate that outlived its dbtk reported
// instead of guessed at.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { HistoryContext } from '../../../src/core/history/record.js';
import { findInterruptedRuns, startRunJournal, type InterruptedRun, type RunJournalStart } from '../../../src/core/history/run-journal.js';
import { describeReconciliation, reconcileInterruptedRun, reconcileInterruptedRuns } from '../../../src/core/history/run-reconcile.js';
import { HistoryStore } from '../../../src/core/history/store.js';
import type { HistoryEntry } from '../../../src/core/history/types.js';

const DB = { key: 'c0ffee00c0ffee00', label: 'postgres://db:5432/shop' };
const CONTEXT: HistoryContext = {
  connection: 'shop',
  url: 'postgres://app:***@db/shop',
  appliedBy: 'ana@laptop',
  dbmateVersion: '2.36.0',
  database: DB.key,
  databaseLabel: DB.label,
  runId: 'run-1',
};
const steps = [1, 2, 3].map((n) => ({ version: String(n), name: `s${n}`, file: `${n}_s${n}.sql` }));

function stateDir(): string {
  return path.join(mkdtempSync(path.join(os.tmpdir(), 'dbtk-journal-')), '.dbtk');
}

function start(overrides: Partial<RunJournalStart> = {}): RunJournalStart {
  return { runId: 'run-1', command: 'up', direction: 'up', steps, database: DB, history: CONTEXT, migrationDirs: [], ...overrides };
}

/** A pid that certainly belongs to no running process any more. */
const deadPid = () => spawnSync('true').pid;

/** Rewrites a journal as if another (dead) dbtk had written it. */
function orphanJournal(file: string, dbtkPid = deadPid()): void {
  const journal = JSON.parse(readFileSync(file, 'utf8'));
  writeFileSync(file, JSON.stringify({ ...journal, dbtk: { pid: dbtkPid, host: os.hostname() } }));
}

const sleepers: number[] = [];
afterAll(() => {
  for (const pid of sleepers) {
    try {
      process.kill(pid);
    } catch {
      // already gone
    }
  }
});

describe('the run journal', () => {
  it('is written before the run (owner-only, no password), names dbmate once started, and goes when the run ends', async () => {
    const dir = stateDir();
    const journal = await startRunJournal(dir, start({ database: { key: DB.key, label: 'postgres://app:s3cret@db/shop' } }));
    expect(journal.warning).toBeUndefined();
    expect(path.dirname(journal.file)).toBe(path.join(dir, 'runs'));
    expect(statSync(journal.file).mode & 0o777).toBe(0o600);
    const written = readFileSync(journal.file, 'utf8');
    expect(written).not.toContain('s3cret');
    expect(JSON.parse(written)).toMatchObject({
      runId: 'run-1',
      direction: 'up',
      steps,
      dbtk: { pid: process.pid },
      database: { key: DB.key },
    });
    await journal.setDbmatePid(4242);
    expect(JSON.parse(readFileSync(journal.file.replace(/\.json$/, '.dbmate'), 'utf8'))).toMatchObject({ pid: 4242, host: os.hostname() });
    // Its own dbtk is alive: not an interrupted run.
    expect(await findInterruptedRuns(dir)).toEqual([]);
    await journal.finish();
    expect(readdirSync(path.join(dir, 'runs'))).toEqual([]);
  });

  it('cannot stop a run: an unwritable state folder gives a warning', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dbtk-journal-'));
    writeFileSync(path.join(dir, '.dbtk'), 'not a folder');
    const journal = await startRunJournal(path.join(dir, '.dbtk'), start());
    expect(journal.warning).toMatch(/run journal .* could not be written/);
    await journal.setDbmatePid(1);
    await journal.finish();
  });

  it('finds the runs whose dbtk is gone (of one database when asked), not live or foreign ones', async () => {
    const dir = stateDir();
    const dead = await startRunJournal(dir, start({ runId: 'a-dead' }));
    await dead.setDbmatePid(deadPid());
    orphanJournal(dead.file);
    await startRunJournal(dir, start({ runId: 'b-live' }));
    const foreign = await startRunJournal(dir, start({ runId: 'c-foreign' }));
    writeFileSync(foreign.file, JSON.stringify({ ...foreign.journal, dbtk: { pid: deadPid(), host: 'another-host' } }));
    const other = await startRunJournal(dir, start({ runId: 'd-other-db', database: { key: 'ffff', label: 'x' } }));
    orphanJournal(other.file);
    writeFileSync(path.join(dir, 'runs', 'e-broken.json'), '{not json');

    const all = await findInterruptedRuns(dir);
    expect(all.map((run) => run.journal.runId)).toEqual(['a-dead', 'd-other-db']);
    expect(all[0].dbmate?.pid).toEqual(expect.any(Number));
    expect(all[1].dbmate).toBeUndefined();
    expect((await findInterruptedRuns(dir, { database: DB.key })).map((run) => run.journal.runId)).toEqual(['a-dead']);
  });
});

describe('reconciling an interrupted run', () => {
  async function interrupted(overrides: Partial<RunJournalStart> = {}, dbmatePid: number | null = deadPid()): Promise<InterruptedRun> {
    const dir = stateDir();
    const journal = await startRunJournal(dir, start(overrides));
    if (dbmatePid !== null) await journal.setDbmatePid(dbmatePid);
    orphanJournal(journal.file);
    const [run] = await findInterruptedRuns(dir);
    return run;
  }
  const summary = (entries: HistoryEntry[]) => entries.map((e) => [e.action, e.version, e.status, e.errorKind, e.runId]);

  it('up: applied steps are done, the first pending one was interrupted, the rest did not run', async () => {
    const run = await interrupted();
    const outcome = reconcileInterruptedRun(run, ['1']);
    expect(outcome.settled).toBe(true);
    expect(outcome.steps.map((s) => [s.step.version, s.outcome])).toEqual([
      ['1', 'done'],
      ['2', 'interrupted'],
      ['3', 'not_run'],
    ]);
    expect(summary(outcome.entries)).toEqual([
      ['up', '1', 'success', 'interrupted', 'run-1'],
      ['up', '2', 'failed', 'interrupted', 'run-1'],
    ]);
    expect(outcome.entries[0]).toMatchObject({ appliedBy: 'ana@laptop', database: DB.key, databaseLabel: DB.label, name: 's1' });
    expect(outcome.entries[0].errorMessage).toMatch(
      /was stopped before it could record the outcome; recorded after the fact .* shows this step done/,
    );
    expect(outcome.entries[1].errorMessage).toMatch(/shows this step not applied/);
    expect(describeReconciliation(outcome)).toMatch(/From the database: applied: 1; interrupted: 2; not run: 3\. Recorded in history\./);
  });

  it('down: rolled-back steps (gone from the database) are done', async () => {
    const run = await interrupted({ direction: 'down', command: 'down', steps: [...steps].reverse() });
    const outcome = reconcileInterruptedRun(run, ['1']);
    expect(outcome.steps.map((s) => [s.step.version, s.outcome])).toEqual([
      ['3', 'done'],
      ['2', 'done'],
      ['1', 'interrupted'],
    ]);
    expect(summary(outcome.entries).map((e) => e.slice(0, 3))).toEqual([
      ['down', '3', 'success'],
      ['down', '2', 'success'],
      ['down', '1', 'failed'],
    ]);
  });

  it('does not repeat what the run recorded itself, and corrects a failure the database contradicts', async () => {
    const run = await interrupted();
    const recorded = (version: string, status: 'success' | 'failed', runId = 'run-1') =>
      ({ action: 'up', version, status, runId, startedAt: '2024-01-01T00:00:00.000Z' }) as HistoryEntry;
    // Step 1 recorded as done by the run; step 2 recorded as failed (Ctrl-C) but the
    // orphaned dbmate applied it later; another run's entry counts for nothing.
    const outcome = reconcileInterruptedRun(run, ['1', '2'], {
      recorded: [recorded('1', 'success'), recorded('2', 'failed'), recorded('3', 'failed', 'other-run')],
    });
    expect(summary(outcome.entries)).toEqual([
      ['up', '2', 'success', 'interrupted', 'run-1'],
      ['up', '3', 'failed', 'interrupted', 'run-1'],
    ]);
  });

  it('a run killed before its dbmate started ran nothing', async () => {
    const outcome = reconcileInterruptedRun(await interrupted({}, null), []);
    expect(outcome.steps.map((s) => s.outcome)).toEqual(['not_run', 'not_run', 'not_run']);
    expect(outcome.entries).toEqual([]);
  });

  it('a dbmate still running after its dbtk died: nothing decided, its pid named', async () => {
    const sleeper = spawn('sleep', ['30'], { stdio: 'ignore' });
    sleepers.push(sleeper.pid!);
    const outcome = reconcileInterruptedRun(await interrupted({}, sleeper.pid), ['1']);
    expect(outcome).toMatchObject({ settled: false, orphanedDbmate: { pid: sleeper.pid }, entries: [] });
    expect(describeReconciliation(outcome)).toMatch(
      new RegExp(`its dbmate \\(pid ${sleeper.pid}\\) is still running and may still change the database.*kill -INT ${sleeper.pid}`),
    );
  });

  it('reconcileInterruptedRuns records into history and removes the journal; an orphaned run is kept', async () => {
    const dir = stateDir();
    const store = new HistoryStore(dir, { database: DB.key });
    const done = await startRunJournal(dir, start({ runId: 'run-1' }));
    await done.setDbmatePid(deadPid());
    orphanJournal(done.file);
    const sleeper = spawn('sleep', ['30'], { stdio: 'ignore' });
    sleepers.push(sleeper.pid!);
    const running = await startRunJournal(dir, start({ runId: 'run-2', history: { ...CONTEXT, runId: 'run-2' } }));
    await running.setDbmatePid(sleeper.pid!);
    orphanJournal(running.file);

    let reads = 0;
    const readAppliedVersions = async () => {
      reads++;
      return ['1', '2', '3'];
    };
    const outcomes = await reconcileInterruptedRuns({ stateDir: dir, store, database: DB.key, readAppliedVersions });
    expect(outcomes.map((o) => [o.journal.runId, o.settled])).toEqual([
      ['run-1', true],
      ['run-2', false],
    ]);
    expect((await store.read()).entries.map((e) => [e.version, e.status, e.runId])).toEqual([
      ['3', 'success', 'run-1'],
      ['2', 'success', 'run-1'],
      ['1', 'success', 'run-1'],
    ]);
    expect(existsSync(done.file)).toBe(false);
    expect(existsSync(running.file)).toBe(true);

    // Once the orphan ends, the next command settles it; then there is nothing left to do.
    sleeper.kill();
    await new Promise((resolve) => sleeper.once('exit', resolve));
    const later = await reconcileInterruptedRuns({ stateDir: dir, store, database: DB.key, readAppliedVersions });
    expect(later.map((o) => [o.journal.runId, o.settled, o.entries.length])).toEqual([['run-2', true, 3]]);
    expect(await reconcileInterruptedRuns({ stateDir: dir, store, database: DB.key, readAppliedVersions })).toEqual([]);
    expect(reads).toBe(2);
  });
});
