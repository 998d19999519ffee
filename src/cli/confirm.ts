// Confirmation for destructive commands (down, drop, load). Production connections ask for
// their name to be typed; scripts pass --yes (plus --connection NAME for production).

import { createInterface } from 'node:readline/promises';
import type { ProjectConfig } from '../core/config/config.js';
import { DbtkError } from '../core/shared/errors.js';

export interface ConfirmRequest {
  config: ProjectConfig;
  /** What will happen, one line, e.g. "Roll back 2 migrations on prod". */
  action: string;
  yes?: boolean;
  /** The --connection value the user typed, if any. */
  connectionFlag?: string;
}

async function ask(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return (await rl.question(question)).trim();
  } finally {
    rl.close();
  }
}

/** Resolves when confirmed; throws a `refused` DbtkError otherwise. Nothing has changed then. */
export async function confirmDestructive(request: ConfirmRequest): Promise<void> {
  const { config } = request;
  if (request.yes) {
    if (config.production && request.connectionFlag !== config.connectionName) {
      throw new DbtkError('refused', `"${config.connectionName}" is a production connection: --yes alone is not enough.`, {
        hint: `Pass --yes --connection ${config.connectionName} to confirm in a script.`,
      });
    }
    return;
  }
  if (!process.stdin.isTTY) {
    throw new DbtkError('refused', `${request.action}: refused without confirmation (no terminal to ask in). Nothing was changed.`, {
      hint: config.production
        ? `Pass --yes --connection ${config.connectionName} to confirm in a script.`
        : 'Pass --yes to confirm in a script.',
    });
  }
  if (config.production) {
    const typed = await ask(`${request.action}\nThis is the production connection "${config.connectionName}". Type its name to confirm: `);
    if (typed !== config.connectionName) throw new DbtkError('refused', 'The name did not match. Nothing was changed.');
    return;
  }
  const answer = await ask(`${request.action}\nContinue? [y/N] `);
  if (!/^y(es)?$/i.test(answer)) throw new DbtkError('refused', 'Cancelled. Nothing was changed.');
}
