// Entry of the full-screen app (`dbtk` alone in a terminal): renders App on the alternate
// screen, hands the terminal to the editor when asked, and restores it however the app ends.

import chalk from 'chalk';
import { render } from 'ink';
import { openInEditor } from '../core/shared/editor.js';
import type { Project } from '../core/project/project.js';
import { App } from './App.js';
import { osc52 } from './clipboard.js';
import { PendingWork } from './pending-work.js';
import { colourEnabled, TerminalSession } from './terminal.js';

/** Runs the app until the user quits; returns the exit code. */
export async function runTui(project: Project): Promise<number> {
  const colour = colourEnabled(process.env);
  // Ink colours through chalk's shared instance, which ignores NO_COLOR by itself.
  if (!colour) chalk.level = 0;
  const pendingWork = new PendingWork();
  const terminal = new TerminalSession(process.stdout, process.stdin, undefined, pendingWork);
  terminal.start();
  try {
    const openEditor = (file: string) => terminal.handOver(() => openInEditor(file, project.config.cwd));
    const copyToClipboard = (text: string) => terminal.writeControl(osc52(text, process.env));
    const instance = render(
      <App project={project} colour={colour} openEditor={openEditor} copyToClipboard={copyToClipboard} pendingWork={pendingWork} />,
      {
        stdout: terminal.output as unknown as NodeJS.WriteStream,
        exitOnCtrlC: false,
      },
    );
    await instance.waitUntilExit();
    return 0;
  } finally {
    terminal.stop();
  }
}
