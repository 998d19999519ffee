// dbmate prints Go durations (`123µs`, `1.5ms`, `2.1s`, `1m2.5s`, `1h0m3s`); this turns them
// into milliseconds.

const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, μs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const PART = /(\d+(?:\.\d+)?)(ns|us|µs|μs|ms|s|m|h)/g;

export function parseGoDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '0s' || trimmed === '0') return 0;
  if (!/^(\d+(?:\.\d+)?(ns|us|µs|μs|ms|s|m|h))+$/.test(trimmed)) return undefined;
  let total = 0;
  for (const match of trimmed.matchAll(PART)) total += Number(match[1]) * UNIT_MS[match[2]];
  return Math.round(total * 1000) / 1000;
}

/** `0.08ms`, `3.2ms`, `1.25s`, `2m 5s` — for people. */
export function formatDurationMs(ms: number | undefined): string {
  if (ms === undefined || Number.isNaN(ms)) return '—';
  if (ms < 1) return `${ms.toFixed(2)}ms`;
  if (ms < 1000) return `${ms < 10 ? ms.toFixed(1) : Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(2)}s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes}m ${Math.round((ms % 60_000) / 1000)}s`;
}
