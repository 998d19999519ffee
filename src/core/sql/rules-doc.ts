// docs/rules.md, made from the rule table: each rule's id, level, dialects, why, fix and its
// bad and good examples. `npm run docs:rules` writes it; a test fails while it is out of date.

import { dialectLabel } from '../shared/dialect.js';
import { RISK_RULES, type RiskRule } from './rules.js';

function dialects(rule: RiskRule): string {
  return rule.dialects === 'all' ? 'all' : rule.dialects.map((d) => dialectLabel(d)).join(', ');
}

function sqlBlock(sql: string): string[] {
  return ['```sql', sql.trimEnd(), '```'];
}

function ruleSection(rule: RiskRule): string[] {
  const lines = [
    `## ${rule.id}`,
    '',
    `**${rule.level}**${rule.category === 'style' ? ' · style (opt-in)' : ''} · dialects: ${dialects(rule)}`,
    '',
  ];
  lines.push(rule.message, '', `**Fix:** ${rule.fix}`);
  rule.examples.forEach((example, n) => {
    const where = [
      example.dialect ? dialectLabel(example.dialect) : '',
      example.versions?.postgres ? `PostgreSQL ${example.versions.postgres}` : '',
      example.versions?.mysql ? `MySQL ${example.versions.mysql.toFixed(1)}` : '',
      example.versions?.mariadb ? `MariaDB ${example.versions.mariadb}` : '',
    ]
      .filter(Boolean)
      .join(', ');
    const suffix = rule.examples.length > 1 ? ` ${n + 1}` : '';
    lines.push(
      '',
      `Bad${suffix}${where ? ` (${where})` : ''}:`,
      '',
      ...sqlBlock(example.bad),
      '',
      `Good${suffix}:`,
      '',
      ...sqlBlock(example.good),
    );
  });
  return [...lines, ''];
}

export function rulesMarkdown(): string {
  const risk = RISK_RULES.filter((r) => r.category === 'risk');
  const style = RISK_RULES.filter((r) => r.category === 'style');
  const row = (r: RiskRule) => `| [\`${r.id}\`](#${r.id}) | ${r.level} | ${dialects(r)} |`;
  return [
    '# dbtk lint rules',
    '',
    '<!-- Generated from src/core/sql/rules*.ts by `npm run docs:rules`; do not edit by hand. -->',
    '',
    'Each rule has a stable id (use it in `-- dbtk:ignore RULE reason`, `-- dbtk:ignore-file RULE` and the',
    "config's `lint.ignore`), a level (`--fail-on` picks which levels fail the lint), the dialects it checks,",
    'why it matters, its fix, and examples that the test suite runs: every bad one must fire, every good one must not.',
    'Examples are the up section of a migration unless they show a whole file.',
    '',
    '| Rule | Level | Dialects |',
    '| --- | --- | --- |',
    ...risk.map(row),
    '',
    'Style advice, off unless the project turns it on with `{"lint": {"style": true}}`:',
    '',
    '| Rule | Level | Dialects |',
    '| --- | --- | --- |',
    ...style.map(row),
    '',
    ...RISK_RULES.flatMap(ruleSection),
  ].join('\n');
}
