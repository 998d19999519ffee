// $VISUAL / $EDITOR are shell commands, as git runs them: options, quoted paths with spaces and
// a file name with spaces all reach a real (fake) editor script intact.

import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openInEditor } from '../../../src/core/shared/editor.js';

function fakeEditor(dir: string, name: string): { script: string; log: string } {
  const log = path.join(dir, 'editor.log');
  const script = path.join(dir, name);
  mkdirSync(path.dirname(script), { recursive: true });
  writeFileSync(script, `#!/bin/sh\nfor a in "$@"; do printf '[%s]' "$a" >> '${log}'; done\nprintf '\\n' >> '${log}'\n`);
  chmodSync(script, 0o755);
  return { script, log };
}

describe.skipIf(process.platform === 'win32')('openInEditor', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dbtk-editor-'));
  const file = path.join(dir, 'my migration.sql');
  writeFileSync(file, '-- migrate:up\n');

  it('runs EDITOR="name --wait" with its option, found on PATH', async () => {
    const { log } = fakeEditor(path.join(dir, 'bin'), 'fake-code');
    await openInEditor(file, dir, { PATH: `${path.join(dir, 'bin')}${path.delimiter}${process.env.PATH}`, EDITOR: 'fake-code --wait' });
    expect(readFileSync(log, 'utf8').trim().split('\n').at(-1)).toBe(`[--wait][${file}]`);
  });

  it('runs a quoted path with spaces: EDITOR=\'"/opt/My Editor/bin/ed" -w\'', async () => {
    const { script, log } = fakeEditor(path.join(dir, 'My Editor', 'bin'), 'ed');
    await openInEditor(file, dir, { PATH: process.env.PATH, EDITOR: `"${script}" -w` });
    expect(readFileSync(log, 'utf8').trim().split('\n').at(-1)).toBe(`[-w][${file}]`);
  });

  it('prefers $VISUAL, and passes shell quoting through to the editor', async () => {
    const { script, log } = fakeEditor(path.join(dir, 'visual'), 'vis');
    await openInEditor(file, dir, { PATH: process.env.PATH, VISUAL: `'${script}' -c 'set tw=72'`, EDITOR: 'false' });
    expect(readFileSync(log, 'utf8').trim().split('\n').at(-1)).toBe(`[-c][set tw=72][${file}]`);
  });

  it('says which editor failed, and that the shell could not find it', async () => {
    await expect(openInEditor(file, dir, { PATH: process.env.PATH, EDITOR: 'no-such-editor-xyz --wait' })).rejects.toMatchObject({
      message: 'The editor (no-such-editor-xyz --wait) exited with code 127.',
      hint: expect.stringMatching(/could not find/),
    });
  });
});
