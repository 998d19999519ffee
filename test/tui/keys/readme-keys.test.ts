import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { keysMarkdown, withKeysSection } from '../../../src/tui/keys/readme-keys.js';

const README = path.join(import.meta.dirname, '..', '..', '..', 'README.md');

describe("README's key list", () => {
  it('is the one the bindings table makes (else run `npm run docs:keys`)', () => {
    const readme = readFileSync(README, 'utf8');
    expect(readme, 'README.md lists other keys than src/tui/keys/bindings.ts: run `npm run docs:keys`').toBe(withKeysSection(readme));
  });

  it('has a line per scope, the wizard and the schema diff included', () => {
    const lines = keysMarkdown().split('\n');
    expect(lines[0]).toMatch(/^- \*\*Everywhere\*\*: `u` run all pending migrations · /);
    expect(lines).toContainEqual(expect.stringMatching(/^- \*\*Schema diff\*\*: .*`n` next change/));
    expect(lines).toContainEqual(expect.stringMatching(/^- \*\*New migration: preview\*\*: `s` save the migration/));
    expect(keysMarkdown()).toContain('`4`/`D` Schema diff screen');
  });
});
