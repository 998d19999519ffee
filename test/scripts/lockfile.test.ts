// Guards `npm ci` on a clean machine: the lock file must list every platform binary the
// dbmate package names, or npm ci refuses to install (see scripts/lock-dbmate-platforms.js).

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/project.js';

describe('package-lock.json', () => {
  it('records every @dbmate platform package, so npm ci works', () => {
    const lock = JSON.parse(readFileSync(`${REPO_ROOT}package-lock.json`, 'utf8')) as {
      packages: Record<string, { optionalDependencies?: Record<string, string> } | undefined>;
    };
    const wanted = Object.keys(lock.packages['node_modules/dbmate']?.optionalDependencies ?? {});
    expect(wanted.length).toBeGreaterThan(1);
    for (const name of wanted)
      expect(lock.packages[`node_modules/${name}`], `${name} (run node scripts/lock-dbmate-platforms.js)`).toBeDefined();
  });
});
