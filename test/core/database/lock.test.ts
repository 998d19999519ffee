import { describe, expect, it } from 'vitest';
import { describeHolder } from '../../../src/core/database/lock.js';

describe('describeHolder', () => {
  it('names a dbtk holder with its pid, command and start', () => {
    expect(describeHolder({ who: 'ana@laptop', pid: 4242, command: 'up', since: '2026-01-02T10:02:11.000Z' })).toBe(
      'ana@laptop (pid 4242, up, since 2026-01-02T10:02:11.000Z)',
    );
  });

  it('puts a MySQL holder’s connection in the same brackets as its start (one pair, not two)', () => {
    const text = describeHolder({ who: 'root@localhost', session: 'connection 12', since: '2026-01-02T10:02:11.000Z' });
    expect(text).toBe('root@localhost (connection 12, since 2026-01-02T10:02:11.000Z)');
    expect(text.match(/\(/g)).toHaveLength(1);
  });

  it('does the same for a PostgreSQL session that is not dbtk’s', () => {
    expect(describeHolder({ who: 'postgres', session: 'server pid 77, psql', since: 'x' })).toBe('postgres (server pid 77, psql, since x)');
  });

  it('says another session when the holder is unknown, and the name alone without details', () => {
    expect(describeHolder(undefined)).toBe('another session');
    expect(describeHolder({ who: 'ana@laptop' })).toBe('ana@laptop');
  });
});
