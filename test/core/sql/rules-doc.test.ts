// docs/rules.md is the one the rule table makes.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rulesMarkdown } from '../../../src/core/sql/rules-doc.js';
import { RISK_RULES } from '../../../src/core/sql/rules.js';

describe('docs/rules.md', () => {
  it('is generated from the rule table (else run `npm run docs:rules`)', () => {
    const doc = readFileSync(path.join(__dirname, '../../../docs/rules.md'), 'utf8');
    expect(doc, 'docs/rules.md differs from the rule table: run `npm run docs:rules`').toBe(rulesMarkdown());
  });

  it('has a section with a bad and a good example for every rule', () => {
    const doc = rulesMarkdown();
    for (const rule of RISK_RULES) {
      expect(doc).toContain(`## ${rule.id}\n`);
      expect(rule.examples.length).toBeGreaterThan(0);
    }
  });
});
