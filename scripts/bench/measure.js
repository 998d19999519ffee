// Timing and memory helpers for `npm run bench`: commands are run whole, as a user runs them,
// and compared commands take turns so that a busy moment on the machine hits each alike.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** Runs a command once and returns its wall time in ms; a failure stops the benchmark. */
export function timeCommand({ command, args, cwd, env = process.env, okCodes = [0] }) {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 30 });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.error || !okCodes.includes(result.status)) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.slice(-2000);
    throw new Error(
      `${path.basename(command)} ${args.join(' ')} (in ${cwd}) failed with ${result.error?.message ?? `exit ${result.status}`}\n${output}`,
    );
  }
  return ms;
}

/**
 * Times each named command `runs` times after `warmup` untimed rounds, in turns (a, b, c, a,
 * b, c…). `before(name)` runs untimed before each run (to reset a database, say).
 */
export function compare(commands, { runs, warmup = 1, before = () => undefined }) {
  const times = Object.fromEntries(Object.keys(commands).map((name) => [name, []]));
  for (let round = 0; round < warmup + runs; round++) {
    for (const [name, spec] of Object.entries(commands)) {
      before(name);
      const ms = timeCommand(spec);
      if (round >= warmup) times[name].push(ms);
    }
  }
  return Object.fromEntries(Object.entries(times).map(([name, list]) => [name, { median: median(list), runs: list }]));
}

let probeDir;

/** The preload module, written once into a temp folder on first use. */
function probeModule() {
  probeDir ??= mkdtempSync(path.join(os.tmpdir(), 'dbtk-bench-probe-'));
  const probe = path.join(probeDir, 'peak-rss.mjs');
  writeFileSync(
    probe,
    `import { writeFileSync } from 'node:fs';
process.on('exit', () => writeFileSync(process.env.DBTK_BENCH_RSS_FILE, String(process.resourceUsage().maxRSS)));
`,
  );
  return probe;
}

/**
 * The environment that makes a Node process (dbtk) report its peak RSS when it exits, and a
 * reader for that figure in MB. The probe is a preload, so dbtk's own code is untouched.
 */
export function peakRssProbe(env = process.env) {
  const probe = probeModule();
  const file = path.join(probeDir, `rss-${process.hrtime.bigint()}`);
  return {
    env: { ...env, DBTK_BENCH_RSS_FILE: file, NODE_OPTIONS: `${env.NODE_OPTIONS ?? ''} --import=${pathToFileURL(probe).href}`.trim() },
    readMb: () => Number(readFileSync(file, 'utf8')) / 1024,
  };
}

/** Peak RSS (MB) of one run of a Node command. */
export function peakRssOf(spec) {
  const probeRun = peakRssProbe(spec.env);
  timeCommand({ ...spec, env: probeRun.env });
  return probeRun.readMb();
}

export function cleanUpProbe() {
  if (probeDir) rmSync(probeDir, { recursive: true, force: true });
}
