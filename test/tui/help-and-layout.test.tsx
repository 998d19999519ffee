import { afterEach, describe, expect, it } from 'vitest';
import { BINDINGS_BY_SCOPE as KEYMAP } from '../../src/tui/keys/bindings.js';
import { displayKey } from '../../src/tui/keys/key-names.js';
import { bindingsOf } from '../../src/tui/keys/resolve.js';
import type { KeyContext } from '../../src/tui/keys/scopes.js';
import { fakeProject, type FakeMigration } from './fake-project.js';
import { fitsIn, renderApp, type TestScreen } from './render-app.js';

const MIGRATIONS: FakeMigration[] = Array.from({ length: 40 }, (_, i) => ({
  version: String(20240101120000 + i * 100),
  name: `step_${i}`,
  up: `CREATE TABLE t_${i} (id INTEGER, note TEXT DEFAULT 'a long default value to make the line wide');`,
  down: `DROP TABLE t_${i};`,
  applied: i < 30,
}));

const CONTEXT: KeyContext = { selectedHasFile: true, narrowed: false, features: { risk: false, schemaDiff: false } };

let screen: TestScreen | undefined;
afterEach(() => screen?.unmount());

async function open(size = { columns: 100, rows: 30 }, migrations = MIGRATIONS) {
  const fake = fakeProject({ migrations });
  screen = await renderApp(fake.project, size);
  await screen.waitFor('step_0');
  return { fake, screen };
}

describe('? help', () => {
  it('lists every key of the Migrations screen and the global keys, from the keymap', async () => {
    const { screen } = await open({ columns: 100, rows: 60 });
    await screen.press('?');
    const frame = await screen.waitFor('Keys · Migrations');
    for (const binding of [...bindingsOf('migrations', CONTEXT), ...bindingsOf('global', CONTEXT)]) {
      if (binding.when && !binding.when({ ...CONTEXT, narrowed: true })) continue;
      expect(frame).toContain(binding.label);
      expect(frame).toContain(binding.keys.map(displayKey).join(' '));
    }
    expect(frame).toContain('esc close');
    await screen.press('esc');
    await screen.waitFor('STATUS');
  });

  it('lists the Timeline’s own keys on the Timeline, and scrolls when it does not fit', async () => {
    const { screen } = await open({ columns: 80, rows: 24 });
    await screen.press('2', '?');
    let frame = await screen.waitFor('Keys · Timeline');
    expect(frame).toContain('open the details of the selected entry');
    await screen.press('G');
    frame = await screen.waitFor('quit');
    expect(frame).toContain('Dashboard screen');
    await screen.press('q');
    await screen.waitFor('WHEN');
    expect(screen.quitted()).toBe(false);
  });

  it('the help bar shows the main keys and ends with … when they do not fit', async () => {
    const { screen } = await open({ columns: 100, rows: 30 });
    const bar = screen.frame().split('\n').at(-1)!;
    expect(bar).toMatch(/^j\/k move · enter open · \/ search · f filter · e edit · u run pending/);
    screen.resize(64, 24);
    const narrow = (await screen.waitFor((f) => f.split('\n').length === 24)).split('\n').at(-1)!;
    expect(narrow.endsWith('…')).toBe(true);
    expect([...narrow].length).toBeLessThanOrEqual(64);
  });
});

describe('layout', () => {
  it('fits 80x24 exactly and follows resizes to larger and smaller sizes', async () => {
    const { screen } = await open({ columns: 80, rows: 24 });
    let frame = screen.frame();
    expect(fitsIn(frame, 80, 24)).toBe(true);
    expect(frame).toContain('STATUS');
    expect(frame).toContain('── SQL');
    screen.resize(160, 50);
    frame = await screen.waitFor((f) => f.split('\n').length === 50);
    expect(fitsIn(frame, 160, 50)).toBe(true);
    // Wide: the SQL sits beside the list.
    expect(frame.split('\n')[2]).toMatch(/STATUS.*── SQL/);
    screen.resize(60, 15);
    frame = await screen.waitFor((f) => f.split('\n').length === 15);
    expect(fitsIn(frame, 60, 15)).toBe(true);
    expect(frame).toContain('step_0');
  });

  it('below the minimum shows a notice instead of a garbled frame; q still quits', async () => {
    const { screen } = await open({ columns: 100, rows: 30 });
    screen.resize(50, 10);
    const frame = await screen.waitFor('Terminal too small');
    expect(frame).toContain('50x10; dbtk needs 60x15.');
    expect(fitsIn(frame, 50, 10)).toBe(true);
    screen.resize(100, 30);
    await screen.waitFor('STATUS');
    screen.resize(40, 8);
    await screen.waitFor('Terminal too small');
    await screen.press('q');
    expect(screen.quitted()).toBe(true);
  });

  it('keeps every frame inside the terminal while moving through a long list and its SQL', async () => {
    const { screen } = await open({ columns: 80, rows: 24 });
    for (const key of ['G', 'pageup', 'k', 'enter', 'pagedown', 'esc', 'g', 'tab', 'tab', 'tab']) {
      await screen.press(key);
      expect(fitsIn(screen.frame(), 80, 24)).toBe(true);
    }
  });
});

describe('n without the wizard', () => {
  it('checks the name as it is typed and creates nothing for a bad one', async () => {
    const { fake, screen } = await open();
    await screen.press('n');
    await screen.waitFor('New migration');
    await screen.type('Add Email');
    await screen.waitFor('✖ use lowercase letters');
    await screen.press('enter');
    expect(fake.created).toEqual([]);
    await screen.press('esc');
    await screen.waitFor('STATUS');
    expect(fake.created).toEqual([]);
  });

  it('creates a blank migration through dbmate and selects it', async () => {
    const { fake, screen } = await open();
    await screen.press('n');
    await screen.type('add_emial');
    await screen.press('backspace', 'backspace', 'backspace');
    await screen.type('ail');
    await screen.waitFor('✔ valid name');
    await screen.press('enter');
    const frame = await screen.waitFor('Created 20990101000000_add_email.sql');
    expect(fake.created).toEqual(['add_email']);
    await screen.waitFor('› ● pending 20990101000000 add_email');
    expect(frame).not.toContain('New migration');
  });
});

describe('keymap', () => {
  it('binds each key at most once per screen, so a key never means two things', () => {
    for (const [scope, bindings] of Object.entries(KEYMAP)) {
      const keys = bindings.flatMap((b) => b.keys);
      expect(new Set(keys).size, `duplicate key in ${scope}`).toBe(keys.length);
    }
  });
});
