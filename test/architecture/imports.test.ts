// The import structure of src/: no cycles (type-only imports included), core's domain folders
// layered one way, and core free of the terminal. Read from the sources' own import lines.

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/project.js';

const SRC = path.join(REPO_ROOT, 'src');
/** Core's domains, lowest first: a domain may import only itself and the ones before it. */
const CORE_LAYERS = [
  'shared',
  'config',
  'database',
  'dbmate',
  'scratch',
  'migrations',
  'sql',
  'schema',
  'templates',
  'history',
  'backups',
  'runs',
  'convert',
  'project',
  'analytics',
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

const SPECIFIER = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

/** Every module each file names: relative ones resolved to files, packages by name. */
function importsOf(file: string): { files: string[]; packages: string[] } {
  const text = readFileSync(file, 'utf8');
  const files: string[] = [];
  const packages: string[] = [];
  for (const match of text.matchAll(SPECIFIER)) {
    const spec = match[1] ?? match[2];
    if (!spec.startsWith('.')) {
      packages.push(spec);
      continue;
    }
    const target = path.resolve(path.dirname(file), spec);
    const candidates = [target.replace(/\.js$/, '.ts'), target.replace(/\.js$/, '.tsx')];
    const found = candidates.find((candidate) => graphFiles.has(candidate));
    if (found) files.push(found);
    else throw new Error(`${path.relative(REPO_ROOT, file)} imports ${spec}, which is not a source file`);
  }
  return { files, packages };
}

const graphFiles = new Set(sourceFiles(SRC));
const graph = new Map([...graphFiles].map((file) => [file, importsOf(file)]));
const rel = (file: string) => path.relative(SRC, file);

/** Strongly connected components with more than one file, or a file importing itself. */
function cycles(): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  let counter = 0;
  const visit = (file: string) => {
    index.set(file, counter);
    low.set(file, counter++);
    stack.push(file);
    onStack.add(file);
    for (const next of graph.get(file)!.files) {
      if (!index.has(next)) {
        visit(next);
        low.set(file, Math.min(low.get(file)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(file, Math.min(low.get(file)!, index.get(next)!));
      }
    }
    if (low.get(file) !== index.get(file)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(rel(member));
    } while (member !== file);
    if (component.length > 1 || graph.get(file)!.files.includes(file)) found.push(component.sort());
  };
  for (const file of graph.keys()) if (!index.has(file)) visit(file);
  return found;
}

describe('import structure of src/', () => {
  it('has no import cycle, type-only imports included', () => {
    expect(cycles()).toEqual([]);
  });

  it('keeps src/core in domain folders, nothing at its top level', () => {
    const topLevel = readdirSync(path.join(SRC, 'core'), { withFileTypes: true }).filter((entry) => !entry.isDirectory());
    expect(topLevel.map((entry) => entry.name)).toEqual([]);
    const folders = readdirSync(path.join(SRC, 'core'), { withFileTypes: true }).filter((entry) => entry.isDirectory());
    expect(folders.map((entry) => entry.name).sort()).toEqual([...CORE_LAYERS].sort());
  });

  it('layers core domains one way: each imports only itself and lower domains', () => {
    const wrong: string[] = [];
    for (const [file, { files }] of graph) {
      const [top, domain] = rel(file).split(path.sep);
      if (top !== 'core') continue;
      for (const target of files) {
        const [targetTop, targetDomain] = rel(target).split(path.sep);
        if (targetTop !== 'core') wrong.push(`${rel(file)} -> ${rel(target)} (core imports outside core)`);
        else if (CORE_LAYERS.indexOf(targetDomain) > CORE_LAYERS.indexOf(domain)) wrong.push(`${rel(file)} -> ${rel(target)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('keeps core free of the terminal and the app free of the CLI', () => {
    const wrong: string[] = [];
    for (const [file, { files, packages }] of graph) {
      const top = rel(file).split(path.sep)[0];
      if (top === 'core') {
        for (const name of packages) if (/^(ink|react|ink-.*|chalk|commander)(\/|$)/.test(name)) wrong.push(`${rel(file)} imports ${name}`);
      }
      if (top === 'tui') {
        for (const target of files) if (rel(target).startsWith(`cli${path.sep}`)) wrong.push(`${rel(file)} -> ${rel(target)}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
