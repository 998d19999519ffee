import { describe, expect, it } from 'vitest';
import { isBareInvocation } from '../../src/cli/main.js';

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
