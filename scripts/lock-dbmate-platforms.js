#!/usr/bin/env node
// Completes package-lock.json with every platform binary the `dbmate` package lists as an
// optional dependency. A registry mirror that serves only this machine's platform makes npm
// drop the others from the lock file, and `npm ci` then refuses to install ("Missing:
// @dbmate/darwin-arm64@ from lock file"). npm skips these entries on other platforms, so
// recording them is harmless; on a full registry npm fetches the one that matches.
// Run after `npm install` changes the lock file: `node scripts/lock-dbmate-platforms.js`.

import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const lockPath = fileURLToPath(new URL('../package-lock.json', import.meta.url));
const PLATFORM = /^@dbmate\/(darwin|linux|win32)-(x64|arm64|arm|ia32)$/;

export function completeLock(lock) {
  const dbmate = lock.packages?.['node_modules/dbmate'];
  if (!dbmate) throw new Error('package-lock.json has no node_modules/dbmate entry: run npm install first');
  const added = [];
  for (const [name, version] of Object.entries(dbmate.optionalDependencies ?? {})) {
    const key = `node_modules/${name}`;
    const match = PLATFORM.exec(name);
    if (lock.packages[key] || !match) continue;
    lock.packages[key] = { version, cpu: [match[2]], license: 'MIT', optional: true, os: [match[1]] };
    added.push(name);
  }
  return added;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const lock = JSON.parse(readFileSync(lockPath, 'utf8'));
  const added = completeLock(lock);
  const sorted = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
  lock.packages = sorted;
  writeFileSync(`${lockPath}.tmp`, `${JSON.stringify(lock, null, 2)}\n`);
  renameSync(`${lockPath}.tmp`, lockPath);
  console.log(added.length ? `Recorded ${added.join(', ')} in package-lock.json` : 'package-lock.json already lists every dbmate platform');
}
