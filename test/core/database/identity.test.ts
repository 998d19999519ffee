import { describe, expect, it } from 'vitest';
import { databaseIdentity, sqliteFilePath } from '../../../src/core/database/identity.js';

describe('databaseIdentity', () => {
  it('names one PostgreSQL database the same however the URL spells it, and never carries credentials', () => {
    const a = databaseIdentity('postgres://ana:secret@LOCALHOST/app?sslmode=disable', '/p');
    const b = databaseIdentity('postgresql://bob@localhost:5432/app', '/q');
    expect(a.label).toBe('postgres://localhost:5432/app');
    expect(a.key).toBe(b.key);
    expect(JSON.stringify(a)).not.toContain('secret');
    expect(databaseIdentity('postgres://localhost/other', '/p').key).not.toBe(a.key);
    expect(databaseIdentity('postgres://localhost:5433/app', '/p').key).not.toBe(a.key);
  });

  it('names MySQL databases by host, port and name', () => {
    expect(databaseIdentity('mysql://root:pw@127.0.0.1/shop', '/p').label).toBe('mysql://127.0.0.1:3306/shop');
  });

  it('names a SQLite database by the file its URL resolves to', () => {
    const relative = databaseIdentity('sqlite:db/dev.sqlite3', '/work/app');
    const absolute = databaseIdentity('sqlite:///work/app/db/dev.sqlite3', '/elsewhere');
    expect(relative.label).toBe('sqlite:/work/app/db/dev.sqlite3');
    expect(relative.key).toBe(absolute.key);
    expect(sqliteFilePath('sqlite3:db/a%20b.db?_fk=1', '/w')).toBe('/w/db/a b.db');
  });

  it('gives a stable key fit for file names', () => {
    expect(databaseIdentity('postgres://h/db', '/').key).toMatch(/^[0-9a-f]{16}$/);
  });
});
