// State of the schema diff view, kept free of React so it can be tested alone: the layout
// (unified or side by side), the first visible row, the horizontal offset and the change
// last jumped to. Its keys are in the app's bindings table (keys/bindings.ts).

import type { ActionOf } from '../keys/bindings.js';
import { changeStarts, sideBySideRows, type DiffLine, type SideBySideRow } from '../../core/schema/line-diff.js';

/** What the view's keys do to it (`r`, dumping again, and `y`, copying an error, are the screen's business). */
export type SchemaDiffAction = Exclude<ActionOf<'schema-diff'>, 'reload' | 'copy.error'>;

/** Both layouts of one diff, with maps between them so toggling keeps the same place. */
export interface DiffLayouts {
  lines: DiffLine[];
  rows: SideBySideRow[];
  lineToRow: number[];
  rowToLine: number[];
  starts: { unified: number[]; split: number[] };
}

export function buildLayouts(lines: DiffLine[]): DiffLayouts {
  const rows = sideBySideRows(lines);
  const index = new Map(lines.map((line, i) => [line, i]));
  const lineToRow = Array<number>(lines.length).fill(0);
  const rowToLine = rows.map((row, r) => {
    for (const side of [row.left, row.right]) if (side) lineToRow[index.get(side)!] = r;
    return index.get((row.left ?? row.right)!) ?? 0;
  });
  return {
    lines,
    rows,
    lineToRow,
    rowToLine,
    starts: { unified: changeStarts(lines, (l) => l.type !== 'context'), split: changeStarts(rows, (r) => r.changed) },
  };
}

export interface ViewState {
  layout: 'unified' | 'split';
  top: number;
  left: number;
  /** Index into the change starts of the change last jumped to; -1 after free scrolling. */
  current: number;
}

export interface ViewContext {
  layouts: DiffLayouts;
  bodyHeight: number;
}

/** Lines kept above a change jumped to, so it is seen in context. */
const CONTEXT_ABOVE = 2;
const SIDEWAYS_STEP = 8;

function count(state: ViewState, ctx: ViewContext): number {
  return state.layout === 'unified' ? ctx.layouts.lines.length : ctx.layouts.rows.length;
}

function clampTop(top: number, state: ViewState, ctx: ViewContext): number {
  return Math.max(0, Math.min(top, count(state, ctx) - ctx.bodyHeight));
}

function startsOf(state: ViewState, ctx: ViewContext): number[] {
  return state.layout === 'unified' ? ctx.layouts.starts.unified : ctx.layouts.starts.split;
}

function jumpTo(state: ViewState, ctx: ViewContext, index: number): ViewState {
  const starts = startsOf(state, ctx);
  if (index < 0 || index >= starts.length) return state;
  const above = Math.min(CONTEXT_ABOVE, Math.floor(ctx.bodyHeight / 3));
  return { ...state, current: index, top: clampTop(starts[index] - above, state, ctx) };
}

/** Where "next" and "previous" count from: the change last jumped to, else the view's top. */
function anchor(state: ViewState, ctx: ViewContext): number {
  if (state.current >= 0) return startsOf(state, ctx)[state.current];
  return state.top === 0 ? -1 : state.top + CONTEXT_ABOVE;
}

export function initialViewState(ctx: ViewContext): ViewState {
  // Open on the first change: that is what the screen is for.
  return jumpTo({ layout: 'unified', top: 0, left: 0, current: -1 }, ctx, 0);
}

export function reduceView(state: ViewState, action: SchemaDiffAction, ctx: ViewContext): ViewState {
  const scroll = (top: number): ViewState => ({ ...state, current: -1, top: clampTop(top, state, ctx) });
  const page = Math.max(1, ctx.bodyHeight - 1);
  switch (action) {
    case 'lineDown':
      return scroll(state.top + 1);
    case 'lineUp':
      return scroll(state.top - 1);
    case 'pageDown':
      return scroll(state.top + page);
    case 'pageUp':
      return scroll(state.top - page);
    case 'top':
      return scroll(0);
    case 'bottom':
      return scroll(count(state, ctx));
    case 'scrollRight':
      return { ...state, left: state.left + SIDEWAYS_STEP };
    case 'scrollLeft':
      return { ...state, left: Math.max(0, state.left - SIDEWAYS_STEP) };
    case 'nextChange': {
      const from = anchor(state, ctx);
      return jumpTo(
        state,
        ctx,
        startsOf(state, ctx).findIndex((s) => s > from),
      );
    }
    case 'prevChange': {
      const from = anchor(state, ctx);
      const starts = startsOf(state, ctx);
      let index = -1;
      starts.forEach((s, i) => {
        if (s < from) index = i;
      });
      return jumpTo(state, ctx, index);
    }
    case 'toggleLayout': {
      const layout = state.layout === 'unified' ? 'split' : 'unified';
      const { lineToRow, rowToLine } = ctx.layouts;
      const top = state.layout === 'unified' ? (lineToRow[state.top] ?? 0) : (rowToLine[state.top] ?? 0);
      // The same change stays current: both layouts have one start per change block.
      return { ...state, layout, top: clampTop(top, { ...state, layout }, ctx) };
    }
  }
}
