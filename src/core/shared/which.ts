// Finding an executable on a PATH (the one given, not necessarily this process's).

import { access, constants } from 'node:fs/promises';
import path from 'node:path';

/** The full path of `tool` in the first PATH folder that has it executable, or undefined. */
export async function findOnPath(tool: string, env: Record<string, string | undefined>): Promise<string | undefined> {
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, tool);
    if (
      await access(candidate, constants.X_OK).then(
        () => true,
        () => false,
      )
    )
      return candidate;
  }
  return undefined;
}
