import { describe, expect, it } from 'vitest';
import { alignLines } from '../../src/core/schema/line-diff.js';
import { resolveKey } from '../../src/tui/keys/resolve.js';
import { EMPTY_KEY_CONTEXT } from '../../src/tui/keys/scopes.js';
import { buildLayouts, initialViewState, reduceView, type ViewContext } from '../../src/tui/screens/schema-diff-state.js';

const bindingFor = (name: string) => resolveKey(['schema-diff'], name, EMPTY_KEY_CONTEXT)?.binding;

function context(changedLines: number[], total = 100, bodyHeight = 20): ViewContext {
  const before = Array.from({ length: total }, (_, i) => `l${i + 1}`);
  const after = before.map((l, i) => (changedLines.includes(i + 1) ? `${l}!` : l));
  return { layouts: buildLayouts(alignLines(`${before.join('\n')}\n`, `${after.join('\n')}\n`)), bodyHeight };
}

describe('schema diff view state', () => {
  it('reaches every change, even those the last page already shows', () => {
    const ctx = context([90, 95, 97]);
    let state = initialViewState(ctx);
    expect(state.current).toBe(0);
    state = reduceView(state, 'nextChange', ctx);
    expect(state).toMatchObject({ current: 1, top: 83 }); // clamped to the last page
    state = reduceView(state, 'nextChange', ctx);
    expect(state.current).toBe(2);
    expect(reduceView(state, 'nextChange', ctx)).toBe(state);
    state = reduceView(reduceView(state, 'prevChange', ctx), 'prevChange', ctx);
    expect(state.current).toBe(0);
  });

  it('keeps the same place when switching layouts', () => {
    const ctx = context([10, 11, 50]);
    let state = reduceView(initialViewState(ctx), 'nextChange', ctx);
    const unifiedTop = state.top;
    expect(ctx.layouts.lines[unifiedTop + 2].text).toBe('l50');
    state = reduceView(state, 'toggleLayout', ctx);
    expect(state.layout).toBe('split');
    expect(ctx.layouts.rows[state.top + 2].left?.text).toBe('l50');
    state = reduceView(state, 'toggleLayout', ctx);
    expect(state.top).toBe(unifiedTop);
  });

  it('clamps scrolling to the text and sideways scrolling to the left edge', () => {
    const ctx = context([5], 30, 20);
    let state = reduceView(initialViewState(ctx), 'top', ctx);
    expect(reduceView(state, 'lineUp', ctx).top).toBe(0);
    state = reduceView(state, 'pageDown', ctx);
    expect(state.top).toBe(11); // 31 lines, 20 visible
    expect(reduceView(state, 'lineDown', ctx).top).toBe(11);
    expect(reduceView(reduceView(state, 'scrollRight', ctx), 'scrollLeft', ctx).left).toBe(0);
    expect(reduceView(state, 'scrollLeft', ctx).left).toBe(0);
  });

  it('maps keys to actions from the declared bindings', () => {
    expect(bindingFor('n')?.action).toBe('nextChange');
    expect(bindingFor('N')?.action).toBe('prevChange');
    expect(bindingFor('pagedown')?.action).toBe('pageDown');
    expect(bindingFor('ctrl+u')?.action).toBe('pageUp');
    expect(bindingFor('down')?.action).toBe('lineDown');
    expect(bindingFor('x')).toBeUndefined();
  });
});
