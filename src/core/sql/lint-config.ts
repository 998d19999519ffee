// Where rules are switched off: per project in `.dbtk/config.json` or `dbtk.config.json`
// (`{"lint": {"ignore": ["rule-id"]}}`), per file with a `-- dbtk:ignore rule-id` comment.

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { DbtkError } from '../shared/errors.js';
import { isRuleId } from './rules.js';

const LINT_CONFIG_FILES = ['.dbtk/config.json', 'dbtk.config.json'] as const;

export interface LintConfig {
  /** Rule ids switched off for the whole project. */
  ignore: string[];
  /** The config files that were read. */
  files: string[];
  /** Things worth telling (an unknown rule id), never fatal. */
  warnings: string[];
}

/** Reads the project's lint settings; a file that exists but is not valid JSON is an error. */
export async function readLintConfig(projectRoot: string): Promise<LintConfig> {
  const config: LintConfig = { ignore: [], files: [], warnings: [] };
  for (const name of LINT_CONFIG_FILES) {
    const file = path.join(projectRoot, name);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      continue;
    }
    config.files.push(file);
    addIgnores(config, parseConfig(text, name), name);
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

const DIRECTIVE = /(?:--|#|\/\*)\s*dbtk:ignore\b[:\s]*([^\n*]*)/g;

export interface IgnoreDirectives {
  ids: Set<string>;
  /** Unknown ids, with the line they were on. */
  unknown: { id: string; line: number }[];
}

/** `-- dbtk:ignore rule-a, rule-b -- reason` anywhere in a migration file. */
export function ignoreDirectives(text: string): IgnoreDirectives {
  const result: IgnoreDirectives = { ids: new Set(), unknown: [] };
  if (!text.includes('dbtk:ignore')) return result;
  for (const match of text.matchAll(DIRECTIVE)) {
    const line = text.slice(0, match.index).split('\n').length;
    // Anything after a second `--` is the reason, for people.
    const ids = match[1].split(/\s--|\s#/)[0];
    for (const id of ids.split(/[\s,]+/).filter(Boolean)) {
      if (isRuleId(id)) result.ids.add(id);
      else result.unknown.push({ id, line });
    }
  }
  return result;
}
