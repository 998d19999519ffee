// Charts made of text, for the terminal and for Markdown: bars of █ and ░ with the figure
// beside them, sparklines of ▁▂▃▄▅▆▇█, and a share bar whose parts are told apart by glyph
// (█ ▒ ░ ·), so each reads without colour (NO_COLOR, 16 colours, a pasted report). Pure.

const SPARKS = '▁▂▃▄▅▆▇█';

/** One character per value, scaled to the largest; a missing value is a space. */
export function sparkline(values: readonly (number | null)[]): string {
  const known = values.filter((v): v is number => v !== null && Number.isFinite(v));
  const max = Math.max(0, ...known);
  return values
    .map((v) => {
      if (v === null || !Number.isFinite(v)) return ' ';
      if (max <= 0) return SPARKS[0];
      return SPARKS[Math.min(SPARKS.length - 1, Math.round((v / max) * (SPARKS.length - 1)))];
    })
    .join('');
}

/** A bar of `width` cells: `value / max` of it full (█), the rest light (░); a non-zero value shows at least one cell. */
export function bar(value: number, max: number, width: number): string {
  const cells = Math.max(0, Math.floor(width));
  if (cells === 0) return '';
  const full = max > 0 ? Math.round((Math.max(0, value) / max) * cells) : 0;
  const shown = value > 0 ? Math.max(1, Math.min(cells, full)) : 0;
  return '█'.repeat(shown) + '░'.repeat(cells - shown);
}

export interface SharePart {
  label: string;
  value: number;
}

const SHARE_GLYPHS = ['█', '▒', '░', '·'];

/**
 * Parts of a whole side by side in `width` cells, each with its own glyph (legend: shareLegend).
 * Every part above zero keeps at least one cell; the rest go by largest remainder.
 */
export function shareBar(parts: readonly SharePart[], width: number): string {
  const total = parts.reduce((sum, p) => sum + Math.max(0, p.value), 0);
  if (total === 0 || width <= 0) return '';
  const exact = parts.map((p) => (Math.max(0, p.value) / total) * width);
  const cells = exact.map((e, i) => (parts[i].value > 0 ? Math.max(1, Math.floor(e)) : 0));
  const byRemainder = exact.map((e, i) => ({ i, rest: e - Math.floor(e) })).sort((a, b) => b.rest - a.rest);
  let left = width - cells.reduce((sum, c) => sum + c, 0);
  for (let k = 0; left > 0 && k < byRemainder.length; k++) {
    if (parts[byRemainder[k].i].value > 0) {
      cells[byRemainder[k].i]++;
      left--;
    }
  }
  // Minimums may overfill: take back from the largest parts.
  while (left < 0) {
    const largest = cells.indexOf(Math.max(...cells));
    if (cells[largest] <= 1) break;
    cells[largest]--;
    left++;
  }
  return cells.map((c, i) => SHARE_GLYPHS[i % SHARE_GLYPHS.length].repeat(c)).join('');
}

/** `█ success 12 (80%)  ▒ failed 3 (20%)`: which glyph is which part. */
export function shareLegend(parts: readonly SharePart[]): string {
  const total = parts.reduce((sum, p) => sum + Math.max(0, p.value), 0);
  return parts
    .map(
      (p, i) =>
        `${SHARE_GLYPHS[i % SHARE_GLYPHS.length]} ${p.label} ${p.value}${total ? ` (${Math.round((p.value / total) * 100)}%)` : ''}`,
    )
    .join('  ');
}

/** `87%`, or `—` when there is nothing to divide. */
export function percent(rate: number | null): string {
  return rate === null ? '—' : `${Math.round(rate * 100)}%`;
}
