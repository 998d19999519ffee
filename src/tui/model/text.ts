// Fitting text into terminal cells: truncate with "…" and pad by display width (CJK and
// emoji take two cells), so rows line up and never wrap into the next line.

import cliTruncate from 'cli-truncate';
import stringWidth from 'string-width';

export function cellWidth(text: string): number {
  return stringWidth(text);
}

/** Cuts `text` to at most `width` cells, ending with "…" when cut. */
export function truncate(text: string, width: number): string {
  if (width <= 0) return '';
  return cliTruncate(text, width, { position: 'end' });
}

/** Exactly `width` cells: truncated, then padded with spaces. */
export function fit(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  const cut = truncate(text, width);
  const pad = ' '.repeat(Math.max(0, width - stringWidth(cut)));
  return align === 'left' ? cut + pad : pad + cut;
}

export function plural(count: number, word: string, many = `${word}s`): string {
  return `${count} ${count === 1 ? word : many}`;
}
