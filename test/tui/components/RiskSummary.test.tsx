import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { parseMigrationContent } from '../../../src/core/migrations/file.js';
import { assessMigrations, type PreviewResult } from '../../../src/core/sql/assess.js';
import { RiskSummary, riskSummaryHeight } from '../../../src/tui/components/RiskSummary.js';

async function preview(files: Record<string, string>, pastRuns: { version: string; durationMs: number }[] = []): Promise<PreviewResult> {
  const migrations = Object.entries(files).map(([name, content]) => parseMigrationContent(name, `/virtual/${name}`, Buffer.from(content)));
  return assessMigrations(migrations, {
    dialect: 'postgres',
    sources: new Map(migrations.map((m, i) => [m.path, Object.values(files)[i]])),
    pastRuns,
  });
}

const RISKY =
  '-- migrate:up\nALTER TABLE users ADD COLUMN age int NOT NULL;\nCREATE INDEX users_age ON users (age);\nUPDATE users SET x = 1;\n-- migrate:down\nALTER TABLE users DROP COLUMN age;\n';
const SAFE = '-- migrate:up\nCREATE TABLE tags (id int);\n-- migrate:down\nDROP TABLE tags;\n';

describe('RiskSummary', () => {
  it('shows level in words, statements, objects and each finding with its rule and line', async () => {
    const result = await preview({ '2_risky.sql': RISKY }, [{ version: '2', durationMs: 12 }]);
    const { lastFrame } = render(<RiskSummary result={result} width={100} />);
    const frame = lastFrame()!;
    expect(frame).toContain('Risk: HIGH · 3 statements · ~12ms');
    expect(frame).toContain('Tables: ~1, Columns: +1, Indexes: +1, Data: update users');
    expect(frame).toMatch(/HIGH +not-null-without-default \(line 2\): adds NOT NULL column users\.age/);
    expect(frame).toMatch(/HIGH +update-without-where \(line 4\)/);
    expect(frame).toMatch(/MEDIUM +index-not-concurrent \(line 3\)/);
    expect(frame).toMatch(/LOW +mixed-data-and-schema/);
    // Worst first.
    expect(frame.indexOf('update-without-where')).toBeLessThan(frame.indexOf('index-not-concurrent'));
  });

  it('names the file of each finding when several migrations are shown, and says NONE when safe', async () => {
    const result = await preview({ '1_safe.sql': SAFE, '2_risky.sql': RISKY });
    const frame = render(<RiskSummary result={result} width={120} />).lastFrame()!;
    expect(frame).toContain('Risk: HIGH · 4 statements in 2 migrations');
    expect(frame).toContain('not-null-without-default (2_risky.sql:2)');
    const safe = render(<RiskSummary result={await preview({ '1_safe.sql': SAFE })} />).lastFrame()!;
    expect(safe).toContain('Risk: NONE · 1 statement');
    expect(safe).toContain('Tables: +1');
  });

  it('fits the lines it is given and says how many findings did not fit', async () => {
    const result = await preview({ '2_risky.sql': RISKY });
    const frame = render(<RiskSummary result={result} width={80} maxLines={4} />).lastFrame()!;
    expect(frame.split('\n')).toHaveLength(4);
    expect(frame).toContain('… 4 more findings (all of them: dbtk preview)');
    expect(riskSummaryHeight(result, 4)).toBe(4);
    expect(riskSummaryHeight(result)).toBe(2 + 5);
  });

  it('cuts long lines to the width instead of wrapping', async () => {
    const result = await preview({ '2_risky.sql': RISKY });
    const frame = render(<RiskSummary result={result} width={40} showFixes />).lastFrame()!;
    for (const line of frame.split('\n')) expect(line.length).toBeLessThanOrEqual(40);
    expect(frame).toContain('Fix: ');
  });
});
