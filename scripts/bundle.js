#!/usr/bin/env node
// Second build step: bundles tsc's output (build/) into dist/, one chunk per lazily loaded
// part (each subcommand, the full-screen app). Loading a few chunks instead of ~800 module
// files is what keeps start-up fast: Ink alone imports `es-toolkit/compat`, ~420 files, of
// which it uses one function, and highlight.js registers ~190 languages where SQL is
// the one shown (see docs/benchmarks.md). Packages with native or WebAssembly
// files of their own, and the database drivers, stay in node_modules.

import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';

const root = fileURLToPath(new URL('..', import.meta.url));
const EXTERNAL = ['pg', 'mysql2', 'libpg-query', 'dbmate', 'react-devtools-core'];

/** cli-highlight gets highlight.js with SQL alone (see the shim). */
const sqlOnlyHighlight = {
  name: 'dbtk-sql-only-highlight',
  resolveId(source, importer) {
    if (source === 'highlight.js' && importer?.includes(`${path.sep}cli-highlight${path.sep}`)) {
      return path.join(root, 'scripts', 'bundle-shims', 'highlight-sql.cjs');
    }
    return null;
  },
};

rmSync(path.join(root, 'dist'), { recursive: true, force: true });
await build({
  input: { main: path.join(root, 'build', 'cli', 'main.js') },
  platform: 'node',
  logLevel: 'warn',
  plugins: [sqlOnlyHighlight],
  external: (id) => EXTERNAL.some((name) => id === name || id.startsWith(`${name}/`)),
  // React's production build: the development one is slower and far heavier.
  transform: { define: { 'process.env.NODE_ENV': '"production"' } },
  // Chunks sit in dist/cli/, so paths built from import.meta.url ('../../templates/') hold.
  output: { dir: path.join(root, 'dist', 'cli'), format: 'esm', chunkFileNames: '[name]-[hash].js', sourcemap: true },
});
