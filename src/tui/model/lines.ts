// A line of text with a tone: what scrollable panes (SQL, help, confirmations, outcomes) are
// made of. Models build lines; one component renders them.

import wrapAnsi from 'wrap-ansi';

export type LineTone = 'plain' | 'title' | 'heading' | 'success' | 'warning' | 'error' | 'dim' | 'sql';

export interface Line {
  /** May carry ANSI colours (highlighted SQL); the renderer truncates it to the pane. */
  text: string;
  tone: LineTone;
}

export const line = (text: string, tone: LineTone = 'plain'): Line => ({ text, tone });

/** A paragraph as lines of at most `width` cells, continuation lines indented like the first. */
export function wrapped(text: string, tone: LineTone, width: number): Line[] {
  const indent = /^\s*/.exec(text)?.[0] ?? '';
  return (
    wrapAnsi(text.trimStart(), Math.max(10, width - indent.length), { hard: true, trim: false })
      .split('\n')
      // The space a line was broken at starts the next one: it is not part of the text.
      .map((part, i) => line(indent + (i > 0 ? part.replace(/^ /, '') : part), tone))
  );
}

/** The first line to show so that scrolling never goes past the end. */
export function clampScroll(scroll: number, total: number, height: number): number {
  return Math.max(0, Math.min(scroll, total - Math.max(1, height)));
}
