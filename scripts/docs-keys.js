#!/usr/bin/env node
// Rewrites the README's key list (between <!-- keys:start --> and <!-- keys:end -->) from the
// terminal app's bindings table. Run it as `npm run docs:keys`, which compiles src/ to build/
// first; test/tui/readme-keys.test.ts fails while the README is out of date.

import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const readmePath = `${root}README.md`;
const { withKeysSection } = await import(new URL('../build/tui/keys/readme-keys.js', import.meta.url).href);

const before = readFileSync(readmePath, 'utf8');
const after = withKeysSection(before);
if (after === before) console.log('README.md: the key list is up to date.');
else {
  writeFileSync(readmePath, after);
  console.log('README.md: key list rewritten from src/tui/keys/bindings.ts.');
}
