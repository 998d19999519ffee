// Timeline rows and details from history entries (newest first). Rollbacks are the
// timeline's rollback points: each is marked, so where the database went back is visible.

import { formatDurationMs } from '../../core/shared/duration.js';
import { timeAgo } from '../../core/shared/time.js';
import type { HistoryEntry } from '../data/load-history.js';
import { line, type Line } from './lines.js';
import { terminalName } from '../../core/shared/terminal-text.js';

export interface EntryLabel {
  text: string;
  color: string;
}

const ACTIONS: Record<HistoryEntry['action'], string> = {
  up: '▲ applied',
  down: '↺ rolled back',
  create: '◆ created db',
  drop: '◆ dropped db',
  load: '◆ loaded schema',
  restore: '◆ restored backup',
  convert: '◇ recorded (convert)',
  baseline: '◇ recorded (baseline)',
  mark: '◇ marked',
  squash: '◇ squashed',
};

export function entryLabel(entry: HistoryEntry): EntryLabel {
  if (entry.status === 'failed') return { text: entry.action === 'down' ? '✖ rollback failed' : `✖ ${entry.action} failed`, color: 'red' };
  if (entry.action === 'down') return { text: ACTIONS.down, color: 'magenta' };
  return { text: ACTIONS[entry.action], color: entry.action === 'up' ? 'green' : 'cyan' };
}

export const LABEL_WIDTH = 17;

/** What an entry acted on (its migration, or the database for create/drop/load), as shown. */
export function entryTarget(entry: HistoryEntry): string {
  if (entry.version) return terminalName(entry.name ? `${entry.version} ${entry.name}` : entry.version);
  return entry.file ? terminalName(entry.file) : entry.action === 'load' ? 'schema file' : 'database';
}

/** True for the entries the timeline marks as rollback points. */
export function isRollbackPoint(entry: HistoryEntry): boolean {
  return entry.action === 'down' && entry.status === 'success';
}

export function entryDetailLines(entry: HistoryEntry, now: Date): Line[] {
  const label = entryLabel(entry);
  const lines: Line[] = [
    line(`${label.text}  ${entry.file ?? entryTarget(entry)}`, entry.status === 'failed' ? 'error' : 'title'),
    line(''),
    line(`When        ${entry.startedAt} (${timeAgo(entry.startedAt, now) || 'unknown'})`),
    line(`Duration    ${formatDurationMs(entry.durationMs ?? undefined)}`),
    line(`Who         ${entry.appliedBy || 'unknown'}`),
    line(`Connection  ${entry.connection || 'unknown'}  ${entry.url || ''}`),
    line(`Version     ${entry.version ?? '—'}  ${entry.name ?? ''}`),
    line(`Status      ${entry.status}`, entry.status === 'failed' ? 'error' : 'success'),
  ];
  if (isRollbackPoint(entry)) lines.push(line('Rollback point: the database went back below this version here.', 'warning'));
  if (entry.errorMessage) {
    lines.push(line(''), line(`Error (${entry.errorKind || 'unknown'})`, 'error'));
    lines.push(...entry.errorMessage.split('\n').map((l) => line(`  ${l}`, 'error')));
  }
  lines.push(
    line(''),
    line(`Checksum    ${entry.checksum || '—'}`, 'dim'),
    line(`dbtk ${entry.dbtkVersion || '?'} · dbmate ${entry.dbmateVersion ?? '?'} · id ${entry.id}`, 'dim'),
  );
  return lines;
}
