// The risk of what is about to run, for the preview screen and the u/d confirmations:
// overall level, statement count and estimate, affected objects, then the findings.
// Levels are coloured AND spelled out, so the summary reads the same with NO_COLOR.
// Pure: a function of the preview result (core's assessMigrations / previewProject).

import { Box, Text } from 'ink';
import { formatDurationMs } from '../../core/shared/duration.js';
import type { PreviewResult, RiskFinding } from '../../core/sql/assess.js';
import type { RiskLevel } from '../../core/sql/rules.js';
import { terminalName } from '../../core/shared/terminal-text.js';

export type { PreviewResult, RiskFinding } from '../../core/sql/assess.js';

export interface RiskSummaryProps {
  /** The preview of one or more migrations (assessMigrations or previewProject). */
  result: PreviewResult;
  /** Columns available; lines are cut to it. */
  width?: number;
  /** Lines available (at least 2); findings that do not fit become "… N more". Default: all. */
  maxLines?: number;
  /** Print each finding's fix on a line below it. */
  showFixes?: boolean;
}

const LEVEL_COLORS: Record<RiskLevel | 'none', string> = { high: 'red', medium: 'yellow', low: 'cyan', none: 'green' };
const LEVEL_ORDER: Record<RiskLevel, number> = { high: 0, medium: 1, low: 2 };

/** All findings of the result, worst first, then in file and line order. */
function sortedFindings(result: PreviewResult): RiskFinding[] {
  return result.migrations
    .flatMap((m) => m.findings)
    .sort((a, b) => LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level] || a.file.localeCompare(b.file) || a.line - b.line);
}

/** Lines the summary takes when given at most `maxLines` (for layouts that reserve room). */
export function riskSummaryHeight(result: PreviewResult, maxLines = Infinity, showFixes = false): number {
  const findingLines = sortedFindings(result).length * (showFixes ? 2 : 1);
  return Math.max(2, Math.min(maxLines, 2 + findingLines));
}

function headline(result: PreviewResult): string {
  const { totals } = result;
  const statements = `${totals.statements} statement${totals.statements === 1 ? '' : 's'}`;
  const migrations = totals.migrations === 1 ? '' : ` in ${totals.migrations} migrations`;
  const estimate = totals.estimateMs === null ? '' : ` · ~${formatDurationMs(totals.estimateMs)}`;
  const suppressed = totals.suppressed ? ` · ${totals.suppressed} suppressed` : '';
  return ` · ${statements}${migrations}${estimate}${suppressed}`;
}

function cut(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, Math.max(0, width - 1))}…` : text;
}

function FindingLine({ finding, width, several }: { finding: RiskFinding; width: number; several: boolean }) {
  const level = finding.level.toUpperCase().padEnd(7);
  const where = several ? `${finding.file}:${finding.line}` : `line ${finding.line}`;
  const rest = cut(terminalName(`${finding.rule} (${where}): ${finding.message}`), Math.max(0, width - level.length));
  return (
    <Text wrap="truncate">
      <Text color={LEVEL_COLORS[finding.level]} bold={finding.level === 'high'}>
        {level}
      </Text>
      {rest}
    </Text>
  );
}

export function RiskSummary({ result, width = 80, maxLines = Infinity, showFixes = false }: RiskSummaryProps) {
  const risk = result.totals.risk;
  const findings = sortedFindings(result);
  const several = result.migrations.length > 1;
  const room = Math.max(0, Math.max(2, maxLines) - 2);
  const perFinding = showFixes ? 2 : 1;
  const fits = findings.length * perFinding <= room ? findings.length : Math.max(0, Math.floor((room - 1) / perFinding));
  const hidden = findings.length - fits;
  return (
    <Box flexDirection="column" width={width}>
      <Text wrap="truncate">
        <Text bold>Risk: </Text>
        <Text color={LEVEL_COLORS[risk]} bold>
          {risk.toUpperCase()}
        </Text>
        {cut(headline(result), Math.max(0, width - 6 - risk.length))}
      </Text>
      <Text wrap="truncate">{cut(result.totals.objectsLine, width)}</Text>
      {findings.slice(0, fits).map((finding, i) => (
        <Box key={`${finding.path}:${finding.line}:${finding.rule}:${i}`} flexDirection="column">
          <FindingLine finding={finding} width={width} several={several} />
          {showFixes ? (
            <Text dimColor wrap="truncate">
              {cut(`       Fix: ${finding.fix}`, width)}
            </Text>
          ) : null}
        </Box>
      ))}
      {hidden > 0 ? (
        <Text dimColor wrap="truncate">
          {cut(`… ${hidden} more finding${hidden === 1 ? '' : 's'} (all of them: dbtk preview)`, width)}
        </Text>
      ) : null}
    </Box>
  );
}
