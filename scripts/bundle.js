#!/usr/bin/env node
// Second build step: bundles tsc's output (build/) into dist/, one chunk per lazily loaded
// part (each subcommand, the full-screen app). Loading a few chunks instead of ~800 module
// files is what keeps start-up fast: Ink alone imports `es-toolkit/compat`, ~420 files, of
// which it uses one function (see docs/benchmarks.md). Everything bundled here is a
// devDependency; packages with native or WebAssembly files of their own, and the database
// drivers, stay in node_modules as the only runtime dependencies.

import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';

const root = fileURLToPath(new URL('..', import.meta.url));
const EXTERNAL = ['pg', 'mysql2', 'libpg-query', 'dbmate', 'react-devtools-core'];

rmSync(path.join(root, 'dist'), { recursive: true, force: true });
await build({
  input: { main: path.join(root, 'build', 'cli', 'main.js') },
  platform: 'node',
  logLevel: 'warn',
  external: (id) => EXTERNAL.some((name) => id === name || id.startsWith(`${name}/`)),
  // React's production build: the development one is slower and far heavier.
  transform: { define: { 'process.env.NODE_ENV': '"production"' } },
  // Chunks sit in dist/cli/, so paths built from import.meta.url ('../../templates/') hold.
  output: { dir: path.join(root, 'dist', 'cli'), format: 'esm', chunkFileNames: '[name]-[hash].js', sourcemap: true },
});
