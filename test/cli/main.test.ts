import { describe, expect, it } from 'vitest';
import { asksForVersion, isBareInvocation } from '../../src/cli/main.js';

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
  ])('%j → %s', (args, bare) => expect(isBareInvocation(args as string[])).toBe(bare));
});

describe('asksForVersion', () => {
  it.each([
    [['--version'], true],
    [['-V'], true],
    [['-c', 'prod', '--version'], true],
    [['history', '--version', '20240101000000'], false],
    [['status'], false],
    [[], false],
  ])('%j → %s', (args, wanted) => expect(asksForVersion(args as string[])).toBe(wanted));
});
