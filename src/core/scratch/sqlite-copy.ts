// A SQLite database copied with `VACUUM INTO` (SQLite's own consistent online copy, readable
// while another connection writes) by the sqlite3 command, opened read-only, into a private
// temporary folder. A database file that does not exist yet gives an empty copy (dbmate
// creates it, as it would the real one).

import { existsSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ProjectConfig } from '../config/config.js';
import { sqliteFilePath } from '../database/identity.js';
import { DbtkError } from '../shared/errors.js';
import type { ProcessRunner } from '../shared/process-runner.js';
import { interrupted, type ScratchCopy, type ScratchOptions } from './types.js';

export async function copySqlite(config: ProjectConfig, runner: ProcessRunner, options: ScratchOptions): Promise<ScratchCopy> {
  const source = sqliteFilePath(config.url!, config.cwd);
  const dir = await mkdtemp(path.join(os.tmpdir(), options.empty ? 'dbtk-test-' : 'dbtk-dry-'));
  const file = path.join(dir, path.basename(source));
  const dispose = async () =>
    rm(dir, { recursive: true, force: true }).then(
      () => ({ removed: true }),
      (error: unknown) => ({ removed: false, error: `${dir} could not be deleted (${String(error)}); delete it by hand.` }),
    );
  try {
    let sizeBytes: number | undefined;
    if (!options.empty && existsSync(source)) {
      sizeBytes = statSync(source).size;
      const result = await runner.run({
        command: 'sqlite3',
        args: ['-readonly', '-bail', '-cmd', '.timeout 5000', source, `VACUUM INTO '${file.replace(/'/g, "''")}'`],
        env: { PATH: config.env.PATH },
        cwd: config.cwd,
        signal: options.signal,
      });
      if (result.aborted) throw interrupted();
      if (result.spawnFailed)
        throw new DbtkError('dump_tool_missing', 'The sqlite3 command is not installed, so the database cannot be copied for a dry run.', {
          hint: 'Install it (Debian/Ubuntu: apt-get install sqlite3).',
        });
      if (result.exitCode !== 0)
        throw new DbtkError('io', 'The SQLite database could not be copied for a dry run.', { detail: result.stderr.trim() || undefined });
    }
    return { kind: 'sqlite_file', url: `sqlite:${file}`, label: file, withData: !options.empty, sizeBytes, dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}
