// `y` on an error: its full report (file, statement, the database's words and code, versions,
// redacted URL) goes to the clipboard through the terminal (OSC 52), and always to
// .dbtk/last-error.txt as well, since no terminal says whether it honoured OSC 52.

import path from 'node:path';
import type { Dispatch } from 'react';
import { errorReport, writeLastErrorReport } from '../../core/project/error-report.js';
import type { Project } from '../../core/project/project.js';
import { serializeError } from '../../core/shared/errors.js';
import type { AppAction } from '../app-state.js';
import type { CopiedError } from '../model/shown-error.js';

export interface CopyErrorDeps {
  project: Project;
  dispatch: Dispatch<AppAction>;
  /** Writes to the terminal (the OSC 52 sequence); tests record it. */
  copyToClipboard(text: string): void;
  dbmateVersion?: string;
}

function shown(project: Project, file: string): string {
  const relative = path.relative(project.config.cwd, file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}

export async function copyErrorReport(deps: CopyErrorDeps, copied: CopiedError): Promise<void> {
  const { project, dispatch } = deps;
  const text = errorReport(project.config, {
    ...copied,
    action: copied.action && `${copied.action} in the dbtk app`,
    dbmateVersion: deps.dbmateVersion,
  });
  deps.copyToClipboard(text);
  try {
    const file = await writeLastErrorReport(project.config, text);
    dispatch({
      type: 'notice',
      notice: {
        tone: 'success',
        text: `Error copied to the clipboard (OSC 52, if the terminal allows it) and saved in ${shown(project, file)}.`,
      },
    });
  } catch (error) {
    const failure = serializeError(error);
    dispatch({
      type: 'notice',
      notice: { tone: 'error', text: `Error copied to the clipboard (OSC 52), but not saved: ${failure.message}`, hint: failure.hint },
    });
  }
}
