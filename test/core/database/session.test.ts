// Tagging a run's dbmate sessions: the tag is short and safe, and the URL dbmate gets carries
// it without any other change to what the user wrote.

import { describe, expect, it } from 'vitest';
import { describeServerWork, newRunId, runTag, taggedUrl, type ServerWorkReport } from '../../../src/core/database/session.js';

describe('run ids and tags', () => {
  it('a run id sorts by time and fits a file name; its tag fits an application_name', () => {
    const id = newRunId(new Date('2024-06-01T10:20:30.456Z'));
    expect(id).toMatch(/^20240601t102030-[0-9a-f]{8}$/);
    expect(newRunId()).not.toBe(newRunId());
    expect(runTag(id)).toBe(`dbtk-run-${id}`);
    expect(runTag('Weird id/with spaces'.repeat(10))).toMatch(/^dbtk-run-[a-z0-9-]+$/);
    expect(runTag('x'.repeat(200))).toHaveLength(63);
  });
});

describe('taggedUrl', () => {
  const tag = 'dbtk-run-20240601t102030-0a1b2c3d';

  it('PostgreSQL: application_name added, or replaced; the rest byte for byte', () => {
    expect(taggedUrl('postgres://u:p%40ss@db:5432/app', tag)).toBe(`postgres://u:p%40ss@db:5432/app?application_name=${tag}`);
    expect(taggedUrl('postgresql://u@db/app?sslmode=disable&search_path=a%2Cb#x', tag)).toBe(
      `postgresql://u@db/app?sslmode=disable&search_path=a%2Cb&application_name=${tag}#x`,
    );
    expect(taggedUrl('postgres://u@db/app?application_name=mine&sslmode=require', tag)).toBe(
      `postgres://u@db/app?sslmode=require&application_name=${tag}`,
    );
  });

  it('MySQL/MariaDB: program_name joins the connection attributes the URL already has', () => {
    expect(taggedUrl('mysql://root@127.0.0.1:3306/app', tag)).toBe(
      `mysql://root@127.0.0.1:3306/app?connectionAttributes=program_name%3A${tag}`,
    );
    expect(decodeURIComponent(taggedUrl('mysql://u@h/app?connectionAttributes=team:shop,program_name:old&tls=true', tag))).toBe(
      `mysql://u@h/app?tls=true&connectionAttributes=team:shop,program_name:${tag}`,
    );
  });

  it('leaves URLs of databases without server sessions alone', () => {
    for (const url of ['sqlite:db/app.sqlite3', 'sqlite:///abs/app.db', 'clickhouse://h:9000/db', 'bigquery://p/l/d']) {
      expect(taggedUrl(url, tag)).toBe(url);
    }
  });
});

describe('describeServerWork', () => {
  const base: ServerWorkReport = { supported: true, found: [], cancelled: [], terminated: [], remaining: [], waitedMs: 40 };
  const session = { id: 7, user: 'app', database: 'shop', state: 'active', running: true, foundBy: 'application_name' as const };

  it('says nothing when nothing ran, and what was stopped when something did', () => {
    expect(describeServerWork(base)).toBeUndefined();
    expect(describeServerWork({ ...base, supported: false })).toBeUndefined();
    expect(
      describeServerWork({ ...base, found: [{ ...session, statement: '-- migrate:up\nUPDATE t\n  SET id = 2' }], cancelled: [7] }),
    ).toBe("Stopped the run's work on the server: UPDATE t SET id = 2.");
    // dbmate's `-- migrate:up` line is not the statement, and its last semicolon is not repeated.
    expect(
      describeServerWork({
        ...base,
        found: [{ ...session, statement: '-- migrate:up transaction:false\nSELECT pg_sleep(30);' }],
        cancelled: [7],
      }),
    ).toBe("Stopped the run's work on the server: SELECT pg_sleep(30).");
  });

  it('warns when the server could not be asked or still shows the run', () => {
    expect(describeServerWork({ ...base, error: 'connection refused' })).toMatch(
      /Could not check the server .*connection refused.*may still run/,
    );
    expect(describeServerWork({ ...base, remaining: [{ ...session, statement: null }], waitedMs: 10_000 })).toMatch(
      /still shows the run's work after 10s \(session 7\)/,
    );
  });
});
