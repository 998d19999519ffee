import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Integration and e2e tests spawn real dbmate processes and databases; two cores only.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
