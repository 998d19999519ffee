// Every test run gets one temporary folder of its own, removed when the run ends: the tests,
// the dbtk and dbmate processes they start, and the tools those run all create their temp
// files under TMPDIR, so a run leaves nothing behind in /tmp, however a test ends.

import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const PREFIX = 'dbtk-test-run-';

export default function setup(): () => void {
  // Each vitest project runs this setup again: the first one's folder serves them all.
  if (path.basename(os.tmpdir()).startsWith(PREFIX)) return () => undefined;
  const previous = process.env.TMPDIR;
  const dir = mkdtempSync(path.join(os.tmpdir(), PREFIX));
  // Workers and every child process inherit it; os.tmpdir() reads it on each call.
  process.env.TMPDIR = dir;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    rmSync(dir, { recursive: true, force: true });
  };
}
