import { describe, expect, it } from 'vitest';
import type { ListedMigration } from '../../../src/core/migrations/file.js';
import { checkDownRequest, nextRollbackTarget, selectRollbackTargets } from '../../../src/core/runs/targets.js';

const listed = (...versions: string[]): ListedMigration[] =>
  versions.map((version) => ({ dir: '/m', file: `${version}_m${version}.sql`, version, name: `m${version}` }));
const versionsOf = (selection: ReturnType<typeof selectRollbackTargets>) =>
  selection.refused ? selection : selection.targets.map((t) => t.version);

describe('rollback targets, the way dbmate picks them', () => {
  const files = listed('1', '2', '3');
  const all = new Set(['1', '2', '3']);

  it('plans N steps or down to a version (which stays applied)', () => {
    expect(versionsOf(selectRollbackTargets(files, all, {}))).toEqual(['3']);
    expect(versionsOf(selectRollbackTargets(files, all, { steps: 2 }))).toEqual(['3', '2']);
    expect(versionsOf(selectRollbackTargets(files, all, { toVersion: '1' }))).toEqual(['3', '2']);
    expect(versionsOf(selectRollbackTargets(files, all, { toVersion: '0' }))).toEqual(['3', '2', '1']);
    expect(versionsOf(selectRollbackTargets(files, all, { steps: 9 }))).toEqual(['3', '2', '1']);
    expect(() => checkDownRequest({ toVersion: '7' }, all)).toThrow(/not applied/);
    expect(() => checkDownRequest({ toVersion: 'v2' }, all)).toThrow(/not a migration version/);
    expect(() => checkDownRequest({ steps: 0 }, all)).toThrow(/at least 1/);
    expect(() => checkDownRequest({ steps: 1, toVersion: '1' }, all)).toThrow(/either --steps or --to/);
  });

  it('dbmate rolls back the last applied file in file-name order, skipping versions without a file', () => {
    expect(nextRollbackTarget(listed('1', '3'), all)?.version).toBe('3');
    expect(nextRollbackTarget(listed('1', '2'), all)?.version).toBe('2');
    expect(nextRollbackTarget(listed('1', '2'), new Set())).toBeUndefined();
  });

  it('refuses when the newest applied version has no file, naming what dbmate would roll back instead', () => {
    const withoutNewest = listed('1', '2');
    expect(selectRollbackTargets(withoutNewest, all, {})).toEqual({ refused: { missing: '3', instead: withoutNewest[1], atStep: 0 } });
  });

  it('refuses at the step that would pass over a missing file, not only at the first', () => {
    const gap = listed('1', '3');
    expect(versionsOf(selectRollbackTargets(gap, all, { steps: 1 }))).toEqual(['3']);
    expect(selectRollbackTargets(gap, all, { steps: 2 })).toEqual({ refused: { missing: '2', instead: gap[0], atStep: 1 } });
  });

  it('with skipMissing plans the file dbmate really rolls back and says the missing one stays applied', () => {
    const selection = selectRollbackTargets(listed('1', '2'), all, { skipMissing: true });
    expect(versionsOf(selection)).toEqual(['2']);
    expect(selection.refused ? [] : selection.staysApplied.map((s) => s.version)).toEqual(['3']);
  });

  it('--to rolls back everything that has a file and names what stays applied and why', () => {
    const selection = selectRollbackTargets(listed('1', '3', '5'), new Set(['1', '2', '3', '4', '5']), { toVersion: '0' });
    expect(versionsOf(selection)).toEqual(['5', '3', '1']);
    expect(selection.refused ? [] : selection.staysApplied).toEqual([
      { version: '4', reason: expect.stringMatching(/file is missing/) },
      { version: '2', reason: expect.stringMatching(/file is missing/) },
    ]);
  });

  it('--to stops where file-name order would make dbmate roll back a version it must keep', () => {
    // "10_…" sorts before "4_…": dbmate would roll back 4 before 10.
    const selection = selectRollbackTargets(listed('10', '4'), new Set(['4', '10']), { toVersion: '5' });
    expect(versionsOf(selection)).toEqual([]);
    expect(selection.refused ? [] : selection.staysApplied).toEqual([{ version: '10', reason: expect.stringMatching(/4_m4\.sql/) }]);
  });
});
