// A dbtk killed with kill -9 in the middle of a run: a real Node process writes a run journal,
// starts a stand-in for dbmate, and is killed. The next look finds the run interrupted, names
// the dbmate that outlived it (the issue saw one apply a migration 18 s later), and once that
// dbmate is gone, settles the run from the database's applied versions.

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { findInterruptedRuns } from '../../src/core/history/run-journal.js';
import { describeReconciliation, reconcileInterruptedRun } from '../../src/core/history/run-reconcile.js';
import { isProcessRunning } from '../../src/core/shared/process-identity.js';
import { REPO_ROOT } from '../helpers/project.js';

// The process that gets killed loads tsc's output (`npm run build`).
const BUILT_JOURNAL = pathToFileURL(path.join(REPO_ROOT, 'build', 'core', 'history', 'run-journal.js')).href;

const started: number[] = [];
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  for (const pid of started) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

describe('a dbtk killed with kill -9 mid-run', () => {
  it('leaves a journal the next command finds, with its orphaned dbmate, then settles from the database', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dbtk-killed-'));
    dirs.push(dir);
    const stateDir = path.join(dir, '.dbtk');
    const start = {
      runId: 'killed-run',
      command: 'up',
      direction: 'up',
      steps: [1, 2].map((n) => ({ version: String(n), name: `m${n}`, file: `${n}_m${n}.sql` })),
      database: { key: '0123456789abcdef', label: 'sqlite:/tmp/x.db' },
      history: { connection: 'x', url: 'sqlite:/tmp/x.db', appliedBy: 'ana@laptop', dbmateVersion: '2.36.0', runId: 'killed-run' },
      migrationDirs: [],
    };
    // The "dbtk": writes the journal, starts a long-running "dbmate" and records its pid.
    const script = `
      import { spawn } from 'node:child_process';
      const { startRunJournal } = await import(${JSON.stringify(BUILT_JOURNAL)});
      const journal = await startRunJournal(${JSON.stringify(stateDir)}, ${JSON.stringify(start)});
      const dbmate = spawn('sleep', ['60'], { stdio: 'ignore' });
      await journal.setDbmatePid(dbmate.pid);
      process.stdout.write('running ' + dbmate.pid + '\\n');
      setInterval(() => {}, 1000);`;
    const dbtk = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    started.push(dbtk.pid!);
    const dbmatePid = await new Promise<number>((resolve, reject) => {
      dbtk.stdout.on('data', (chunk: Buffer) => {
        const match = /running (\d+)/.exec(String(chunk));
        if (match) resolve(Number(match[1]));
      });
      dbtk.once('exit', () => reject(new Error('the dbtk stand-in exited early')));
    });
    started.push(dbmatePid);
    expect(await findInterruptedRuns(stateDir)).toEqual([]); // its dbtk is alive

    dbtk.kill('SIGKILL');
    await new Promise((resolve) => dbtk.once('exit', resolve));
    const [run, ...others] = await findInterruptedRuns(stateDir);
    expect(others).toEqual([]);
    expect(run.journal).toMatchObject({ runId: 'killed-run', dbtk: { pid: dbtk.pid } });
    expect(run.dbmate?.pid).toBe(dbmatePid);

    const whileOrphaned = reconcileInterruptedRun(run, ['1']);
    expect(whileOrphaned).toMatchObject({ settled: false, orphanedDbmate: { pid: dbmatePid }, entries: [] });
    expect(describeReconciliation(whileOrphaned)).toContain(`its dbmate (pid ${dbmatePid}) is still running`);

    // The orphan finishes (having applied both migrations); now the database decides.
    process.kill(dbmatePid, 'SIGTERM');
    for (let i = 0; i < 50 && isProcessRunning(run.dbmate!); i++) await new Promise((resolve) => setTimeout(resolve, 100));
    const settled = reconcileInterruptedRun(run, ['1', '2']);
    expect(settled.settled).toBe(true);
    expect(settled.entries.map((e) => [e.version, e.status, e.errorKind])).toEqual([
      ['1', 'success', 'interrupted'],
      ['2', 'success', 'interrupted'],
    ]);
  });
});
