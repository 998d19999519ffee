// The databases a case runs on: SQLite always, PostgreSQL when its server answers (through
// psql, which ships with it).

import { spawnSync } from 'node:child_process';
import { makeProject } from './fixtures.js';

const PG_ADMIN_URL = process.env.DBTK_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable';

export const sqliteBackend = {
  name: 'SQLite',
  project: (count) => makeProject(count),
  cleanUp: (project) => project.remove(),
};

function psql(sql) {
  const result = spawnSync('psql', [PG_ADMIN_URL, '-qtAc', sql], { encoding: 'utf8', env: { ...process.env, PGCONNECT_TIMEOUT: '3' } });
  if (result.error) return { ok: false, error: result.error.message };
  return result.status === 0 ? { ok: true, out: result.stdout.trim() } : { ok: false, error: result.stderr.trim() };
}

const databaseOf = (project) => new URL(project.url).pathname.slice(1);

function dropDatabase(name) {
  const result = psql(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  if (!result.ok) throw new Error(`could not drop ${name}: ${result.error}`);
}

/** The PostgreSQL backend, or the reason it is skipped. */
export function postgresBackend() {
  const version = psql('SHOW server_version');
  if (!version.ok) return { skipped: `PostgreSQL is not reachable at ${redact(PG_ADMIN_URL)} (${version.error})` };
  let serial = 0;
  return {
    name: 'PostgreSQL',
    server: `PostgreSQL ${version.out}`,
    project(count) {
      const url = new URL(PG_ADMIN_URL);
      url.pathname = `/dbtk_bench_${process.pid}_${++serial}`;
      dropDatabase(url.pathname.slice(1));
      return makeProject(count, { url: url.href });
    },
    dropDatabase: (project) => dropDatabase(databaseOf(project)),
    cleanUp(project) {
      dropDatabase(databaseOf(project));
      project.remove();
    },
  };
}

function redact(url) {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}
