// Step 6: the file as it will be saved, with what dbmate would object to and what `dbtk lint`
// finds in it, then save (or save and run).

import { Box, Text } from 'ink';
import { parseMigrationContent } from '../../../core/migrations/file.js';
import type { RiskFinding } from '../../../core/sql/assess.js';
import { SqlPreview } from './SqlPreview.js';

export interface PreviewStepProps {
  name: string;
  content: string;
  /** Lint findings of `content` (empty until computed). */
  findings: readonly RiskFinding[];
  top: number;
  width: number;
  height: number;
}

/** At most this many finding rows; the rest are counted on one more. */
const FINDING_ROWS = 3;
const LEVEL_COLOUR: Record<RiskFinding['level'], string> = { high: 'red', medium: 'yellow', low: 'cyan' };

interface FindingRow {
  key: string;
  text: string;
  color?: string;
}

function findingRows(findings: readonly RiskFinding[]): FindingRow[] {
  const shown = findings.length > FINDING_ROWS ? FINDING_ROWS - 1 : FINDING_ROWS;
  const rows = findings.slice(0, shown).map((f, i): FindingRow => ({
    key: `${f.rule}-${i}`,
    text: `${f.level.toUpperCase()} ${f.rule} line ${f.line}: ${f.message}`,
    color: LEVEL_COLOUR[f.level],
  }));
  if (findings.length > shown) rows.push({ key: 'more', text: `… ${findings.length - shown} more findings (dbtk lint after saving)` });
  return rows;
}

export function PreviewStep({ name, content, findings, top, width, height }: PreviewStepProps) {
  const problems = parseMigrationContent(`00000000000000_${name}.sql`, '', Buffer.from(content)).problems;
  const risks = findingRows(findings);
  const total = content.replace(/\n$/, '').split('\n').length;
  const bodyHeight = Math.max(1, height - 1 - problems.length - risks.length);
  return (
    <Box flexDirection="column">
      <Text
        dimColor
        wrap="truncate-end"
      >{`db/migrations/<timestamp>_${name}.sql · lines ${Math.min(total, top + 1)}–${Math.min(total, top + bodyHeight)} of ${total}`}</Text>
      {problems.map((p) => (
        <Text
          key={p.code}
          color={p.severity === 'error' ? 'red' : 'yellow'}
          wrap="truncate-end"
        >{`${p.severity === 'error' ? '✖' : '⚠'} ${p.message}`}</Text>
      ))}
      {risks.map((r) => (
        <Text key={r.key} color={r.color} dimColor={!r.color} wrap="truncate-end">
          {r.text}
        </Text>
      ))}
      <SqlPreview sql={content} top={top} height={bodyHeight} width={width} />
    </Box>
  );
}
