// Charts as inline SVG for the HTML report: no script, no fonts or images fetched, so the file
// opens anywhere offline. Every bar carries its figure as text and a <title>; failures are
// hatched as well as red, so nothing is told by colour alone. Pure.

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** The hatch failures are drawn with, defined once per page (charts refer to `url(#hatch)`). */
export const SVG_DEFS =
  '<svg width="0" height="0" style="position:absolute" aria-hidden="true"><defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#c0392b"/><line x1="0" y1="0" x2="0" y2="6" stroke="#fff" stroke-width="2"/></pattern></defs></svg>';

export interface BarDatum {
  label: string;
  value: number;
  /** Stacked on top, hatched (failures). */
  extra?: number;
  /** Shown above the bar (defaults to the value). */
  text?: string;
}

const HEIGHT = 160;
const TOP = 18;
const BOTTOM = 34;

/** Vertical bars (with an optional hatched part on top), labelled below and valued above. */
export function svgBars(title: string, data: readonly BarDatum[], options: { extraLabel?: string } = {}): string {
  const slot = Math.max(14, Math.min(48, Math.floor(640 / Math.max(1, data.length))));
  const width = Math.max(200, slot * data.length + 20);
  const max = Math.max(1, ...data.map((d) => d.value + (d.extra ?? 0)));
  const plot = HEIGHT - TOP - BOTTOM;
  const labelEvery = Math.ceil(data.length / Math.max(1, Math.floor(width / 80)));
  const bars = data
    .map((d, i) => {
      const x = 10 + i * slot;
      const h = (d.value / max) * plot;
      const eh = ((d.extra ?? 0) / max) * plot;
      const y = TOP + plot - h;
      const tip = `${d.label}: ${d.text ?? d.value}${d.extra ? `, ${options.extraLabel ?? 'other'} ${d.extra}` : ''}`;
      const parts = [
        `<rect class="bar" x="${x}" y="${y.toFixed(1)}" width="${slot - 4}" height="${h.toFixed(1)}"><title>${escapeXml(tip)}</title></rect>`,
        d.extra
          ? `<rect class="extra" x="${x}" y="${(y - eh).toFixed(1)}" width="${slot - 4}" height="${eh.toFixed(1)}"><title>${escapeXml(tip)}</title></rect>`
          : '',
        `<text class="value" x="${x + (slot - 4) / 2}" y="${(y - eh - 3).toFixed(1)}">${escapeXml(d.text ?? String(d.value))}</text>`,
        i % labelEvery === 0
          ? `<text class="label" x="${x + (slot - 4) / 2}" y="${HEIGHT - BOTTOM + 14}">${escapeXml(d.label)}</text>`
          : '',
      ];
      return parts.join('');
    })
    .join('');
  return [
    `<svg role="img" aria-label="${escapeXml(title)}" viewBox="0 0 ${width} ${HEIGHT}" width="${width}" height="${HEIGHT}">`,
    `<title>${escapeXml(title)}</title>`,
    `<line class="axis" x1="8" y1="${TOP + plot}" x2="${width - 4}" y2="${TOP + plot}"/>`,
    bars,
    '</svg>',
  ].join('');
}

/** A horizontal bar split into parts, each labelled with its count and share. */
export function svgShare(title: string, parts: readonly { label: string; value: number; className: string }[]): string {
  const total = parts.reduce((sum, p) => sum + p.value, 0);
  const width = 640;
  let x = 0;
  const rects = parts
    .filter((p) => p.value > 0)
    .map((p) => {
      const w = total ? (p.value / total) * width : 0;
      const text = `${p.label} ${p.value} (${Math.round((p.value / total) * 100)}%)`;
      const rect = `<rect class="${p.className}" x="${x.toFixed(1)}" y="0" width="${w.toFixed(1)}" height="24"><title>${escapeXml(text)}</title></rect>`;
      x += w;
      return rect;
    })
    .join('');
  const legend = parts
    .map(
      (p, i) =>
        `<text class="legend" x="${i * 160}" y="44">${escapeXml(`${p.label}: ${p.value}${total ? ` (${Math.round((p.value / total) * 100)}%)` : ''}`)}</text>`,
    )
    .join('');
  return `<svg role="img" aria-label="${escapeXml(title)}" viewBox="0 0 ${width} 52" width="${width}" height="52"><title>${escapeXml(title)}</title>${rects}${legend}</svg>`;
}

/** A line through the points (null = gap), with a dot and its figure at each point. */
export function svgLine(title: string, points: readonly { label: string; value: number | null; text: string }[], max?: number): string {
  const step = Math.max(14, Math.min(48, Math.floor(640 / Math.max(1, points.length))));
  const width = Math.max(200, step * points.length + 20);
  const top = Math.max(1e-9, max ?? Math.max(0, ...points.map((p) => p.value ?? 0)));
  const plot = HEIGHT - TOP - BOTTOM;
  const labelEvery = Math.ceil(points.length / Math.max(1, Math.floor(width / 80)));
  const xy = points.map((p, i) => ({ p, x: 16 + i * step, y: p.value === null ? null : TOP + plot - (p.value / top) * plot }));
  let path = '';
  let pen = false;
  for (const { x, y } of xy) {
    if (y === null) {
      pen = false;
      continue;
    }
    path += `${pen ? 'L' : 'M'}${x} ${y.toFixed(1)} `;
    pen = true;
  }
  const dots = xy
    .map(({ p, x, y }, i) =>
      [
        y === null
          ? ''
          : `<circle class="dot" cx="${x}" cy="${y.toFixed(1)}" r="3"><title>${escapeXml(`${p.label}: ${p.text}`)}</title></circle>`,
        y === null || points.length > 16 ? '' : `<text class="value" x="${x}" y="${(y - 6).toFixed(1)}">${escapeXml(p.text)}</text>`,
        i % labelEvery === 0 ? `<text class="label" x="${x}" y="${HEIGHT - BOTTOM + 14}">${escapeXml(p.label)}</text>` : '',
      ].join(''),
    )
    .join('');
  return [
    `<svg role="img" aria-label="${escapeXml(title)}" viewBox="0 0 ${width} ${HEIGHT}" width="${width}" height="${HEIGHT}">`,
    `<title>${escapeXml(title)}</title>`,
    `<line class="axis" x1="8" y1="${TOP + plot}" x2="${width - 4}" y2="${TOP + plot}"/>`,
    path ? `<path class="line" d="${path.trim()}"/>` : '',
    dots,
    '</svg>',
  ].join('');
}
