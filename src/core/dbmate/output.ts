// Parses dbmate's output lines into typed events as they stream. Lines it does not know are
// kept as `output` events, never dropped.

import { parseGoDuration } from '../shared/duration.js';
import { splitMigrationFileName } from './file-name.js';

export type DbmateOutputEvent =
  | { type: 'creating'; database: string; raw: string }
  | { type: 'applying'; file: string; version: string; name: string; raw: string }
  | { type: 'applied'; file: string; version: string; name: string; durationMs?: number; raw: string }
  | { type: 'rolling_back'; file: string; version: string; name: string; raw: string }
  | { type: 'rolled_back'; file: string; version: string; name: string; durationMs?: number; raw: string }
  | { type: 'writing'; path: string; raw: string }
  | { type: 'rows_affected'; rows: number; raw: string }
  | { type: 'status_line'; file: string; version: string; name: string; applied: boolean; raw: string }
  | { type: 'status_count'; which: 'applied' | 'pending'; count: number; raw: string }
  | { type: 'created_migration'; path: string; raw: string }
  | { type: 'error'; message: string; raw: string }
  | { type: 'output'; raw: string };

function fileParts(file: string) {
  const split = splitMigrationFileName(file);
  return { file, version: split?.version ?? '', name: split?.name ?? file };
}

const PATTERNS: { re: RegExp; build: (m: RegExpExecArray, raw: string) => DbmateOutputEvent }[] = [
  { re: /^Applying: (.+)$/, build: (m, raw) => ({ type: 'applying', ...fileParts(m[1]), raw }) },
  {
    re: /^Applied: (.+?\.sql) in (\S+)$/,
    build: (m, raw) => ({ type: 'applied', ...fileParts(m[1]), durationMs: parseGoDuration(m[2]), raw }),
  },
  { re: /^Rolling back: (.+)$/, build: (m, raw) => ({ type: 'rolling_back', ...fileParts(m[1]), raw }) },
  {
    re: /^Rolled back: (.+?\.sql) in (\S+)$/,
    build: (m, raw) => ({ type: 'rolled_back', ...fileParts(m[1]), durationMs: parseGoDuration(m[2]), raw }),
  },
  { re: /^Writing: (.+)$/, build: (m, raw) => ({ type: 'writing', path: m[1], raw }) },
  { re: /^Creating: (.+)$/, build: (m, raw) => ({ type: 'creating', database: m[1], raw }) },
  { re: /^Creating migration: (.+)$/, build: (m, raw) => ({ type: 'created_migration', path: m[1], raw }) },
  { re: /^Rows affected: (\d+)$/, build: (m, raw) => ({ type: 'rows_affected', rows: Number(m[1]), raw }) },
  { re: /^\[(X| )\] (.+)$/, build: (m, raw) => ({ type: 'status_line', ...fileParts(m[2]), applied: m[1] === 'X', raw }) },
  {
    re: /^(Applied|Pending): (\d+)$/,
    build: (m, raw) => ({ type: 'status_count', which: m[1].toLowerCase() as 'applied' | 'pending', count: Number(m[2]), raw }),
  },
  { re: /^Error: (.*)$/, build: (m, raw) => ({ type: 'error', message: m[1], raw }) },
];

export function parseDbmateLine(raw: string): DbmateOutputEvent {
  const line = raw.replace(/\r$/, '');
  for (const { re, build } of PATTERNS) {
    const match = re.exec(line);
    if (match) return build(match, line);
  }
  return { type: 'output', raw: line };
}
