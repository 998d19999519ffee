// The safety net in the run dialogs: the pre-run checklist above the plan, and which backup
// the run wrote (or why none) under its outcome.

import { terminalName } from '../../core/shared/terminal-text.js';
import { line, type Line, type LineTone } from './lines.js';
import type { RunState } from './run-state.js';

const MARK: Record<string, [string, LineTone]> = { ok: ['✓', 'success'], warn: ['!', 'warning'], fail: ['✗', 'error'], skip: ['–', 'dim'] };

export function checklistLines(run: RunState): Line[] {
  if (!run.checklist) return [line('Checking: connection, syntax, backup, disk space…', 'dim'), line('')];
  return [
    line('Checks', 'heading'),
    ...run.checklist.map((item) => {
      const [mark, tone] = MARK[item.status];
      return line(`  ${mark} ${item.id.replace('_', ' ').padEnd(10)} ${terminalName(item.message)}`, tone);
    }),
    line(''),
  ];
}

export function backupLines(run: RunState): Line[] {
  const backup = run.result?.backup;
  if (!backup) return [];
  if ('id' in backup) return [line(''), line(`Backup ${backup.id} was written first: the Backups screen (6) restores it.`, 'dim')];
  return [line(''), line(`No backup: ${terminalName(backup.skipped)}.`, 'dim')];
}
