// A folder of wrapper scripts to put first on PATH: each records its argv (one line per call)
// and the credential variables it was given, then runs the real tool. Tests read the log to
// prove what any `ps` would have shown.

import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';

export interface ArgvShim {
  /** Put this first on PATH. */
  dir: string;
  /** `tool arg arg…` per call, in call order. */
  calls(): string[];
  /** `tool PGPASSWORD=… MYSQL_PWD=…` per call (what reached the environment). */
  envs(): string[];
  /** A wrapper for `real` (a path) that logs like the others, e.g. for dbmate via DBTK_DBMATE. */
  wrap(name: string, real: string): string;
}

function realPath(tool: string): string | undefined {
  try {
    return execFileSync('which', [tool], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

export function makeArgvShim(tools: readonly string[]): ArgvShim {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dbtk-shim-'));
  const log = path.join(dir, 'argv.log');
  const envLog = path.join(dir, 'env.log');
  const wrap = (name: string, real: string) => {
    const script = path.join(dir, name);
    writeFileSync(
      script,
      [
        '#!/bin/sh',
        `printf '%s' "${name}" >> '${log}'`,
        `for a in "$@"; do printf ' %s' "$a" >> '${log}'; done`,
        `printf '\\n' >> '${log}'`,
        `printf '%s PGPASSWORD=%s MYSQL_PWD=%s DATABASE_URL=%s\\n' "${name}" "$PGPASSWORD" "$MYSQL_PWD" "$DATABASE_URL" >> '${envLog}'`,
        `exec '${real}' "$@"`,
        '',
      ].join('\n'),
    );
    chmodSync(script, 0o755);
    return script;
  };
  for (const tool of tools) {
    const real = realPath(tool);
    if (real) wrap(tool, real);
  }
  const read = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : []);
  return { dir, calls: () => read(log), envs: () => read(envLog), wrap };
}
