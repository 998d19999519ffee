import { describe, expect, it } from 'vitest';
import { databaseOfUrl, SCRATCH_MARKER, scratchDatabaseName, urlWithDatabase } from '../../../src/core/scratch/names.js';

describe('scratch database names', () => {
  it('are <db>_dbtk_dry_<random>, safe characters only, at most 63 long', () => {
    expect(scratchDatabaseName('app', 'abcd1234')).toBe('app_dbtk_dry_abcd1234');
    expect(scratchDatabaseName('my-app.prod', 'ff')).toBe(`my_app_prod${SCRATCH_MARKER}ff`);
    const long = scratchDatabaseName('x'.repeat(80), '01234567');
    expect(long).toHaveLength(63);
    expect(long.endsWith('_dbtk_dry_01234567')).toBe(true);
  });

  it('are new each time', () => {
    expect(scratchDatabaseName('app')).not.toBe(scratchDatabaseName('app'));
  });

  it('replace only the database of a URL, keeping user, password, host and query', () => {
    expect(urlWithDatabase('postgres://u:p%40ss@db:5432/app?sslmode=disable', 'app_dbtk_dry_1')).toBe(
      'postgres://u:p%40ss@db:5432/app_dbtk_dry_1?sslmode=disable',
    );
    expect(urlWithDatabase('mysql://root@127.0.0.1:3306/', 'x')).toBe('mysql://root@127.0.0.1:3306/x');
    expect(databaseOfUrl('postgres://u@h/my%20db?x=1')).toBe('my db');
  });
});
