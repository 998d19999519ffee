// The history file read line by line, from either end, in chunks.

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLinesFromEnd, readLinesForward } from '../../../src/core/history/file.js';

function tempDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'dbtk-history-'));
}

describe('reading lines', () => {
  it('reads every line across chunk boundaries, backwards and forwards, multi-byte characters intact', async () => {
    const file = path.join(tempDir(), 'lines.jsonl');
    const lines = Array.from({ length: 3000 }, (_, i) => `${i} ${'é'.repeat(i % 300)} ✔ ${'x'.repeat((i * 7) % 500)}`);
    writeFileSync(file, `${lines.join('\n')}\n`);
    const backwards: string[] = [];
    for await (const line of readLinesFromEnd(file)) backwards.push(line.text!);
    expect(backwards).toEqual([...lines].reverse());
    const forwards: string[] = [];
    const { end } = await readLinesForward(file, 0, (line) => forwards.push(line.text!));
    expect(forwards).toEqual(lines);
    expect(end).toBe(readFileSync(file).length);
  });

  it('reports a line longer than 1 MB without decoding it', async () => {
    const file = path.join(tempDir(), 'lines.jsonl');
    writeFileSync(file, `first\n${'y'.repeat(3 * 1024 * 1024)}\nlast\n`);
    const seen: (string | null)[] = [];
    for await (const line of readLinesFromEnd(file)) seen.push(line.text);
    expect(seen).toEqual(['last', null, 'first']);
  });
});
