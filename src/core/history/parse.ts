// Turns one history line into a HistoryEntry, or says why it cannot: not JSON, cut short,
// not a dbtk entry, or written in another history format. Unknown fields are ignored (a
// newer dbtk may add some within format 1); the file itself is never rewritten.

import type { RawLine } from './file.js';
import { HISTORY_ACTIONS, type HistoryAction, type HistoryEntry } from './types.js';

export type LineProblem = 'not_json' | 'incomplete' | 'too_long' | 'not_entry' | 'other_schema';

export type ParsedLine =
  { entry: HistoryEntry; problem?: undefined } | { entry?: undefined; problem: LineProblem; schema?: unknown; text?: string };

const ACTIONS: ReadonlySet<string> = new Set<HistoryAction>(HISTORY_ACTIONS);

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** Normalises a parsed JSON value into an entry (known fields only), or undefined. */
function toHistoryEntry(value: unknown): HistoryEntry | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const v = value as Record<string, unknown>;
  if (v.schema !== 1 || typeof v.id !== 'string' || !ACTIONS.has(v.action as string)) return undefined;
  if (v.status !== 'success' && v.status !== 'failed') return undefined;
  if (typeof v.startedAt !== 'string' || Number.isNaN(Date.parse(v.startedAt))) return undefined;
  return {
    schema: 1,
    id: v.id,
    action: v.action as HistoryAction,
    version: text(v.version),
    name: text(v.name),
    file: text(v.file),
    appliedBy: text(v.appliedBy) ?? '',
    connection: text(v.connection) ?? '',
    url: text(v.url) ?? '',
    startedAt: v.startedAt,
    durationMs: typeof v.durationMs === 'number' && Number.isFinite(v.durationMs) ? v.durationMs : null,
    status: v.status,
    errorKind: text(v.errorKind),
    errorMessage: text(v.errorMessage),
    checksum: text(v.checksum),
    dbtkVersion: text(v.dbtkVersion) ?? '',
    dbmateVersion: text(v.dbmateVersion),
    // Optional fields appear only when present, so entries written before them read back unchanged.
    ...optionalText('database', v.database),
    ...optionalText('databaseLabel', v.databaseLabel),
    ...optionalText('runId', v.runId),
    ...optionalText('backupId', v.backupId),
    ...optionalText('detail', v.detail),
  };
}

function optionalText<K extends string>(key: K, value: unknown): Partial<Record<K, string>> {
  return typeof value === 'string' && value !== '' ? ({ [key]: value } as Record<K, string>) : {};
}

export function parseHistoryLine(line: RawLine): ParsedLine {
  if (line.text === null) return { problem: 'too_long' };
  let value: unknown;
  try {
    value = JSON.parse(line.text);
  } catch {
    return { problem: line.complete ? 'not_json' : 'incomplete', text: line.text };
  }
  const schema = value && typeof value === 'object' ? (value as { schema?: unknown }).schema : undefined;
  if (schema !== undefined && schema !== 1) return { problem: 'other_schema', schema, text: line.text };
  const entry = toHistoryEntry(value);
  return entry ? { entry } : { problem: 'not_entry', text: line.text };
}

const MAX_EXAMPLES = 3;

function preview(text: string | undefined): string {
  if (text === undefined) return '';
  const flat = text.replace(/\s+/g, ' ');
  return ` \`${flat.length > 40 ? `${flat.slice(0, 40)}…` : flat}\``;
}

/** Collects skipped lines and says so once per kind, with a few examples, not once per line. */
export class WarningCollector {
  private readonly counts = new Map<LineProblem, { count: number; examples: string[] }>();
  private readonly schemas = new Set<string>();
  private readonly extra: string[] = [];

  constructor(private readonly file: string) {}

  add(parsed: Exclude<ParsedLine, { entry: HistoryEntry }>, offset: number): void {
    const slot = this.counts.get(parsed.problem) ?? { count: 0, examples: [] };
    slot.count++;
    if (slot.examples.length < MAX_EXAMPLES) slot.examples.push(`byte ${offset}${preview(parsed.text)}`);
    this.counts.set(parsed.problem, slot);
    if (parsed.problem === 'other_schema') this.schemas.add(String(parsed.schema));
  }

  addText(message: string): void {
    this.extra.push(message);
  }

  list(): string[] {
    const out: string[] = [];
    const where = (slot: { count: number; examples: string[] }) =>
      ` (${slot.examples.join('; ')}${slot.count > slot.examples.length ? `; ${slot.count - slot.examples.length} more` : ''}) in ${this.file}`;
    const plural = (n: number, one: string, many: string) => (n === 1 ? `1 ${one}` : `${n} ${many}`);
    for (const [problem, slot] of this.counts) {
      switch (problem) {
        case 'not_json':
          out.push(`Skipped ${plural(slot.count, 'history line that is', 'history lines that are')} not valid JSON${where(slot)}.`);
          break;
        case 'incomplete':
          out.push(`Skipped an incomplete last history line (a write was cut short)${where(slot)}.`);
          break;
        case 'too_long':
          out.push(`Skipped ${plural(slot.count, 'history line', 'history lines')} longer than 1 MB${where(slot)}.`);
          break;
        case 'not_entry':
          out.push(
            `Skipped ${plural(slot.count, 'history line that is', 'history lines that are')} not a dbtk history entry (missing or invalid fields)${where(slot)}.`,
          );
          break;
        case 'other_schema':
          out.push(
            `Skipped ${plural(slot.count, 'history entry', 'history entries')} in history format ${[...this.schemas].join(', ')} (written by another dbtk version; this one reads format 1 — upgrade dbtk to see them)${where(slot)}.`,
          );
          break;
      }
    }
    return [...out, ...this.extra];
  }
}
