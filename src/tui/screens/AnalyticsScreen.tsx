// Analytics: what the history says about the migrations — success rate, timings, per-week
// charts, slowest, outliers and suggestions — as one scrollable pane of text charts.

import { Text } from 'ink';
import { Pane } from '../components/Pane.js';
import type { Line } from '../model/lines.js';

export interface AnalyticsScreenProps {
  lines: readonly Line[] | null;
  error?: string;
  scroll: number;
  width: number;
  height: number;
}

export function AnalyticsScreen({ lines, error, scroll, width, height }: AnalyticsScreenProps) {
  if (error) return <Text color="red" wrap="truncate-end">{`✖ Analytics could not be computed: ${error}`}</Text>;
  if (!lines) return <Text dimColor>{'Reading the history…'}</Text>;
  return <Pane title="Analytics · from dbtk's history" lines={lines} scroll={scroll} height={height} width={width} focused />;
}
