// The arithmetic of the figures: medians, percentiles and weeks. Pure.

/** Median of numbers sorted ascending; NaN for none. */
export function sortedMedian(sorted: readonly number[]): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const mid = Math.floor(n / 2);
  return n % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * The median of `sorted` without its element at `index`, in constant time: each run of a
 * migration run 10,000 times is compared with its other runs without sorting 10,000 times.
 */
export function medianWithout(sorted: readonly number[], index: number): number {
  const k = sorted.length - 1;
  if (k <= 0) return NaN;
  const at = (j: number) => (j < index ? sorted[j] : sorted[j + 1]);
  return k % 2 ? at((k - 1) / 2) : (at(k / 2 - 1) + at(k / 2)) / 2;
}

/** Nearest-rank percentile (`p` in 0–1) of numbers sorted ascending. */
export function sortedPercentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

const DAY_MS = 86_400_000;

/** Monday (UTC) of the week `iso` falls in, as `YYYY-MM-DD`; null for a date that is not one. */
export function weekOf(iso: string): string | null {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return null;
  const day = Math.floor(at / DAY_MS);
  // 1970-01-01 was a Thursday: day 0 → Monday is 3 days before.
  const monday = day - ((day + 3) % 7);
  return new Date(monday * DAY_MS).toISOString().slice(0, 10);
}

/** Every week from `first` to `last` (Mondays, `YYYY-MM-DD`), at most `max` of the newest. */
export function weeksBetween(first: string, last: string, max: number): string[] {
  const start = Date.parse(`${first}T00:00:00Z`);
  const end = Date.parse(`${last}T00:00:00Z`);
  const weeks: string[] = [];
  for (let at = end; at >= start && weeks.length < max; at -= 7 * DAY_MS) weeks.push(new Date(at).toISOString().slice(0, 10));
  return weeks.reverse();
}
