#!/usr/bin/env node
// Launcher only: all logic lives in dist/ (built from src/ by `npm run build`, run by `npm ci`).
import('../dist/cli/main.js').then(
  (cli) => cli.main(process.argv),
  (error) => {
    process.stderr.write(`dbtk is not built (${error.message}).\nFix: run \`npm ci\` (or \`npm run build\`) in the dbtk folder.\n`);
    process.exitCode = 2;
  },
);
