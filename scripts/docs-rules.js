#!/usr/bin/env node
// Rewrites docs/rules.md from the lint rule table. Run it as `npm run docs:rules`, which compiles
// src/ to build/ first; test/core/sql/rules-doc.test.ts fails while the file is out of date.

import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const docPath = `${root}docs/rules.md`;
const { rulesMarkdown } = await import(new URL('../build/core/sql/rules-doc.js', import.meta.url).href);

const before = (() => {
  try {
    return readFileSync(docPath, 'utf8');
  } catch {
    return '';
  }
})();
const after = rulesMarkdown();
if (after === before) console.log('docs/rules.md is up to date.');
else {
  writeFileSync(docPath, after);
  console.log('docs/rules.md rewritten from src/core/sql/rules*.ts.');
}
