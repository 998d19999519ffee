// The object-level summary above the diff: one line per changed table, column, index…
// cut to the room it is given, with a count of what did not fit.

import { Box, Text } from 'ink';
import { CHANGE_MARK, changeDetail } from '../../../core/schema/report.js';
import { describeObject, type ObjectChange } from '../../../core/schema/objects.js';
import { visibleSlice } from './DiffBody.js';

const COLOR: Record<ObjectChange['change'], string> = { added: 'green', removed: 'red', changed: 'yellow' };

interface Props {
  changes: readonly ObjectChange[];
  /** Lines available, including the "… more" line. */
  maxLines: number;
  width: number;
}

/** How many lines the summary needs when given at most `maxLines`. */
export function summaryHeight(changes: readonly ObjectChange[], maxLines: number): number {
  return Math.min(changes.length, Math.max(0, maxLines));
}

export function ObjectSummary({ changes, maxLines, width }: Props) {
  const height = summaryHeight(changes, maxLines);
  if (height === 0) return null;
  const shown = changes.length > height ? changes.slice(0, height - 1) : changes;
  const hidden = changes.length - shown.length;
  return (
    <Box flexDirection="column">
      {shown.map((change, i) => {
        const head = `${CHANGE_MARK[change.change]} ${change.change.padEnd(7)} ${describeObject(change)}`;
        const detail = changeDetail(change);
        return (
          <Text key={i} wrap="truncate">
            <Text color={COLOR[change.change]}>{visibleSlice(head, 0, width)}</Text>
            {detail && head.length + 2 < width ? <Text dimColor>{`  ${visibleSlice(detail, 0, width - head.length - 2)}`}</Text> : null}
          </Text>
        );
      })}
      {hidden > 0 ? <Text dimColor>{`… ${hidden} more object change${hidden === 1 ? '' : 's'} (all of them: dbtk diff)`}</Text> : null}
    </Box>
  );
}
