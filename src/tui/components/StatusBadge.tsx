// A migration's status as colour AND symbol + word, so it reads the same with NO_COLOR.

import { Text } from 'ink';
import type { RowStatus } from '../model/migration-rows.js';

const BADGES: Record<RowStatus, { text: string; color: string }> = {
  applied: { text: '✔ applied', color: 'green' },
  pending: { text: '● pending', color: 'yellow' },
  failed: { text: '✖ failed ', color: 'red' },
  missing: { text: '! no file', color: 'magenta' },
  unknown: { text: '? unknown', color: 'gray' },
};

export const BADGE_WIDTH = 9;

export function StatusBadge({ status }: { status: RowStatus }) {
  const badge = BADGES[status];
  return <Text color={badge.color}>{badge.text}</Text>;
}
