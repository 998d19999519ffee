#!/usr/bin/env node
// `npm run bench [-- --runs N] [--only status,up,app,analysis,history,stats,test] [--write]`: dbtk's cost
// next to dbmate's (issue 8). Builds nothing itself (`npm run bench` builds first), makes its
// projects in the temp folder, prints medians, ratios and peak memory, and with --write puts
// the table into docs/benchmarks.md. Exits 1 when a target is missed.

import { spawnSync } from 'node:child_process';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { postgresBackend, sqliteBackend } from './bench/backends.js';
import { analysis, fmt, historyScale, migrationTest, statsScale, statusOverhead, tui, upThroughput } from './bench/cases.js';
import { makeProject } from './bench/fixtures.js';
import { cleanUpProbe } from './bench/measure.js';
import { dbmateBinary, ROOT } from './bench/paths.js';

const CASES = ['status', 'up', 'app', 'analysis', 'history', 'stats', 'test'];
const DOC = path.join(ROOT, 'docs', 'benchmarks.md');
const START = '<!-- bench:results:start -->';
const END = '<!-- bench:results:end -->';

const USAGE = `Usage: npm run bench -- [--runs N] [--only ${CASES.join(',')}] [--write]\n`;

function parseOptions() {
  try {
    return parseArgs({
      options: {
        runs: { type: 'string', default: '10' },
        only: { type: 'string', default: CASES.join(',') },
        write: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }).values;
  } catch (error) {
    process.stderr.write(`bench: ${error.message}\n${USAGE}`);
    process.exit(2);
  }
}

const options = parseOptions();
if (options.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}
const runs = Number(options.runs);
const only = new Set(options.only.split(',').map((s) => s.trim()));
const unknown = [...only].filter((name) => !CASES.includes(name));
if (!Number.isInteger(runs) || runs < 1 || unknown.length) {
  process.stderr.write(
    `bench: ${unknown.length ? `unknown case ${unknown.join(', ')} (cases: ${CASES.join(', ')})` : '--runs needs a whole number ≥ 1'}\n`,
  );
  process.exit(2);
}

function versionOf(command, args) {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim().split('\n')[0] : 'not found';
}

function machine(dbmate, postgres) {
  return {
    cpus: `${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}`,
    memory: `${(os.totalmem() / 2 ** 30).toFixed(0)} GiB`,
    node: process.version,
    os: `${os.type()} ${os.release()}`,
    dbmate: versionOf(dbmate, ['--version']),
    sqlite3: versionOf('sqlite3', ['--version']).split(' ')[0],
    postgres: postgres.server ?? `skipped: ${postgres.skipped}`,
    load: os
      .loadavg()
      .map((n) => n.toFixed(2))
      .join(' '),
  };
}

const log = (text) => process.stderr.write(`${text}\n`);

async function main() {
  const dbmate = await dbmateBinary();
  const postgres = postgresBackend();
  if (postgres.skipped) log(`bench: ${postgres.skipped}; PostgreSQL cases skipped.`);
  const backends = [sqliteBackend, ...(postgres.skipped ? [] : [postgres])];
  const info = machine(dbmate, postgres);
  log(`bench: ${info.cpus}, ${info.memory}, Node ${info.node}, ${info.dbmate}; ${runs} runs per case`);
  const rows = [];
  const step = async (name, run) => {
    if (!only.has(name)) return;
    const started = Date.now();
    log(`bench: ${name}…`);
    rows.push(...(await run()));
    log(`bench: ${name} done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  };
  let big;
  const bigProject = () => {
    if (!big) {
      log('bench: making a project of 10,000 migrations (9,990 applied through dbtk)…');
      big = makeProject(10_000);
      big.applyAll({ pending: 10 });
    }
    return big;
  };
  try {
    await step('status', () => statusOverhead({ runs, dbmate, backends }));
    await step('up', () => upThroughput({ runs, dbmate, backends }));
    await step('app', () => tui({ runs, big: bigProject() }));
    await step('analysis', () => analysis({ runs, dbmate, big: bigProject() }));
    await step('history', () => historyScale({ runs }));
    await step('stats', () => statsScale({ runs }));
    await step('test', () => migrationTest({ runs }));
  } finally {
    big?.remove();
    cleanUpProbe();
  }
  const table = markdownTable(rows);
  process.stdout.write(`\n${table}\n\n${machineLines(info).join('\n')}\n`);
  if (options.write) writeResults(table, info);
  const missed = rows.filter((r) => r.pass === false);
  if (missed.length) {
    log(`\nbench: ${missed.length} target(s) missed: ${missed.map((r) => r.case).join('; ')}`);
    process.exitCode = 1;
  }
}

const value = (r) => (r.unit === '×' ? `${r.value.toFixed(2)}×` : r.unit === 'MB' ? `${r.value.toFixed(0)} MB` : fmt(r.value));

function markdownTable(rows) {
  const lines = ['| Case | Median | Target | Met | Peak RSS (dbtk) | Detail |', '|---|---:|---|:---:|---:|---|'];
  for (const r of rows) {
    lines.push(
      `| ${r.case} | ${value(r)} | ${r.target} | ${r.pass ? 'yes' : '**no**'} | ${r.rssMb ? `${r.rssMb.toFixed(0)} MB` : ''} | ${r.detail} |`,
    );
  }
  return lines.join('\n');
}

function machineLines(info) {
  return [
    `Machine: ${info.cpus}, ${info.memory} RAM, ${info.os}; load average at the end ${info.load}.`,
    `Node ${info.node}; ${info.dbmate}; sqlite3 ${info.sqlite3}; ${info.postgres}.`,
    `Run on ${new Date().toISOString().slice(0, 10)} with \`npm run bench -- --runs ${runs}\`.`,
  ];
}

/** Replaces the results block of docs/benchmarks.md (temp file, then rename). */
function writeResults(table, info) {
  const doc = readFileSync(DOC, 'utf8');
  const start = doc.indexOf(START);
  const end = doc.indexOf(END);
  if (start === -1 || end < start) throw new Error(`${DOC} has no ${START} … ${END} block to fill`);
  const block = `${START}\n${table}\n\n${machineLines(info).join('\n')}\n${END}`;
  const temp = `${DOC}.tmp-${process.pid}`;
  writeFileSync(temp, doc.slice(0, start) + block + doc.slice(end + END.length));
  renameSync(temp, DOC);
  log(`bench: results written to ${path.relative(process.cwd(), DOC)}`);
}

await main();
