// The .gitignore rule that keeps dbtk's state (history, caches) out of Git.

import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureStateGitignore, ignoresStateDir } from '../../../src/core/history/gitignore.js';

describe('.gitignore', () => {
  const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'dbtk-gitignore-'));

  it('is created in a Git repository that has none', async () => {
    const dir = tmp();
    mkdirSync(path.join(dir, '.git'));
    expect(await ensureStateGitignore(dir, path.join(dir, '.dbtk'))).toBe(true);
    expect(readFileSync(path.join(dir, '.gitignore'), 'utf8')).toMatch(/^# dbtk.*\n\/\.dbtk\/\*\n!\/\.dbtk\/templates\/\n$/);
  });

  it('is left alone when the project is not in Git, already ignores .dbtk, or the state is elsewhere', async () => {
    const plain = tmp();
    expect(await ensureStateGitignore(plain, path.join(plain, '.dbtk'))).toBe(false);
    expect(existsSync(path.join(plain, '.gitignore'))).toBe(false);
    const ignored = tmp();
    writeFileSync(path.join(ignored, '.gitignore'), 'dist\n.dbtk/\n');
    expect(await ensureStateGitignore(ignored, path.join(ignored, '.dbtk'))).toBe(false);
    expect(readFileSync(path.join(ignored, '.gitignore'), 'utf8')).toBe('dist\n.dbtk/\n');
    const other = tmp();
    writeFileSync(path.join(other, '.gitignore'), '');
    expect(await ensureStateGitignore(other, path.join(os.homedir(), '.dbtk', 'connections', 'x', 'state'))).toBe(false);
  });

  it('recognises the usual spellings', () => {
    for (const rule of ['.dbtk', '.dbtk/', '/.dbtk/', '/.dbtk/*', '.dbtk/**'])
      expect(ignoresStateDir(`node_modules\n${rule}\n`)).toBe(true);
    expect(ignoresStateDir('.dbtk-old\n# .dbtk\n')).toBe(false);
  });
});
