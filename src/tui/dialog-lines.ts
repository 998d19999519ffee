// Lines of the scrollable dialogs (help, preview, run plan, run outcome), computed only while
// one is open. Key handling needs their length to stop scrolling at the end.

import type { AppState } from './app-state.js';
import type { HelpSection } from './keys/resolve.js';
import { line, type Line } from './model/lines.js';
import { migrationTestLines } from './model/migration-test-lines.js';
import { previewLines } from './model/preview-lines.js';
import { dropLines, dryRunLines, verificationLines } from './model/dry-run-lines.js';
import { outcomeLines, planLines } from './model/run-lines.js';
import type { RunState } from './model/run-state.js';
import { fit } from './model/text.js';
import { backupLines, checklistLines } from './model/checklist-lines.js';

export interface DialogLines {
  help: Line[];
  preview: Line[];
  migrationTest: Line[];
  run: Line[];
}

function helpLines(sections: HelpSection[]): Line[] {
  const lines: Line[] = [];
  for (const section of sections) {
    if (lines.length) lines.push(line(''));
    lines.push(line(section.title, 'heading'));
    for (const row of section.rows) lines.push(line(`  ${fit(row.keys, 18)} ${row.label}`));
  }
  return lines;
}

export function dialogLines(input: { state: AppState; run: RunState; width: number }): DialogLines {
  const { state, run } = input;
  const overlay = state.overlay;
  return {
    help: overlay?.type === 'help' ? helpLines(overlay.sections) : [],
    preview: overlay?.type === 'preview' && overlay.result ? previewLines(overlay.result, input.width) : [],
    migrationTest: overlay?.type === 'migration-test' ? migrationTestLines(overlay, input.width) : [],
    run:
      run.phase === 'confirm' && run.plan
        ? [
            ...dryRunLines(run.dryRun, input.width),
            ...checklistLines(run),
            ...dropLines(run.drops, input.width),
            ...planLines(run.plan, input.width),
          ]
        : run.phase === 'done'
          ? [...outcomeLines(run, input.width), ...backupLines(run), ...verificationLines(run.verification, input.width)]
          : [],
  };
}
