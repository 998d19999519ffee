// Opens a file in the user's editor: $VISUAL, then $EDITOR, then vi, then nano (servers over
// SSH often have neither variable set).

import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { DbtkError } from './errors.js';
import { runInteractive } from './process-runner.js';

function onPath(name: string, env: NodeJS.ProcessEnv): boolean {
  return (env.PATH ?? '').split(path.delimiter).some((dir) => {
    try {
      accessSync(path.join(dir, name), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** The editor command split into program and arguments (`code --wait` is allowed). */
function resolveEditor(env: NodeJS.ProcessEnv = process.env): { command: string; args: string[] } {
  const configured = env.VISUAL?.trim() || env.EDITOR?.trim();
  if (configured) {
    const [command, ...args] = configured.split(/\s+/);
    return { command, args };
  }
  for (const fallback of ['vi', 'nano']) if (onPath(fallback, env)) return { command: fallback, args: [] };
  throw new DbtkError('not_found', 'No editor found: $VISUAL and $EDITOR are not set and neither vi nor nano is installed.', {
    hint: 'Set EDITOR, for example `export EDITOR=nano`.',
  });
}

export async function openInEditor(file: string, cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const { command, args } = resolveEditor(env);
  const code = await runInteractive(command, [...args, file], cwd);
  if (code !== 0)
    throw new DbtkError('unknown', `The editor (${command}) exited with code ${code}.`, {
      hint: 'The file was saved as the editor left it.',
    });
}
