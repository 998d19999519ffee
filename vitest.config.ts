import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

/**
 * Three projects; `npm test` builds dist/ and runs all of them, `npm run test:<name>` one.
 *   unit         src/ only, never the built dist/ (so it needs no build and cannot test a stale one);
 *                no database server (SQLite and the dbmate npm package at most)
 *   integration  the built bin/dbtk.js, the real dbmate and real PostgreSQL, MariaDB and SQLite
 *   e2e          the built terminal app in a real pseudo-terminal (tmux)
 * test/architecture/test-layout.test.ts keeps unit tests off dist/.
 */
export const UNIT_TEST_DIRS = ['test/core', 'test/cli', 'test/tui', 'test/architecture', 'test/scripts'];

const project = (name: string, dirs: string[]): TestProjectInlineConfiguration => ({
  // Each project inherits the options below (timeouts); workers and reporters are global.
  extends: true,
  test: { name, include: dirs.flatMap((dir) => [`${dir}/**/*.test.ts`, `${dir}/**/*.test.tsx`]) },
});

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Integration and e2e tests spawn real dbmate processes and databases; two cores only.
    maxWorkers: 2,
    // One temp folder per run, removed at the end (test/global-setup.ts).
    globalSetup: ['test/global-setup.ts'],
    reporters: ['default'],
    projects: [project('unit', UNIT_TEST_DIRS), project('integration', ['test/integration']), project('e2e', ['test/e2e'])],
  },
});
