// Risk, statements and estimate of migration files about to run up or down, for the run
// confirmation and the preview (`p`). Never asks the database; plans themselves come from core
// (project.planUp / planDown), never from here.

import type { MigrationFile } from '../../core/migrations/file.js';
import type { PreviewResult } from '../../core/project/preview.js';
import type { Project } from '../../core/project/project.js';

export async function assessRisk(project: Project, files: readonly MigrationFile[], direction: 'up' | 'down'): Promise<PreviewResult> {
  // Loaded on first use: the SQL analysis is not needed for the first frame.
  const { previewMigrationFiles } = await import('../../core/project/preview.js');
  const statuses = new Map(files.map((f) => [f.version, direction === 'up' ? ('pending' as const) : ('applied' as const)]));
  return previewMigrationFiles(project, files, { down: direction === 'down', statuses });
}
