// `npm run bench` itself is a benchmark, not a test; its argument checks are tested here so
// a typo fails fast with the usage instead of a stack trace or a long run.

import { execa } from 'execa';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/project.js';

const bench = (...args: string[]) => execa('node', [path.join(REPO_ROOT, 'scripts', 'bench.js'), ...args], { reject: false });

describe('npm run bench arguments', () => {
  it('refuses bad ones with exit 2 and says why, before measuring anything', async () => {
    for (const [args, message] of [
      [['--runs', '0'], /--runs needs a whole number ≥ 1/],
      [['--only', 'status,nope'], /unknown case nope \(cases: status, up, app, analysis, history, stats, test\)/],
      [['--bogus'], /Unknown option '--bogus'[\s\S]*Usage: npm run bench/],
    ] as const) {
      const result = await bench(...args);
      expect(result.exitCode).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stdout).toBe('');
    }
  });

  it('prints its usage with --help', async () => {
    const result = await bench('--help');
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^Usage: npm run bench -- \[--runs N\]/);
  });
});
