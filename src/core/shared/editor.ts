// Opens a file in the user's editor: $VISUAL, then $EDITOR (a shell command, as git runs
// it), then vi, then nano (servers over SSH often have neither variable set).

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

/**
 * How to start the editor on `file`. A configured $VISUAL/$EDITOR is a shell command, as git
 * reads it: `sh -c '$EDITOR "$@"' $EDITOR FILE`, so `code --wait`, `"/opt/My Editor/ed" -w`
 * and `vim -c 'set tw=72'` all work, and the file name is passed as an argument, never parsed.
 */
function editorInvocation(
  file: string,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): { command: string; args: string[]; shown: string } {
  const configured = env.VISUAL?.trim() || env.EDITOR?.trim();
  if (configured) {
    // Windows has no sh: the command is split at spaces (quoting is not supported there).
    if (platform === 'win32') {
      const [command, ...args] = configured.split(/\s+/);
      return { command, args: [...args, file], shown: configured };
    }
    return { command: 'sh', args: ['-c', `${configured} "$@"`, configured, file], shown: configured };
  }
  for (const fallback of ['vi', 'nano']) if (onPath(fallback, env)) return { command: fallback, args: [file], shown: fallback };
  throw new DbtkError('not_found', 'No editor found: $VISUAL and $EDITOR are not set and neither vi nor nano is installed.', {
    hint: 'Set EDITOR, for example `export EDITOR=nano`.',
  });
}

export async function openInEditor(file: string, cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const { command, args, shown } = editorInvocation(file, env);
  const code = await runInteractive(command, args, cwd, env);
  if (code !== 0)
    throw new DbtkError('unknown', `The editor (${shown}) exited with code ${code}.`, {
      hint: code === 127 ? 'The shell could not find that command: check $VISUAL / $EDITOR.' : 'The file was saved as the editor left it.',
    });
}
