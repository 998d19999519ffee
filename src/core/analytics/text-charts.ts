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

/** Parts of a whole side by side in `width` cells, each with its own glyph (legend: shareLegend). */
export function shareBar(parts: readonly SharePart[], width: number): string {
  const total = parts.reduce((sum, p) => sum + Math.max(0, p.value), 0);
  if (total === 0 || width <= 0) return '';
  let out = '';
  let used = 0;
  let carried = 0;
  parts.forEach((part, i) => {
    carried += (Math.max(0, part.value) / total) * width;
    let cells = Math.round(carried) - used;
    if (part.value > 0 && cells === 0 && used < width) cells = 1;
    cells = Math.min(cells, width - used);
    out += SHARE_GLYPHS[i % SHARE_GLYPHS.length].repeat(Math.max(0, cells));
    used += Math.max(0, cells);
  });
  return out;
}

/** `█ success 12 (80%)  ▒ failed 3 (20%)`: which glyph is which part. */
export function shareLegend(parts: readonly SharePart[]): string {
  const total = parts.reduce((sum, p) => sum + Math.max(0, p.value), 0);
  return parts
    .map((p, i) => `${SHARE_GLYPHS[i % SHARE_GLYPHS.length]} ${p.label} ${p.value}${total ? ` (${Math.round((p.value / total) * 100)}%)` : ''}`)
    .join('  ');
}

/** `87%`, or `—` when there is nothing to divide. */
export function percent(rate: number | null): string {
  return rate === null ? '—' : `${Math.round(rate * 100)}%`;
}
