// Where tests live: unit tests run on src/ alone (never the built dist/, which may be stale:
// `npm run test:unit` does not build), and test/core and test/cli mirror src/, one test file
// beside each module it tests, so a module's tests are found without searching.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UNIT_TEST_DIRS } from '../../vitest.config.js';
import { REPO_ROOT } from '../helpers/project.js';

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(full);
    return /\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

const rel = (file: string) => path.relative(REPO_ROOT, file).split(path.sep).join('/');

/** What starts the built app: the helpers that run bin/dbtk.js, or a path into dist/. */
const USES_BUILD = /\b(runDbtk|DBTK_BIN)\b|['"`/]dist\/|bin\/dbtk\.js/;

describe('test layout', () => {
  it('keeps unit tests off the built binary and dist/', () => {
    const offenders = UNIT_TEST_DIRS.flatMap((dir) => filesUnder(path.join(REPO_ROOT, dir)))
      .filter((file) => file !== import.meta.filename)
      .filter((file) => USES_BUILD.test(readFileSync(file, 'utf8')))
      .map(rel);
    expect(offenders, 'such tests belong in test/integration (npm test builds first)').toEqual([]);
  });

  it.each(['core', 'cli'])('test/%s mirrors src/: <folder>/<module>[.<aspect>].test.ts tests src/<folder>/<module>.ts', (top) => {
    const orphans = filesUnder(path.join(REPO_ROOT, 'test', top))
      .filter((file) => /\.test\.tsx?$/.test(file))
      .filter((file) => {
        const relative = path.relative(path.join(REPO_ROOT, 'test'), file);
        const module = path.join(path.dirname(relative), path.basename(relative).split('.')[0]);
        return !['.ts', '.tsx'].some((ext) => existsSync(path.join(REPO_ROOT, 'src', `${module}${ext}`)));
      })
      .map(rel);
    expect(orphans).toEqual([]);
  });
});
