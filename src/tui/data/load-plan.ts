// What `u` and `d` will run, asked of core at the moment the key is pressed (not taken from
// the possibly older list on screen), with the files' SQL and their risk assessment for the
// confirmation.

import type { ChecklistItem } from '../../core/project/checklist.js';
import path from 'node:path';
import { isDbtkError } from '../../core/shared/errors.js';
import { readMigrationFile, type MigrationFile } from '../../core/migrations/file.js';
import type { PlannedStep } from '../../core/migrations/run.js';
import type { PreviewResult } from '../../core/project/preview.js';
import type { Project } from '../../core/project/project.js';

export interface RunPlan {
  steps: PlannedStep[];
  /** The steps' files, for their SQL; a file that is gone is simply absent. */
  files: MigrationFile[];
  /** Said above the plan, e.g. that the database will be created first. */
  note?: string;
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
  let status;
  try {
    status = await project.status();
  } catch (error) {
    // `up` creates a missing database first; then every migration is pending.
    if (!isDbtkError(error, 'database_missing')) throw error;
    const scan = await project.scanMigrations();
    const steps = scan.migrations.map((m) => ({ version: m.version, name: m.name, file: m.file }));
    return { steps, files: scan.migrations, note: 'The database does not exist yet: dbmate creates it, then applies every migration.' };
  }
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

/** Risk, statements and estimate of files about to run up or down (never asks the database). */
export async function assessPlan(project: Project, files: readonly MigrationFile[], direction: 'up' | 'down'): Promise<PreviewResult> {
  // Loaded on first use: the SQL analysis is not needed for the first frame.
  const { previewMigrationFiles } = await import('../../core/project/preview.js');
  return previewMigrationFiles(project, files, { down: direction === 'down', statuses: statusesOf(files, direction) });
}

function statusesOf(files: readonly MigrationFile[], direction: 'up' | 'down'): Map<string, 'pending' | 'applied'> {
  return new Map(files.map((f) => [f.version, direction === 'up' ? 'pending' : 'applied']));
}

/** The pre-run checklist of `u` / `d` as they will run (core plans it again, as the run will). */
export async function runChecklist(project: Project, direction: 'up' | 'down'): Promise<ChecklistItem[]> {
  const { preRunChecklist } = await import('../../core/project/checklist.js');
  const plan = direction === 'up' ? await project.planUp() : await project.planDown({ steps: 1 });
  return (await preRunChecklist(project, plan)).items;
}
