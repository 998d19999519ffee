// Human time: "2 hours ago", "just now". Pure, so screens and tests agree.

const UNITS: [string, number][] = [
  ['year', 365 * 24 * 3600_000],
  ['month', 30 * 24 * 3600_000],
  ['week', 7 * 24 * 3600_000],
  ['day', 24 * 3600_000],
  ['hour', 3600_000],
  ['minute', 60_000],
];

export function timeAgo(iso: string | undefined, now: Date = new Date()): string {
  if (!iso) return '';
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return '';
  const diff = now.getTime() - then;
  if (diff < 45_000) return 'just now';
  for (const [unit, ms] of UNITS) {
    const n = Math.floor(diff / ms);
    if (n >= 1) return `${n} ${unit}${n === 1 ? '' : 's'} ago`;
  }
  return 'just now';
}
