// `dbtk lint --fix [--dry-run]`: shows the planned fixes as a unified diff and, unless it is a dry
// run, writes them (each file atomically; a follow-up migration only where no file exists).

import { existsSync } from 'node:fs';
import path from 'node:path';
import { createTwoFilesPatch } from 'diff';
import type { Dialect } from '../core/shared/dialect.js';
import { writeFileAtomic } from '../core/shared/atomic-write.js';
import { terminalText } from '../core/shared/terminal-text.js';
import { planLintFixes } from '../core/sql/fix.js';
import type { LintResult } from '../core/sql/lint.js';
import { style, writeError, writeLine } from './output.js';
import { plural } from './risk-format.js';

interface FixOptions {
  cwd: string;
  dialect: Dialect;
  dryRun: boolean;
  /** Machine-readable formats keep stdout for the report: the diff goes to stderr. */
  toStderr: boolean;
}

function colourDiff(patch: string): string {
  return patch
    .split('\n')
    .map((line) =>
      line.startsWith('+') && !line.startsWith('+++')
        ? style.green(line)
        : line.startsWith('-') && !line.startsWith('---')
          ? style.red(line)
          : line.startsWith('@@')
            ? style.cyan(line)
            : line,
    )
    .join('\n');
}

/** Plans, shows and (unless a dry run) writes the fixes; true when files were written. */
export async function fixFindings(result: LintResult, options: FixOptions): Promise<boolean> {
  const print = options.toStderr ? writeError : writeLine;
  const plan = await planLintFixes(result, { dialect: options.dialect, takenVersions: new Set(result.files.map((f) => f.version)) });
  for (const file of plan.files) {
    const rel = path.relative(options.cwd, file.path);
    const patch = createTwoFilesPatch(file.created ? '/dev/null' : `a/${rel}`, `b/${rel}`, file.before, file.after, '', '', { context: 2 });
    print(colourDiff(terminalText(patch)));
  }
  for (const { finding, reason } of plan.skipped) {
    print(style.yellow(`not fixed: ${path.relative(options.cwd, finding.path)}:${finding.line} ${finding.rule}: ${reason}`));
  }
  const fixes = plan.files.reduce((n, f) => n + f.fixes.length, 0);
  if (!plan.files.length) {
    print('Nothing to fix mechanically.');
    return false;
  }
  if (options.dryRun) {
    print(style.bold(`Dry run: ${plural(fixes, 'fix', 'fixes')} in ${plural(plan.files.length, 'file')} shown above; nothing written.`));
    return false;
  }
  for (const file of plan.files) {
    // A follow-up migration never replaces a file that appeared meanwhile.
    if (file.created && existsSync(file.path)) continue;
    await writeFileAtomic(file.path, file.after);
  }
  print(style.bold(`Fixed: ${plural(fixes, 'fix', 'fixes')} written to ${plural(plan.files.length, 'file')}. Lint again:`));
  return true;
}
