import { describe, expect, it } from 'vitest';
import { BINDINGS_BY_SCOPE } from '../../../src/tui/keys/bindings.js';
import { appBarItems, helpSections, resolveKey, visibleBindings } from '../../../src/tui/keys/resolve.js';
import { ALL_SCOPES, SCOPES, type KeyContext, type Scope } from '../../../src/tui/keys/scopes.js';

const EVERYTHING: KeyContext = {
  selectedHasFile: true,
  narrowed: true,
  features: { risk: true, schemaDiff: true },
  wizardCanRun: true,
  diffCanReload: true,
};
const NOTHING: KeyContext = { selectedHasFile: false, narrowed: false, features: { risk: false, schemaDiff: false } };

/** Every stack the app can be in: a dialog alone, or a screen in front of the global keys. */
const STACKS: Scope[][] = ALL_SCOPES.map((scope) => (SCOPES[scope].modal || scope === 'global' ? [scope] : [scope, 'global']));

describe('bindings table', () => {
  it('gives every binding keys and a label, and every scope a title', () => {
    for (const scope of ALL_SCOPES) {
      expect(SCOPES[scope].title).toBeTruthy();
      for (const binding of BINDINGS_BY_SCOPE[scope]) expect(binding.keys.length > 0 && binding.label.length > 0, scope).toBe(true);
    }
  });

  it('binds no printable key in a scope with a text field: typing there is text', () => {
    for (const scope of ALL_SCOPES.filter((s) => SCOPES[s].text)) {
      const printable = BINDINGS_BY_SCOPE[scope].flatMap((b) => b.keys).filter((k) => [...k].length === 1);
      expect(printable, scope).toEqual([]);
    }
  });

  it('never lists a key twice on one screen, after precedence, and every key listed does what it says', () => {
    for (const context of [EVERYTHING, NOTHING]) {
      for (const stack of STACKS) {
        const visible = visibleBindings(stack, context);
        const keys = visible.flatMap((v) => v.keys);
        expect(new Set(keys).size, `a key listed twice in ${stack.join(' + ')}`).toBe(keys.length);
        for (const { binding, keys: own } of visible) for (const key of own) expect(resolveKey(stack, key, context)?.binding).toBe(binding);
        const listed = helpSections(stack, context).flatMap((section) => section.rows.map((row) => row.label));
        expect(listed).toEqual(visible.map((v) => v.binding.label));
      }
    }
  });

  it('on the schema diff, n and r are the screen’s own: the help and the bar do not offer the global ones', () => {
    const stack: Scope[] = ['schema-diff', 'global'];
    const rows = helpSections(stack, EVERYTHING).flatMap((section) => section.rows);
    expect(rows.filter((row) => row.keys === 'n')).toEqual([{ keys: 'n', label: 'next change' }]);
    expect(rows.filter((row) => row.keys === 'r')).toEqual([{ keys: 'r', label: 'dump again' }]);
    expect(rows.map((row) => row.label)).not.toContain('new migration');
    expect(rows.map((row) => row.label)).not.toContain('refresh');
    expect(resolveKey(stack, 'n', EVERYTHING)).toMatchObject({ scope: 'schema-diff', binding: { action: 'nextChange' } });
    // The screen draws its own bar (n, N, s, r); the app's bar below it has the rest.
    expect(appBarItems(stack, EVERYTHING).map((item) => `${item.keys} ${item.label}`)).toEqual([
      'u run pending',
      'd roll back',
      '? help',
      'q quit',
    ]);
  });

  it('while the diff is being dumped, r dumps again and the other global keys still work', () => {
    const stack: Scope[] = ['schema-diff.waiting', 'global'];
    expect(resolveKey(stack, 'r', EVERYTHING)).toMatchObject({ scope: 'schema-diff.waiting', binding: { action: 'reload' } });
    expect(resolveKey(stack, 'u', EVERYTHING)).toMatchObject({ scope: 'global', binding: { action: 'run.up' } });
  });
});
