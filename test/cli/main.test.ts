import { describe, expect, it } from 'vitest';
import { asksForVersion, isBareInvocation, subcommandName } from '../../src/cli/main.js';
import { loadCommandModules } from '../../src/cli/commands/index.js';

describe('isBareInvocation', () => {
  it.each([
    [[], true],
    [['-c', 'prod'], true],
    [['--url', 'sqlite:x.db', '--no-dump-schema'], true],
    [['--env-file=ci.env'], true],
    [['status'], false],
    [['-c', 'prod', 'up'], false],
    [['--help'], false],
    [['--version'], false],
  ])('%j → %s', (args, bare) => expect(isBareInvocation(args)).toBe(bare));
});

describe('asksForVersion', () => {
  it.each([
    [['--version'], true],
    [['-V'], true],
    [['-c', 'prod', '--version'], true],
    [['history', '--version', '20240101000000'], false],
    [['status'], false],
    [[], false],
  ])('%j → %s', (args, wanted) => expect(asksForVersion(args)).toBe(wanted));
});

describe('subcommandName and lazy command loading', () => {
  it.each([
    [['status', '--json'], 'status'],
    [['-c', 'prod', '--url', 'x', 'down', '--steps', '2'], 'down'],
    [['--help'], undefined],
  ])('%j → %s', (args, name) => expect(subcommandName(args)).toBe(name));

  it('loads one module for a known name (aliases too), every module otherwise', async () => {
    expect(await loadCommandModules('rollback')).toHaveLength(1);
    expect(await loadCommandModules('status')).toHaveLength(1);
    const all = await loadCommandModules(undefined);
    expect(all.length).toBeGreaterThan(15);
    expect(await loadCommandModules('nonsense')).toHaveLength(all.length);
  });
});
