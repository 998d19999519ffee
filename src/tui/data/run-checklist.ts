// The pre-run checklist (connection, what will run, syntax, backup, disk space) of the plan core
// made, for the run confirmation. Core checks that very plan: nothing is planned or read again here.

import type { ChecklistItem } from '../../core/project/checklist.js';
import type { Project } from '../../core/project/project.js';
import type { RunPlan } from '../../core/runs/types.js';

export async function runChecklist(project: Project, plan: RunPlan): Promise<ChecklistItem[]> {
  // Loaded on first use: the checks are not needed for the first frame.
  const { preRunChecklist } = await import('../../core/project/checklist.js');
  return (await preRunChecklist(project, plan)).items;
}
