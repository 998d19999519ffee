import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EXPLANATIONS } from '../../../src/core/dbmate/error-explanations.js';
import { ERROR_KINDS } from '../../../src/core/shared/errors.js';

describe('error kinds', () => {
  it('every kind is documented in the README table', () => {
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('### Error kinds'), readme.indexOf('## Terminal app'));
    for (const kind of ERROR_KINDS) expect(section, kind).toContain(`\`${kind}\``);
  });

  it('every database kind has its own message and fix', () => {
    for (const [kind, explanation] of Object.entries(EXPLANATIONS)) {
      expect(explanation.message, kind).toMatch(/\.$/);
      expect(explanation.hint, kind).not.toMatch(/detail below/i);
    }
    const messages = Object.values(EXPLANATIONS).map((e) => e.message);
    expect(new Set(messages).size).toBe(messages.length);
  });
});
