import { readFileSync } from 'node:fs';
import path from 'node:path';
import { render as renderInk } from 'ink-testing-library';
import type { ReactNode } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { DbtkError } from '../../src/core/shared/errors.js';
import { compareSchemas, type SchemaDiff } from '../../src/core/schema/diff.js';
import { BINDINGS_BY_SCOPE } from '../../src/tui/keys/bindings.js';
import { KeyboardProvider } from '../../src/tui/keys/keyboard.js';
import { SchemaDiffScreen, SchemaDiffView } from '../../src/tui/screens/SchemaDiffScreen.js';
import { fakeProject } from './fake-project.js';

/** The screen under the app's one keyboard reader, as in the app. */
const render = (node: ReactNode) => renderInk(<KeyboardProvider>{node}</KeyboardProvider>);
const schemaDiffKeys = BINDINGS_BY_SCOPE['schema-diff'];

const PAGE_DOWN = '\u001B[6~';
const PAGE_UP = '\u001B[5~';
const FIXTURES = path.join(import.meta.dirname, '..', 'fixtures', 'schema-diff');

/** A 300-line dump whose lines 60, 150 and 250 changed. */
function bigDiff(): SchemaDiff {
  const before = Array.from({ length: 300 }, (_, i) => `-- line ${i + 1}`);
  const after = before.map((line, i) => ([59, 149, 249].includes(i) ? `${line} CHANGED` : line));
  return compareSchemas({
    expected: `${before.join('\n')}\n`,
    actual: `${after.join('\n')}\n`,
    dialect: 'generic',
    labels: { expected: 'db/schema.sql', actual: 'live database' },
  });
}

const sqliteDrift = () =>
  compareSchemas({
    expected: readFileSync(path.join(FIXTURES, 'sqlite', 'base.sql'), 'utf8'),
    actual: readFileSync(path.join(FIXTURES, 'sqlite', 'drifted.sql'), 'utf8'),
    dialect: 'sqlite',
    labels: { expected: 'db/schema.sql', actual: 'live database (sqlite:db/app.sqlite3)' },
  });

async function until(frame: () => string | undefined, expected: string | RegExp) {
  await vi.waitFor(() => expect(frame()).toMatch(expected), { timeout: 2000, interval: 5 });
}

describe('SchemaDiffView', () => {
  it('opens on the first change, showing only the visible window', () => {
    const { lastFrame } = render(<SchemaDiffView diff={bigDiff()} height={24} width={100} />);
    const frame = lastFrame()!;
    expect(frame).toContain('Drift: 0 object changes, +3 −3 lines');
    expect(frame).toContain('unified · lines 58–77 of 303 · change 1/3');
    expect(frame).toContain('- -- line 60');
    expect(frame).toContain('+ -- line 60 CHANGED');
    expect(frame).not.toContain('-- line 57\n');
    expect(frame).not.toContain('-- line 150');
    expect(frame.split('\n')).toHaveLength(24);
  });

  it('jumps between changes with n and N', async () => {
    const { lastFrame, stdin } = render(<SchemaDiffView diff={bigDiff()} height={24} width={100} />);
    stdin.write('n');
    await until(lastFrame, 'change 2/3');
    expect(lastFrame()).toContain('+ -- line 150 CHANGED');
    stdin.write('n');
    await until(lastFrame, 'change 3/3');
    stdin.write('n'); // no further change: stays
    stdin.write('N');
    await until(lastFrame, 'change 2/3');
    stdin.write('N');
    await until(lastFrame, 'change 1/3');
    expect(lastFrame()).toContain('+ -- line 60 CHANGED');
  });

  it('scrolls with j/k and PgDn/PgUp', async () => {
    const { lastFrame, stdin } = render(<SchemaDiffView diff={bigDiff()} height={24} width={100} />);
    stdin.write('j');
    await until(lastFrame, 'lines 59–78 of 303 · 3 changes');
    stdin.write('k');
    stdin.write('k');
    await until(lastFrame, 'lines 57–76 of 303');
    stdin.write(PAGE_DOWN);
    await until(lastFrame, 'lines 76–95 of 303');
    stdin.write(PAGE_UP);
    await until(lastFrame, 'lines 57–76 of 303');
    stdin.write('G');
    await until(lastFrame, 'lines 284–303 of 303');
    expect(lastFrame()).toContain('-- line 300');
    stdin.write('g');
    await until(lastFrame, 'lines 1–20 of 303');
    // After free scrolling, n finds the next change from where the view is.
    stdin.write('n');
    await until(lastFrame, 'change 1/3');
  });

  it('toggles side by side with s, keeping the place', async () => {
    const { lastFrame, stdin } = render(<SchemaDiffView diff={bigDiff()} height={24} width={100} />);
    stdin.write('n');
    await until(lastFrame, 'change 2/3');
    stdin.write('s');
    await until(lastFrame, 'side by side ·');
    const row = lastFrame()!
      .split('\n')
      .find((l) => l.includes('line 150 CHANGED'))!;
    expect(row).toMatch(/150 - -- line 150\s+│ 150 \+ -- line 150 CHANGED/);
    expect(lastFrame()).toContain('change 2/3');
    stdin.write('n');
    await until(lastFrame, 'change 3/3');
    expect(lastFrame()).toMatch(/250 - -- line 250\s+│ 250 \+ -- line 250 CHANGED/);
    stdin.write('s');
    await until(lastFrame, 'unified ·');
    expect(lastFrame()).toContain('+ -- line 250 CHANGED');
  });

  it('shows the object summary above the diff', () => {
    const { lastFrame } = render(<SchemaDiffView diff={sqliteDrift()} height={30} width={120} />);
    const frame = lastFrame()!;
    expect(frame).toContain('Drift: 5 object changes');
    expect(frame).toMatch(/\+ added\s+table tags\s+2 columns/);
    expect(frame).toMatch(/~ changed\s+view user_posts/);
    expect(frame).toMatch(/- removed\s+index posts_user_id_idx on posts\s+\(user_id\)/);
  });

  it('cuts the summary to the room there is, saying how many more', () => {
    const { lastFrame } = render(<SchemaDiffView diff={sqliteDrift()} height={13} width={100} />);
    expect(lastFrame()).toContain('… 3 more object changes (all of them: dbtk diff)');
    expect(lastFrame()!.split('\n')).toHaveLength(13);
  });

  it('says plainly when there is no drift', () => {
    const clean = compareSchemas({
      expected: 'CREATE TABLE t (id int);\n',
      actual: 'CREATE TABLE t (id int);\n',
      dialect: 'sqlite',
      labels: { expected: 'db/schema.sql', actual: 'live database' },
    });
    const { lastFrame } = render(<SchemaDiffView diff={clean} height={10} width={80} />);
    expect(lastFrame()).toContain('No drift: the live schema matches db/schema.sql.');
    expect(lastFrame()).toContain('no changes');
  });

  it('asks for a reload with r, and survives a tiny terminal', async () => {
    const onReload = vi.fn();
    const { lastFrame, stdin } = render(<SchemaDiffView diff={bigDiff()} height={5} width={30} onReload={onReload} />);
    expect(lastFrame()).toContain('line 60');
    stdin.write('r');
    await vi.waitFor(() => expect(onReload).toHaveBeenCalledTimes(1));
  });

  it('declares every key it handles as data', () => {
    expect(schemaDiffKeys.map((k) => k.action)).toEqual(
      expect.arrayContaining(['nextChange', 'prevChange', 'toggleLayout', 'lineDown', 'lineUp', 'pageDown', 'pageUp', 'reload']),
    );
    for (const binding of schemaDiffKeys) expect(binding.keys.length && binding.label).toBeTruthy();
  });
});

describe('SchemaDiffScreen', () => {
  // The loader is injected, so the project is only handed through to it.
  const { project } = fakeProject({ migrations: [] });

  it('loads through core and shows the result', async () => {
    const load = vi.fn(async () => sqliteDrift());
    const { lastFrame } = render(<SchemaDiffScreen project={project} height={24} width={100} load={load} />);
    expect(lastFrame()).toContain('Dumping the live schema');
    await until(lastFrame, 'Drift: 5 object changes');
    expect(load).toHaveBeenCalledWith(project, expect.objectContaining({ signal: expect.any(AbortSignal) }));
  });

  it('shows a failure with its fix, and tries again with r', async () => {
    const load = vi
      .fn()
      .mockRejectedValueOnce(
        new DbtkError('dump_tool_missing', 'pg_dump is not installed, so the live schema cannot be dumped for the comparison.', {
          hint: 'Install it (Debian/Ubuntu: apt-get install postgresql-client) and run the diff again.',
        }),
      )
      .mockResolvedValueOnce(sqliteDrift());
    const { lastFrame, stdin } = render(<SchemaDiffScreen project={project} height={24} width={100} load={load} />);
    await until(lastFrame, 'pg_dump is not installed');
    expect(lastFrame()).toContain('Fix: Install it (Debian/Ubuntu: apt-get install postgresql-client)');
    stdin.write('r');
    await until(lastFrame, 'Drift: 5 object changes');
    expect(load).toHaveBeenCalledTimes(2);
  });
});
