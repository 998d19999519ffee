// Subcommands must start fast: nothing they import statically may reach Ink or React (the
// full-screen app is loaded with a dynamic import() only when `dbtk` runs alone in a terminal).

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/project.js';

const STATIC_IMPORT = /^\s*(?:import|export)\s(?!type\b)[^;]*?from\s+['"]([^'"]+)['"]/gm;

function staticPackages(entry: string, seen = new Set<string>(), packages = new Set<string>()): Set<string> {
  if (seen.has(entry)) return packages;
  seen.add(entry);
  for (const [, spec] of readFileSync(entry, 'utf8').matchAll(STATIC_IMPORT)) {
    if (spec.startsWith('.')) {
      const base = path.resolve(path.dirname(entry), spec).replace(/\.js$/, '');
      const file = [`${base}.ts`, `${base}.tsx`].find((f) => {
        try {
          readFileSync(f);
          return true;
        } catch {
          return false;
        }
      });
      if (file) staticPackages(file, seen, packages);
    } else {
      packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);
    }
  }
  return packages;
}

describe('non-interactive commands', () => {
  const cliDir = path.join(REPO_ROOT, 'src', 'cli');
  const entries = [
    path.join(cliDir, 'main.ts'),
    ...readdirSync(path.join(cliDir, 'commands')).map((f) => path.join(cliDir, 'commands', f)),
  ];

  it('the import walk does see Ink where it is used (the full-screen app)', () => {
    expect(staticPackages(path.join(REPO_ROOT, 'src', 'tui', 'run.tsx'))).toContain('ink');
  });

  it.each(entries.map((e) => [path.relative(REPO_ROOT, e), e]))('%s never imports ink or react statically', (_name, entry) => {
    const packages = staticPackages(entry);
    expect([...packages].filter((p) => /^(ink|react)($|-)/.test(p) || p === 'ink-text-input' || p === 'ink-select-input')).toEqual([]);
  });
});
