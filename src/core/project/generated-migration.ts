// Saving a migration generated from schema drift: named by dbmate, written atomically.

import { rm } from 'node:fs/promises';
import { validateMigrationName } from '../migrations/name.js';
import { generateMigrationFromDiff, migrationFileContent, type GeneratedMigration } from '../schema/generate.js';
import type { SchemaDiff } from '../schema/diff.js';
import { writeFileAtomic } from '../shared/atomic-write.js';
import { DbtkError } from '../shared/errors.js';
import type { Project } from './project.js';

export interface SavedMigration extends GeneratedMigration {
  path: string;
  file: string;
}

/**
 * Creates a migration (through `dbmate new`, so naming follows dbmate) holding the SQL for the
 * drift, written atomically. Refuses when there is nothing to record.
 */
export async function saveMigrationFromDiff(project: Project, diff: SchemaDiff, name: string): Promise<SavedMigration> {
  validateMigrationName(name);
  if (!diff.hasDrift || diff.changes.length === 0) {
    throw new DbtkError(
      'refused',
      diff.hasDrift
        ? 'The drift names no table, column, index or other object, so there is nothing to generate a migration from.'
        : 'There is no drift, so there is nothing to generate a migration from.',
      { hint: 'Run `dbtk diff` to see the differences.' },
    );
  }
  const generated = generateMigrationFromDiff(diff, project.dialect);
  const content = migrationFileContent(generated, diff);
  const created = await (await project.dbmate()).newMigration(name);
  try {
    await writeFileAtomic(created.path, content);
  } catch (error) {
    // The file dbmate just created holds only its template: remove it rather than leave it half-done.
    await rm(created.path, { force: true });
    throw error;
  }
  return { ...generated, ...created };
}
