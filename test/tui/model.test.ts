import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/core/migrations/run.js';
import type { PreviewResult } from '../../src/core/project/preview.js';
import type { RunPlan } from '../../src/core/runs/types.js';
import { fitBarItems } from '../../src/tui/components/HelpBar.js';
import { keyName, splitKeys } from '../../src/tui/keys/key-names.js';
import { barItems, resolveKey } from '../../src/tui/keys/resolve.js';
import type { KeyContext } from '../../src/tui/keys/scopes.js';
import { cursorIndex, EMPTY_CURSOR, moveCursor, windowTop } from '../../src/tui/model/list-cursor.js';
import { filterRows, nextFilter, type MigrationRow } from '../../src/tui/model/migration-rows.js';
import { IDLE, runReducer } from '../../src/tui/model/run-state.js';
import { applyTextEdit, textEditFor } from '../../src/tui/model/text-edit.js';
import { colourEnabled, HoldableOutput } from '../../src/tui/terminal.js';

const row = (version: string, name: string, status: MigrationRow['status'], sql = ''): MigrationRow => ({
  key: `${version}_${name}.sql`,
  version,
  name,
  file: `${version}_${name}.sql`,
  path: null,
  status,
  warnings: [],
  problems: [],
  haystack: `${version} ${name} ${sql}`.toLowerCase(),
});

const CONTEXT: KeyContext = { selectedHasFile: true, narrowed: false, features: { risk: false, schemaDiff: false } };

describe('list cursor', () => {
  const keys = Array.from({ length: 100 }, (_, i) => `k${i}`);

  it('moves, pages and clamps, keeping the selection inside the window', () => {
    let cursor = moveCursor(EMPTY_CURSOR, keys, 'down', 10);
    expect(cursor).toMatchObject({ key: 'k1', index: 1, top: 0 });
    cursor = moveCursor(cursor, keys, 'page.down', 10);
    expect(cursor).toMatchObject({ key: 'k10', top: 1 });
    cursor = moveCursor(cursor, keys, 'bottom', 10);
    expect(cursor).toMatchObject({ key: 'k99', top: 90 });
    expect(moveCursor(cursor, keys, 'down', 10).key).toBe('k99');
    expect(moveCursor(cursor, keys, 'top', 10)).toMatchObject({ key: 'k0', top: 0 });
  });

  it('keeps the same key selected when rows are inserted or filtered', () => {
    const cursor = { key: 'k50', index: 50, top: 45 };
    expect(cursorIndex(cursor, ['new', ...keys])).toBe(51);
    expect(cursorIndex(cursor, ['k1', 'k50'])).toBe(1);
    // Gone: the nearest index, not a jump to the top.
    expect(cursorIndex(cursor, keys.slice(0, 20))).toBe(19);
    expect(cursorIndex(cursor, [])).toBe(-1);
  });

  it('windows to the height after a resize', () => {
    expect(windowTop(0, 30, 100, 10)).toBe(21);
    expect(windowTop(90, 95, 100, 50)).toBe(50);
  });
});

describe('filter and search', () => {
  const rows = [
    row('1', 'create_users', 'applied', 'CREATE TABLE users'),
    row('2', 'add_email', 'pending', 'ALTER TABLE users ADD email'),
    row('3', 'tags', 'failed'),
    row('4', '', 'missing'),
  ];

  it('cycles all → applied → pending → failed → all', () => {
    expect(nextFilter('all')).toBe('applied');
    expect(nextFilter('failed')).toBe('all');
    expect(filterRows(rows, 'applied', '').map((r) => r.version)).toEqual(['1', '4']);
    expect(filterRows(rows, 'pending', '').map((r) => r.version)).toEqual(['2']);
    expect(filterRows(rows, 'failed', '').map((r) => r.version)).toEqual(['3']);
  });

  it('matches every word in name, version or SQL, ignoring case', () => {
    expect(filterRows(rows, 'all', 'USERS').map((r) => r.version)).toEqual(['1', '2']);
    expect(filterRows(rows, 'all', 'users email').map((r) => r.version)).toEqual(['2']);
    expect(filterRows(rows, 'pending', 'create')).toEqual([]);
  });
});

describe('keys', () => {
  it('splits keys that arrived together, control characters included', () => {
    const keys = splitKeys('aB\x7f\r\x03');
    expect(keys.map((k) => keyName(k.input, k.key))).toEqual(['a', 'B', 'delete', 'enter', 'ctrl+c']);
  });

  it('a dialog swallows keys it does not bind; a screen lets global keys through', () => {
    expect(resolveKey(['confirm'], 'q', CONTEXT)).toBeUndefined();
    expect(resolveKey(['migrations', 'global'], 'q', CONTEXT)?.binding.action).toBe('quit');
    expect(resolveKey(['migrations', 'global'], 'e', { ...CONTEXT, selectedHasFile: false })).toBeUndefined();
  });

  it('the bar skips keys an inner scope took over', () => {
    const items = barItems(['migrations.search'], CONTEXT).map((i) => i.label);
    expect(items).toEqual(['done', 'clear', 'move']);
  });

  it('fits the bar to the width with …', () => {
    const items = [
      { keys: 'j/k', label: 'move' },
      { keys: 'enter', label: 'open' },
      { keys: '?', label: 'help' },
    ];
    expect(fitBarItems(items, 40)).toEqual({ shown: items, cut: false });
    expect(fitBarItems(items, 24)).toEqual({ shown: items.slice(0, 2), cut: true });
  });
});

describe('text fields', () => {
  it('appends typed and pasted text, erases, clears, and drops control characters', () => {
    const plain = { ctrl: false, meta: false };
    let value = applyTextEdit('', textEditFor('a', 'add_', plain)!);
    value = applyTextEdit(value, textEditFor('x', 'x\ty\n', plain)!);
    expect(value).toBe('add_xy');
    value = applyTextEdit(value, textEditFor('delete', '', plain)!);
    expect(value).toBe('add_x');
    expect(applyTextEdit(value, textEditFor('ctrl+u', 'u', { ctrl: true, meta: false })!)).toBe('');
    expect(textEditFor('up', '', plain)).toBeUndefined();
  });
});

describe('run state', () => {
  const step = (v: string) => ({ version: v, name: `n${v}`, file: `${v}_n${v}.sql` });
  /** Enough of core's RunPlan for the reducer: an id and the steps. */
  const plan = (id: string, versions: string[]) =>
    ({
      id,
      direction: 'up',
      steps: versions.map((v) => ({ ...step(v), sql: '', mtimeMs: 0 })),
      notes: [],
      staysApplied: [],
    }) as unknown as RunPlan;

  it('keeps a risk result only for the plan on screen', () => {
    const risk = (n: number) => ({ statements: n }) as unknown as PreviewResult;
    let state = runReducer(IDLE, { type: 'plan', direction: 'up' });
    state = runReducer(state, { type: 'planned', plan: plan('old', ['1']) });
    state = runReducer(state, { type: 'replan', changed: 'The plan no longer holds: now also pending: 2_n2.sql. Nothing was run.' });
    state = runReducer(state, { type: 'planned', plan: plan('new', ['1', '2']) });
    expect(state.changed).toMatch(/now also pending/);
    state = runReducer(state, { type: 'risk', planId: 'old', result: risk(1) });
    expect(state.risk).toBeUndefined();
    state = runReducer(state, { type: 'risk', planId: 'new', result: risk(2) });
    expect(state.risk).toEqual(risk(2));
  });

  it('folds core run events into per-step progress and the outcome', () => {
    let state = runReducer(IDLE, { type: 'plan', direction: 'up' });
    state = runReducer(state, { type: 'planned', plan: plan('p', ['1', '2']) });
    expect(state.phase).toBe('confirm');
    state = runReducer(state, { type: 'start', at: 0 });
    state = runReducer(state, {
      type: 'event',
      event: { type: 'started', direction: 'up', index: 0, total: 2, step: step('1'), startedAt: '' },
    });
    expect(state.steps.map((s) => s.state)).toEqual(['running', 'waiting']);
    state = runReducer(state, {
      type: 'event',
      event: { type: 'finished', direction: 'up', index: 0, total: 2, step: step('1'), durationMs: 3 },
    });
    state = runReducer(state, { type: 'event', event: { type: 'output', text: 'notice: x' } });
    const result: RunResult = {
      direction: 'up',
      ok: false,
      interrupted: false,
      schemaWritten: false,
      raw: '',
      steps: [
        { ...step('1'), direction: 'up', status: 'done', durationMs: 3 },
        { ...step('2'), direction: 'up', status: 'failed' },
      ],
    };
    state = runReducer(state, { type: 'finished', result, at: 10 });
    expect(state.phase).toBe('done');
    expect(state.steps.map((s) => [s.state, s.durationMs])).toEqual([
      ['done', 3],
      ['failed', undefined],
    ]);
    expect(state.output).toEqual(['notice: x']);
    // Typing after the confirmation closed changes nothing.
    expect(runReducer(state, { type: 'type', edit: { type: 'append', text: 'x' } }).typed).toBe('');
  });
});

describe('terminal', () => {
  it('reads NO_COLOR and TERM=dumb', () => {
    expect(colourEnabled({})).toBe(true);
    expect(colourEnabled({ NO_COLOR: '' })).toBe(false);
    expect(colourEnabled({ TERM: 'dumb' })).toBe(false);
  });

  it('drops frames while another program owns the terminal, then asks for a full redraw', () => {
    const written: string[] = [];
    const target = Object.assign(new EventEmitter(), {
      columns: 80,
      rows: 24,
      isTTY: true,
      writable: true,
      write: (s: string) => written.push(s) > 0,
    });
    const output = new HoldableOutput(target as unknown as NodeJS.WriteStream);
    let redraws = 0;
    output.on('resize', () => redraws++);
    output.write('frame 1');
    output.hold();
    output.write('frame 2');
    target.emit('resize');
    output.release();
    output.write('frame 3');
    expect(written).toEqual(['frame 1', 'frame 3']);
    expect(redraws).toBe(1);
  });
});
