// What `u` and `d` will run, asked of core at the moment the key is pressed (not taken from
// the possibly older list on screen), with the files' SQL and their risk assessment for the
// confirmation.

import path from 'node:path';
import { readMigrationFile, type MigrationFile } from '../../core/migration-file.js';
import type { PlannedStep } from '../../core/migration-run.js';
import { previewMigrationFiles, type PreviewResult } from '../../core/preview.js';
import type { Project } from '../../core/project.js';

export interface RunPlan {
  steps: PlannedStep[];
  /** The steps' files, for their SQL; a file that is gone is simply absent. */
  files: MigrationFile[];
}

async function readPlannedFiles(project: Project, steps: readonly PlannedStep[]): Promise<MigrationFile[]> {
  const files: MigrationFile[] = [];
  for (const step of steps) {
    for (const dir of project.config.migrationsDirs) {
      const file = await readMigrationFile(path.join(dir, step.file));
      if (!file.problems.some((p) => p.code === 'read_error')) {
        files.push(file);
        break;
      }
    }
  }
  return files;
}

/** Every pending migration, in the order dbmate applies them (what `project.up()` runs). */
export async function planUp(project: Project): Promise<RunPlan> {
  const status = await project.status();
  const steps = status.migrations
    .filter((m) => m.status === 'pending' && m.file)
    .map((m) => ({ version: m.version, name: m.name, file: m.file! }));
  return { steps, files: await readPlannedFiles(project, steps) };
}

/** The last applied migration (throws `nothing_to_rollback` when none is). */
export async function planDown(project: Project): Promise<RunPlan> {
  const steps = await project.planRollback({ steps: 1 });
  return { steps, files: await readPlannedFiles(project, steps) };
}

/** Risk, statements and estimate of the plan's files (never asks the database). */
export function assessPlan(project: Project, files: readonly MigrationFile[], direction: 'up' | 'down'): Promise<PreviewResult> {
  const statuses = new Map(files.map((f) => [f.version, direction === 'up' ? 'pending' as const : 'applied' as const]));
  return previewMigrationFiles(project, files, { down: direction === 'down', statuses });
}
