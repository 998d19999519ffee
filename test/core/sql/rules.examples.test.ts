// Every documented example of every rule (the ones docs/rules.md shows): the bad one must make
// its rule fire, the good one must not.

import { describe, expect, it } from 'vitest';
import { parseMigrationContent } from '../../../src/core/migrations/file.js';
import { assessMigrations } from '../../../src/core/sql/assess.js';
import { RISK_RULES } from '../../../src/core/sql/rules.js';
import type { RuleExample } from '../../../src/core/sql/rule-context.js';
import type { ParseMode } from '../../../src/core/sql/analyze.js';

function asFile(sql: string): string {
  return sql.includes('-- migrate:up') ? sql : `-- migrate:up\n${sql}\n\n-- migrate:down\nSELECT 1;\n`;
}

async function rulesFiring(sql: string, example: RuleExample, parse: ParseMode): Promise<string[]> {
  const content = asFile(sql);
  const file = parseMigrationContent('20240102000000_example.sql', '/virtual/20240102000000_example.sql', Buffer.from(content));
  const result = await assessMigrations([file], {
    dialect: example.dialect ?? 'postgres',
    sources: new Map([[file.path, content]]),
    versions: example.versions,
    style: true,
    parse,
  });
  return result.migrations[0].findings.map((f) => f.rule);
}

// As previews read them (every tree built) and as `dbtk lint` does (trees only where rules read them; style needs them all).
const EXAMPLES = RISK_RULES.flatMap((rule) =>
  (rule.category === 'style' ? (['all'] as const) : (['all', 'lint'] as const)).flatMap((parse) =>
    rule.examples.map((example, n) => ({ id: `${rule.id} #${n + 1} (${parse})`, rule: rule.id, example, parse })),
  ),
);

describe('documented rule examples', () => {
  it.each(EXAMPLES)('$id: the bad example fires', async ({ rule, example, parse }) => {
    expect(await rulesFiring(example.bad, example, parse)).toContain(rule);
  });

  it.each(EXAMPLES)('$id: the good example does not', async ({ rule, example, parse }) => {
    expect(await rulesFiring(example.good, example, parse)).not.toContain(rule);
  });
});
