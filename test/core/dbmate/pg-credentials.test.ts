import { describe, expect, it } from 'vitest';
import { splitPostgresCredentials } from '../../../src/core/dbmate/pg-credentials.js';

describe('splitPostgresCredentials', () => {
  it.each([
    ['postgres://u:pw@h:5432/db?sslmode=disable', 'postgres://u@h:5432/db?sslmode=disable', 'pw'],
    ['postgresql://u:p%40ss%2Fw@h/db', 'postgresql://u@h/db', 'p@ss/w'],
    ['postgres://u@h/db?sslmode=disable&password=x%26y&search_path=a', 'postgres://u@h/db?sslmode=disable&search_path=a', 'x&y'],
    ['postgres://u:one@h/db?password=two', 'postgres://u@h/db', 'two'],
    ['redshift://u:pw@h:5439/db#frag', 'redshift://u@h:5439/db#frag', 'pw'],
    ['postgres://:pw@h/db', 'postgres://h/db', 'pw'],
    ['postgres://u:@h/db', 'postgres://u@h/db', undefined],
    ['postgres://u@h/db', 'postgres://u@h/db', undefined],
    ['postgres:///db?host=/var/run/postgresql', 'postgres:///db?host=/var/run/postgresql', undefined],
  ])('%s', (url, bare, password) => {
    expect(splitPostgresCredentials(url)).toEqual({ url: bare, password });
  });
});
