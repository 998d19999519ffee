// Text of the `p` preview below its risk summary: per migration, the statements that will
// run (line, what each does), what is affected, and warnings about the file.

import { formatDurationMs } from '../../core/shared/duration.js';
import type { PreviewResult } from '../../core/project/preview.js';
import { line, wrapped, type Line } from './lines.js';
import { plural } from './text.js';

export function previewLines(result: PreviewResult, width: number): Line[] {
  const lines: Line[] = [];
  for (const migration of result.migrations) {
    const estimate = migration.estimate ? ` · ~${formatDurationMs(migration.estimate.ms)}` : '';
    const transaction = migration.transaction ? 'in a transaction' : 'not in a transaction';
    lines.push(
      line(
        `-- migrate:${migration.direction} · ${plural(migration.statements.length, 'statement')} · ${transaction}${estimate}`,
        'heading',
      ),
    );
    if (migration.objectsLine) lines.push(...wrapped(migration.objectsLine, 'dim', width));
    for (const warning of migration.warnings) lines.push(...wrapped(`⚠ ${warning}`, 'warning', width));
    for (const problem of migration.problems)
      lines.push(
        ...wrapped(
          `${problem.severity === 'error' ? '✖' : '⚠'} ${problem.message}`,
          problem.severity === 'error' ? 'error' : 'warning',
          width,
        ),
      );
    if (migration.statements.length === 0) lines.push(line('(no statements: running it changes nothing)', 'dim'));
    for (const statement of migration.statements) {
      lines.push(line(`${String(statement.index + 1).padStart(3)}. line ${statement.line}  ${statement.summary}`));
      if (statement.noTransaction) lines.push(...wrapped(`       ⚠ ${statement.noTransaction}`, 'warning', width));
      if (statement.parseError) lines.push(...wrapped(`       ⚠ not understood by the parser: ${statement.parseError}`, 'dim', width));
    }
    lines.push(line(''));
  }
  return lines;
}
