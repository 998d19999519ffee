// Selection and scrolling of a windowed list, kept by key so a reload or a new filter keeps
// the same migration selected. Only the rows of the window are ever rendered.

export interface ListCursor {
  /** Key of the selected row. */
  key: string | null;
  /** Last known index, used when the key disappears (the row was filtered out). */
  index: number;
  /** First visible row. */
  top: number;
}

export const EMPTY_CURSOR: ListCursor = { key: null, index: 0, top: 0 };

/** Index of the selected row in `keys`, or -1 for an empty list. */
export function cursorIndex(cursor: ListCursor, keys: readonly string[]): number {
  if (keys.length === 0) return -1;
  if (cursor.key !== null && keys[cursor.index] === cursor.key) return cursor.index;
  const found = cursor.key === null ? -1 : keys.indexOf(cursor.key);
  return found !== -1 ? found : Math.min(Math.max(cursor.index, 0), keys.length - 1);
}

/** The first visible row so that `index` is inside a window of `height` rows. */
export function windowTop(top: number, index: number, count: number, height: number): number {
  const rows = Math.max(1, height);
  let next = Math.min(top, Math.max(0, count - rows));
  if (index < next) next = index;
  if (index >= next + rows) next = index - rows + 1;
  return Math.max(0, next);
}

export type CursorMove = 'down' | 'up' | 'top' | 'bottom' | 'page.down' | 'page.up';

export function moveCursor(cursor: ListCursor, keys: readonly string[], move: CursorMove, height: number): ListCursor {
  const current = cursorIndex(cursor, keys);
  if (current === -1) return EMPTY_CURSOR;
  const page = Math.max(1, height - 1);
  const target = {
    down: current + 1,
    up: current - 1,
    top: 0,
    bottom: keys.length - 1,
    'page.down': current + page,
    'page.up': current - page,
  }[move];
  return selectIndex(cursor, keys, target, height);
}

function selectIndex(cursor: ListCursor, keys: readonly string[], target: number, height: number): ListCursor {
  if (keys.length === 0) return EMPTY_CURSOR;
  const index = Math.min(Math.max(target, 0), keys.length - 1);
  return { key: keys[index], index, top: windowTop(cursor.top, index, keys.length, height) };
}
