// `npm run demo` ends by saying how to open the demo again; that line must work when pasted
// into a shell as printed, even from another folder and with a quote in the demo's path.

import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/project.js';

describe('npm run demo', () => {
  const parent = mkdtempSync(path.join(os.tmpdir(), 'dbtk-demo-test-'));
  afterAll(() => rmSync(parent, { recursive: true, force: true }));

  it('prints a hint that opens dbtk on the demo when run literally', async () => {
    const dir = path.join(parent, "it's a demo");
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, DBTK_HOME: path.join(parent, 'home'), NO_COLOR: '1' };
    const demo = await execa('node', [path.join(REPO_ROOT, 'scripts', 'demo.js'), dir], {
      env,
      extendEnv: false,
      reject: false,
      stdin: 'ignore',
    });
    expect(demo.exitCode).toBe(0);
    const hint = /^To open it again: (.+)$/m.exec(demo.stderr)?.[1];
    expect(hint).toBeDefined();
    const again = await execa('sh', ['-c', hint!], { cwd: os.tmpdir(), env, extendEnv: false, reject: false, stdin: 'ignore' });
    expect(again.exitCode, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/applied\s+20240105090000\s+create_users/);
    expect(again.stdout).toMatch(/pending\s+20240301120000\s+create_comments/);
  });
});
