// A run in progress: a progress bar, each step's result as it arrives, and the last lines
// dbmate printed.

import { Box, Text } from 'ink';
import type { Direction } from '../../core/migrations/run.js';
import { stepLine } from '../model/run-lines.js';
import type { StepView } from '../model/run-state.js';
import { ProgressBar } from './ProgressBar.js';
import { TextLines } from './TextLines.js';
import { line } from '../model/lines.js';

export interface RunProgressProps {
  direction: Direction;
  steps: readonly StepView[];
  output: readonly string[];
  interrupting: boolean;
  width: number;
  height: number;
}

export function RunProgress({ direction, steps, output, interrupting, width, height }: RunProgressProps) {
  const finished = steps.filter((s) => s.state === 'done' || s.state === 'failed').length;
  const running = steps.findIndex((s) => s.state === 'running');
  const outputRows = Math.min(output.length, 4);
  const stepRows = Math.max(1, height - 3 - (outputRows ? outputRows + 1 : 0));
  // Keep the running step in view on long runs.
  const first = Math.max(0, Math.min((running === -1 ? finished : running) - Math.floor(stepRows / 2), steps.length - stepRows));
  const title = interrupting
    ? 'Stopping dbmate… (it finishes the current statement first)'
    : direction === 'up'
      ? 'Applying migrations…'
      : 'Rolling back…';
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Text bold color={interrupting ? 'yellow' : 'cyan'} wrap="truncate-end">
        {title}
      </Text>
      <ProgressBar done={finished} total={steps.length} width={width} label={direction === 'up' ? 'applied' : 'rolled back'} />
      <Text> </Text>
      <TextLines lines={steps.map((s) => stepLine(s, direction))} scroll={first} height={stepRows} />
      {outputRows ? <Text> </Text> : null}
      <TextLines lines={output.slice(-outputRows).map((o) => line(o, 'dim'))} scroll={0} height={outputRows} />
    </Box>
  );
}
