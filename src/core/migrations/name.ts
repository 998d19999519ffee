// Migration names: snake_case so file names stay portable and sortable.

import { DbtkError } from '../shared/errors.js';

const MIGRATION_NAME_PATTERN = /^[a-z][a-z0-9_]{0,99}$/;

export function migrationNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'a name is required';
  if (name.length > 100) return 'at most 100 characters';
  if (!MIGRATION_NAME_PATTERN.test(name))
    return 'use lowercase letters, digits and underscores, starting with a letter (e.g. add_email_to_users)';
  return undefined;
}

export function validateMigrationName(name: string): void {
  const problem = migrationNameProblem(name);
  if (problem)
    throw new DbtkError('usage', `"${name}" is not a valid migration name: ${problem}.`, { hint: 'Example: dbtk new create_users' });
}
