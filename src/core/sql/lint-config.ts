// Lint settings: per project in `.dbtk/config.json` or `dbtk.config.json` (`{"lint": {"ignore":
// ["rule-id"], "style": true, "postgres": "16", "mysql": "8.0"}}`,
// or `"mariadb": "10.11"` for MariaDB), and the `-- dbtk:ignore`
// comments of migration files (per statement, or per file with `dbtk:ignore-file`).

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { DbtkError } from '../shared/errors.js';
import type { TargetVersions } from './rule-context.js';
import { isRuleId } from './rules.js';

const LINT_CONFIG_FILES = ['.dbtk/config.json', 'dbtk.config.json'] as const;

export interface LintConfig {
  /** Rule ids switched off for the whole project. */
  ignore: string[];
  /** Style advice (`category: style` rules) turned on. */
  style: boolean;
  /** Server versions the migrations must run on (majors: 16, 8.0), when set. */
  versions: TargetVersions;
  /** The config files that were read. */
  files: string[];
  /** Things worth telling (an unknown rule id), never fatal. */
  warnings: string[];
}

/** Reads the project's lint settings; a file that exists but is not valid JSON is an error. */
export async function readLintConfig(projectRoot: string): Promise<LintConfig> {
  const config: LintConfig = { ignore: [], style: false, versions: {}, files: [], warnings: [] };
  for (const name of LINT_CONFIG_FILES) {
    const file = path.join(projectRoot, name);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      continue;
    }
    config.files.push(file);
    const parsed = parseConfig(text, name);
    addIgnores(config, parsed, name);
    addSettings(config, parsed, name);
  }
  return config;
}

function parseConfig(text: string, name: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new DbtkError('config', `${name} is not valid JSON: ${(error as Error).message}`, {
      hint: 'Fix the file; lint settings look like {"lint": {"ignore": ["drop-table"]}}.',
      file: name,
    });
  }
}

function addSettings(config: LintConfig, parsed: unknown, name: string): void {
  const lint = (parsed as { lint?: Record<string, unknown> | null } | null)?.lint;
  if (!lint) return;
  if (lint.style !== undefined) {
    if (typeof lint.style !== 'boolean')
      throw new DbtkError('config', `${name}: "lint.style" must be true or false.`, {
        hint: 'For example {"lint": {"style": true}}.',
        file: name,
      });
    config.style = lint.style;
  }
  for (const server of ['postgres', 'mysql'] as const) {
    const value = lint[server];
    if (value === undefined) continue;
    const version = typeof value === 'number' ? value : typeof value === 'string' ? parseVersion(value) : NaN;
    if (!Number.isFinite(version) || version <= 0)
      throw new DbtkError(
        'config',
        `${name}: "lint.${server}" must be a server version such as ${server === 'postgres' ? '"16"' : '"8.0"'}.`,
        {
          hint: `The oldest ${server === 'postgres' ? 'PostgreSQL' : 'MySQL'} version your migrations must run on; rules that depend on it use it.`,
          file: name,
        },
      );
    config.versions[server] = version;
  }
  if (lint.mariadb !== undefined) {
    const match = /(\d+)\.(\d+)/.exec(typeof lint.mariadb === 'string' || typeof lint.mariadb === 'number' ? String(lint.mariadb) : '');
    if (!match)
      throw new DbtkError('config', `${name}: "lint.mariadb" must be a MariaDB version such as "10.11".`, {
        hint: 'The oldest MariaDB version your migrations must run on (write it as a string: 10.10 and 10.1 differ).',
        file: name,
      });
    config.versions.mariadb = `${Number(match[1])}.${Number(match[2])}`;
  }
}

/** `16`, `16.2`, `8.0.36`, `PostgreSQL 15.4` → 16, 16, 8, 15 for PostgreSQL majors; MySQL keeps one decimal (8.0). */
function parseVersion(text: string): number {
  const match = /(\d+)(?:\.(\d+))?/.exec(text);
  if (!match) return NaN;
  return Number(match[1]) >= 10 ? Number(match[1]) : Number(`${match[1]}.${match[2] ?? 0}`);
}

function addIgnores(config: LintConfig, parsed: unknown, name: string): void {
  const lint = (parsed as { lint?: { ignore?: unknown } | null } | null)?.lint;
  const ignore = lint?.ignore;
  if (ignore === undefined) return;
  if (!Array.isArray(ignore) || !ignore.every((id): id is string => typeof id === 'string')) {
    throw new DbtkError('config', `${name}: "lint.ignore" must be a list of rule ids.`, {
      hint: 'For example {"lint": {"ignore": ["drop-table", "rename-column"]}}; `dbtk lint --rules` lists the ids.',
      file: name,
    });
  }
  for (const id of ignore) {
    if (!isRuleId(id)) config.warnings.push(`${name}: unknown rule "${id}" in lint.ignore (see \`dbtk lint --rules\`)`);
    else if (!config.ignore.includes(id)) config.ignore.push(id);
  }
}

const DIRECTIVE = /(?:--|#|\/\*)\s*dbtk:ignore(-file)?\b[:\s]*([^\n*]*)/g;

/** One `dbtk:ignore` comment: the rules it names, and where it applies. */
export interface IgnoreDirective {
  line: number;
  ids: string[];
  /** `dbtk:ignore-file`, or a `dbtk:ignore` above the first `-- migrate:` line: the whole file. */
  fileWide: boolean;
}

export interface IgnoreDirectives {
  directives: IgnoreDirective[];
  /** Unknown ids, with the line they were on. */
  unknown: { id: string; line: number }[];
}

/**
 * `-- dbtk:ignore rule-a,rule-b reason` (the statement below it), `-- dbtk:ignore-file rule-a`
 * (the whole file). Ids come first, separated by commas or spaces; the first word that is not a
 * rule id starts the reason (an older `-- reason` works too).
 */
export function ignoreDirectives(text: string, firstSectionLine = Infinity): IgnoreDirectives {
  const result: IgnoreDirectives = { directives: [], unknown: [] };
  if (!text.includes('dbtk:ignore')) return result;
  for (const match of text.matchAll(DIRECTIVE)) {
    const line = text.slice(0, match.index).split('\n').length;
    const directive: IgnoreDirective = { line, ids: [], fileWide: Boolean(match[1]) || line < firstSectionLine };
    const words = match[2]
      .split(/\s--|\s#/)[0]
      .trim()
      .split(/\s+/)
      .filter(Boolean);
    let expectMore = true;
    for (const word of words) {
      const parts = word.split(',').filter(Boolean);
      // After the first word, only words made of known ids (or following a trailing comma) are ids.
      if (!expectMore && !parts.every(isRuleId)) break;
      expectMore = word.endsWith(',');
      for (const id of parts) {
        if (isRuleId(id)) directive.ids.push(id);
        else result.unknown.push({ id, line });
      }
    }
    result.directives.push(directive);
  }
  return result;
}
