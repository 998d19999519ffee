// What each migration file does, as far as the figures care: the kinds of its statements
// (to compare a run with migrations of the same kind) and the statements the optimisation
// suggestions are about. Read with dbtk's SQL classification (sql/analyze.ts), patterns only:
// fast enough for 10,000 files, and the same words `dbtk lint` reads.

import type { MigrationFile } from '../migrations/types.js';
import { analyzeSection } from '../sql/analyze.js';
import { describeChange } from '../sql/change.js';
import type { Dialect } from '../shared/dialect.js';
import type { MigrationProfile } from './types.js';

function profileMigration(file: MigrationFile, dialect: Dialect): MigrationProfile {
  const profile: MigrationProfile = { version: file.version, kinds: [], blockingIndexes: [], updates: [], typeChanges: [] };
  if (!file.up) return profile;
  const section = analyzeSection(file.up, { dialect, direction: 'up', catalog: { schemaKnown: false, tables: new Set() }, parse: 'none' });
  const kinds = new Set(section.statements.map((s) => s.kind));
  profile.kinds = [...kinds].sort();
  for (const statement of section.statements) {
    for (const change of statement.changes) {
      // As the lint rule index-not-concurrent: PostgreSQL, on a table that existed before.
      if (
        section.dialect === 'postgres' &&
        change.object === 'index' &&
        change.action === 'create' &&
        !change.concurrently &&
        change.table &&
        section.existed(change.table, statement.index)
      ) {
        profile.blockingIndexes.push(describeChange(change));
      }
      if (change.object === 'column' && change.typeChange) profile.typeChanges.push(describeChange(change));
    }
    for (const data of statement.data) {
      if (data.action === 'update') profile.updates.push(`update ${data.table}${data.hasWhere ? '' : ' (no WHERE)'}`);
    }
  }
  return profile;
}

/** Profiles of the files whose versions ran (only those matter to the figures). */
export function profileMigrations(
  files: readonly MigrationFile[],
  dialect: Dialect,
  versions: ReadonlySet<string>,
): Map<string, MigrationProfile> {
  const profiles = new Map<string, MigrationProfile>();
  for (const file of files) if (versions.has(file.version)) profiles.set(file.version, profileMigration(file, dialect));
  return profiles;
}

/** The key migrations of the same kind share: their statement kinds, e.g. `create_index` or `add_column+update`. */
export function kindKey(profile: MigrationProfile | undefined): string | undefined {
  return profile?.kinds.length ? profile.kinds.join('+') : undefined;
}
