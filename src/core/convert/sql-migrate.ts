// sql-migrate: every `.sql` file of the folder, with `-- +migrate Up` / `Down` (optionally
// `notransaction`) and `StatementBegin` / `StatementEnd`. Its history names a migration by its
// file name; the version dbmate needs comes from the number the name starts with.

import { parseAnnotatedSql, type AnnotatedDialect } from './annotated-sql.js';
import { claimVersion, listSourceFolder, readSourceFile, sourceFileError } from './source-files.js';
import type { ParsedSource, SkippedItem, SourceMigration } from './types.js';

const SQL_MIGRATE: AnnotatedDialect = { prefix: '+migrate', tool: 'sql-migrate', sectionOptions: ['notransaction'] };

export async function parseSqlMigrate(dir: string): Promise<ParsedSource> {
  const skipped: SkippedItem[] = [];
  const migrations: SourceMigration[] = [];
  const seen = new Map<string, string>();
  for (const entry of await listSourceFolder(dir)) {
    if (entry.isDirectory || !entry.name.endsWith('.sql')) {
      skipped.push({
        file: entry.name,
        reason: entry.isDirectory ? 'a folder: sql-migrate reads only the files of its folder' : 'not a .sql file',
      });
      continue;
    }
    const match = /^(\d+)[-_]?(.*)\.sql$/.exec(entry.name);
    if (!match)
      throw sourceFileError(
        dir,
        entry.name,
        undefined,
        'the name does not start with a number, so it has no version dbmate can use',
        'Rename it with a number that keeps its place in the order (e.g. 3_add_index.sql).',
      );
    const [, digits, name] = match;
    const version = claimVersion(seen, digits, dir, entry.name, 'Give each migration its own number.');
    const parsed = parseAnnotatedSql(dir, entry.name, await readSourceFile(dir, entry.name), SQL_MIGRATE);
    migrations.push({
      sourceVersion: entry.name,
      order: [BigInt(version)],
      description: name || 'migration',
      files: [entry.name],
      ...parsed,
      notes: [],
    });
  }
  return { migrations, skipped };
}
