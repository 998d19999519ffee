// The cases of the benchmark (issue 8; stats from issue 21). Each returns rows for the report: what was
// measured, its median, and the target it is held to.

import { DBTK, NODE } from './paths.js';
import { filesSettle, makeProject, makeTestProject, padHistory } from './fixtures.js';
import { compare, median, peakRssOf, peakRssProbe } from './measure.js';
import { PtySession, ptyRunTime } from './pty.js';

const NODE_BASELINE = { command: NODE, args: ['-e', '0'], cwd: process.cwd() };

const row = (fields) => ({ unit: 'ms', ...fields, pass: fields.limit === undefined ? undefined : fields.value <= fields.limit });

/** 1. `dbtk status --json` next to `dbmate status` (plus Node's own start). */
export async function statusOverhead({ runs, dbmate, backends }) {
  const rows = [];
  for (const backend of backends) {
    for (const count of [10, 1000]) {
      const project = backend.project(count);
      project.applyAll();
      await filesSettle();
      const t = compare(
        { node: NODE_BASELINE, dbmate: project.dbmate(dbmate, ['status']), dbtk: project.dbtk(['status', '--json']) },
        { runs, warmup: 2 },
      );
      const base = t.dbmate.median + t.node.median;
      rows.push(
        row({
          case: `status, ${count} migrations (${backend.name})`,
          detail: `dbtk ${fmt(t.dbtk.median)} · dbmate ${fmt(t.dbmate.median)} · node -e 0 ${fmt(t.node.median)}`,
          value: t.dbtk.median / base,
          unit: '×',
          limit: 1.3,
          target: 'dbtk / (dbmate + node) ≤ 1.3',
          rssMb: peakRssOf(project.dbtk(['status', '--json'])),
        }),
      );
      backend.cleanUp(project);
    }
  }
  return rows;
}

/** 2. Applying 1,000 pending migrations: `dbtk up` next to `dbmate up`. */
export async function upThroughput({ runs, dbmate, backends }) {
  const rows = [];
  for (const backend of backends) {
    const project = backend.project(1000);
    const reset = () => project.reset(backend.dropDatabase && (() => backend.dropDatabase(project)));
    const t = compare(
      { dbmate: project.dbmate(dbmate, ['up']), dbtk: project.dbtk(['up']) },
      { runs: Math.max(3, Math.ceil(runs / 3)), warmup: 1, before: reset },
    );
    reset();
    rows.push(
      row({
        case: `up, 1,000 migrations (${backend.name})`,
        detail: `dbtk ${fmt(t.dbtk.median)} · dbmate ${fmt(t.dbmate.median)}`,
        value: t.dbtk.median / t.dbmate.median,
        unit: '×',
        limit: 1.1,
        target: 'dbtk / dbmate ≤ 1.10',
        rssMb: peakRssOf(project.dbtk(['up'])),
      }),
    );
    backend.cleanUp(project);
  }
  return rows;
}

const VERSION = /\b2024\d{10}\b/;
/** A frame of the migrations list with its rows drawn and nothing still loading. */
const isListFrame = (text) => VERSION.test(text) && !text.includes('Loading migrations') && !text.includes('loading…');

/** 3. The full-screen app on 10,000 migrations, in a real pty. */
export async function tui({ runs, big }) {
  const sessions = Math.max(3, Math.ceil(runs / 2));
  const baseline = [];
  const firstFrame = [];
  const redraws = [];
  const rss = [];
  // Warm-up: the first start after a build parses every file and fills dbtk's scan cache.
  const warmUp = new PtySession([NODE, DBTK], { cwd: big.dir, env: big.env });
  await warmUp.frameMatching(isListFrame);
  await warmUp.settle();
  await warmUp.quit();
  for (let i = 0; i < sessions; i++) {
    baseline.push(await ptyRunTime([NODE, '-e', '0'], { cwd: big.dir, env: big.env }));
    const probe = peakRssProbe(big.env);
    const session = new PtySession([NODE, DBTK], { cwd: big.dir, env: probe.env });
    const first = await session.frameMatching(isListFrame);
    firstFrame.push(first.at - session.startedAt);
    await session.settle();
    for (let key = 0; key < 40; key++) {
      const sentAt = session.press('j');
      const frame = await session.frameMatching(() => true, { from: session.frames.length });
      redraws.push(frame.at - sentAt);
      await session.settle(40);
    }
    await session.quit();
    rss.push(probe.readMb());
  }
  const startUp = median(firstFrame) - median(baseline);
  return [
    row({
      case: 'app: first list frame, 10,000 migrations',
      detail: `${fmt(median(firstFrame))} from launch · node -e 0 in the same pty ${fmt(median(baseline))}`,
      value: startUp,
      limit: 400,
      target: '≤ 400 ms beyond node -e 0',
    }),
    row({
      case: 'app: keypress → redrawn frame (j, scrolling)',
      detail: `${redraws.length} keys · p90 ${fmt(percentile(redraws, 0.9))}`,
      value: median(redraws),
      limit: 33,
      target: '≤ 33 ms median',
    }),
    row({
      case: 'app: peak RSS, 10,000 migrations',
      detail: `${sessions} sessions, each started, scrolled 40 rows and quit (${rss.map((mb) => mb.toFixed(0)).join(', ')} MB)`,
      value: Math.max(...rss),
      unit: 'MB',
      limit: 150,
      target: '≤ 150 MB',
    }),
  ];
}

/** 4. `dbtk lint` and `dbtk validate` over 10,000 migration files. */
export async function analysis({ runs, dbmate, big }) {
  const lintSpec = big.dbtk(['lint'], [0, 1]);
  // The same files read as PostgreSQL: its parser checks the syntax of every statement. Lint
  // never connects, so the URL points nowhere.
  const pgLintSpec = {
    ...lintSpec,
    env: { ...lintSpec.env, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none?sslmode=disable' },
  };
  const validateSpec = big.dbtk(['validate'], [0, 1]);
  const t = compare(
    { lint: lintSpec, pgLint: pgLintSpec, validate: validateSpec, dbmate: big.dbmate(dbmate, ['status']) },
    { runs: Math.max(3, Math.ceil(runs / 2)), warmup: 1 },
  );
  return [
    row({ case: 'lint, 10,000 files', detail: '', value: t.lint.median, limit: 2000, target: '≤ 2 s', rssMb: peakRssOf(lintSpec) }),
    row({
      case: 'lint, 10,000 files (PostgreSQL)',
      detail: 'every statement through the parser',
      value: t.pgLint.median,
      limit: 2000,
      target: '≤ 2 s',
      rssMb: peakRssOf(pgLintSpec),
    }),
    row({
      case: 'validate, 10,000 files',
      detail: `validate ${fmt(t.validate.median)} · dbmate status ${fmt(t.dbmate.median)}`,
      value: t.validate.median - t.dbmate.median,
      limit: 1000,
      target: '≤ 1 s beyond dbmate status',
      rssMb: peakRssOf(validateSpec),
    }),
  ];
}

/** 5. History reads at 100,000 entries next to the same at 100. */
export async function historyScale({ runs }) {
  const small = makeProject(10);
  const large = makeProject(10);
  for (const [project, total] of [
    [small, 100],
    [large, 100_000],
  ]) {
    project.applyAll();
    padHistory(project, total);
  }
  await filesSettle();
  const t = compare(
    {
      history100: small.dbtk(['history', '--limit', '50', '--json']),
      history100k: large.dbtk(['history', '--limit', '50', '--json']),
      status100: small.dbtk(['status', '--json']),
      status100k: large.dbtk(['status', '--json']),
    },
    { runs, warmup: 2 },
  );
  const rows = [
    row({
      case: 'history --limit 50 at 100,000 entries',
      detail: `${fmt(t.history100k.median)} vs ${fmt(t.history100.median)} at 100`,
      value: t.history100k.median / t.history100.median,
      unit: '×',
      limit: 1.1,
      target: 'within 10% of 100 entries',
      rssMb: peakRssOf(large.dbtk(['history', '--limit', '50', '--json'])),
    }),
    row({
      case: 'status at 100,000 history entries',
      detail: `${fmt(t.status100k.median)} vs ${fmt(t.status100.median)} at 100`,
      value: t.status100k.median / t.status100.median,
      unit: '×',
      limit: 1.1,
      target: 'within 10% of 100 entries',
      rssMb: peakRssOf(large.dbtk(['status', '--json'])),
    }),
  ];
  small.remove();
  large.remove();
  return rows;
}

/**
 * 6. `dbtk stats` reads the whole history (the figures need every run), so it cannot cost the
 * same at 100,000 entries as at 100: it is held to an absolute budget instead, time and memory
 * (it folds entries into numbers as it reads, never holding them).
 */
export async function statsScale({ runs }) {
  const small = makeProject(10);
  const large = makeProject(10);
  for (const [project, total] of [
    [small, 100],
    [large, 100_000],
  ]) {
    project.applyAll();
    padHistory(project, total);
  }
  await filesSettle();
  const t = compare({ stats100: small.dbtk(['stats', '--json']), stats100k: large.dbtk(['stats', '--json']) }, { runs, warmup: 1 });
  const rows = [
    row({
      case: 'stats at 100,000 history entries',
      detail: `${fmt(t.stats100k.median)} vs ${fmt(t.stats100.median)} at 100`,
      value: t.stats100k.median,
      limit: 1500,
      target: '≤ 1.5 s; ≤ 150 MB',
      rssMb: peakRssOf(large.dbtk(['stats', '--json'])),
    }),
  ];
  rows[0].pass = rows[0].pass && rows[0].rssMb <= 150;
  small.remove();
  large.remove();
  return rows;
}

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

export function fmt(ms) {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 1 : 0)} ms`;
}

/**
 * 7. `dbtk test` in CI (issue 24): 200 small migrations on SQLite, each a table and its index
 * with a down that drops them, proven up, down and up again on a scratch database.
 */
export async function migrationTest({ runs }) {
  const project = makeTestProject(200);
  const spec = project.dbtk(['test', '--json']);
  const t = compare({ test: spec }, { runs: Math.max(1, Math.ceil(runs / 5)), warmup: 0 });
  const rows = [
    row({
      case: 'test, 200 migrations (SQLite)',
      detail: `up, down, up again and 3 schema reads per migration · ${fmt(t.test.median / 200)} per migration`,
      value: t.test.median,
      limit: 30_000,
      target: '≤ 30 s',
      rssMb: peakRssOf(spec),
    }),
  ];
  project.remove();
  return rows;
}
