// Making the folder where dbtk keeps its local state (`<project>/.dbtk`, or a named
// connection's `state/`). The first time a project's `.dbtk/` is made, it is kept out of Git,
// as history does: a rule the user removes later stays removed.

import { mkdir } from 'node:fs/promises';
import type { ProjectConfig } from '../config/config.js';
import { ensureStateGitignore } from '../history/gitignore.js';

export async function makeStateDir(config: ProjectConfig): Promise<string> {
  const created = await mkdir(config.stateDir, { recursive: true });
  if (created !== undefined && !config.isNamedConnection) await ensureStateGitignore(config.cwd, config.stateDir).catch(() => undefined);
  return config.stateDir;
}
