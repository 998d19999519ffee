// dbmate's naming rule for migration files: `<digits><anything>.sql`, the digits being the
// version. Lives beside the dbmate client because it is dbmate's rule, not dbtk's.

/** dbmate's own rule: only files matching this are migrations. */
export const MIGRATION_FILE_PATTERN = /^(\d+)(.*)\.sql$/;

export interface SplitName {
  version: string;
  name: string;
}

/** Version and name of a migration file name (`20240101_create_users.sql`), or null. */
export function splitMigrationFileName(file: string): SplitName | null {
  const match = MIGRATION_FILE_PATTERN.exec(file);
  if (!match) return null;
  return { version: match[1], name: match[2].replace(/^[_-]+/, '') };
}
