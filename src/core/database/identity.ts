// Which database a URL names, independent of how the URL is spelled: `postgres://a@localhost/db`
// and `postgresql://b@localhost:5432/db?sslmode=disable` are the same database, and a SQLite
// URL is the file it resolves to. History and the run lock are keyed by this identity.

import path from 'node:path';
import { sha256 } from '../shared/hash.js';
import { dialectOf, type Dialect } from '../shared/dialect.js';

export interface DatabaseIdentity {
  dialect: Dialect;
  /** `postgres://127.0.0.1:5432/app`, `mysql://db:3306/app`, `sqlite:/abs/path/app.db`: no user, no password. */
  label: string;
  /** Short, stable, safe in file names. */
  key: string;
  /** The database's name (the SQLite file's absolute path for SQLite). */
  database: string;
}

const DEFAULT_PORTS: Partial<Record<Dialect, string>> = { postgres: '5432', mysql: '3306' };

/** The SQLite file a dbmate sqlite URL points at (`sqlite:db/x.db`, `sqlite:///abs/x.db`). */
export function sqliteFilePath(url: string, cwd: string): string {
  let rest = url.replace(/^sqlite3?:/i, '').replace(/[?#].*$/, '');
  if (rest.startsWith('//')) rest = rest.slice(2);
  return path.resolve(cwd, decodeURIComponent(rest));
}

/** The identity of the database `url` names, resolved against `cwd` for SQLite paths. */
export function databaseIdentity(url: string, cwd: string, driver?: string): DatabaseIdentity {
  const dialect = dialectOf(url, driver);
  if (dialect === 'sqlite') {
    const file = sqliteFilePath(url, cwd);
    return withKey({ dialect, label: `sqlite:${file}`, database: file });
  }
  try {
    const parsed = new URL(url);
    const host = (parsed.hostname || parsed.searchParams.get('host') || 'localhost').toLowerCase();
    const port = parsed.port || DEFAULT_PORTS[dialect] || '';
    const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
    const scheme = dialect === 'generic' ? parsed.protocol.replace(/:$/, '') : dialect;
    return withKey({ dialect, label: `${scheme}://${host}${port ? `:${port}` : ''}/${database}`, database });
  } catch {
    // Not a URL `new URL` reads: the text without its credentials still names one database.
    const label = url.replace(/\/\/[^@/]*@/, '//');
    return withKey({ dialect, label, database: label });
  }
}

function withKey(identity: Omit<DatabaseIdentity, 'key'>): DatabaseIdentity {
  return { ...identity, key: sha256(identity.label).slice(0, 16) };
}
