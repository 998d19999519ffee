// Prisma Migrate: `<timestamp>_<name>/migration.sql` folders (up only; Prisma has no down
// migrations) and `migration_lock.toml`.

import { listSourceFolder, readSourceFile, section } from './source-files.js';
import type { ParsedSource, SkippedItem, SourceMigration } from './types.js';
import { readdir } from 'node:fs/promises';
import path from 'node:path';

const FOLDER = /^(\d+)_(.+)$/;

export async function parsePrisma(dir: string): Promise<ParsedSource> {
  const skipped: SkippedItem[] = [];
  const migrations: SourceMigration[] = [];
  for (const entry of await listSourceFolder(dir)) {
    const match = entry.isDirectory ? FOLDER.exec(entry.name) : null;
    if (!match) {
      skipped.push({
        file: entry.name,
        reason:
          entry.name === 'migration_lock.toml'
            ? 'Prisma’s lock file (the provider), not a migration'
            : 'not a Prisma migration folder (<timestamp>_<name>/migration.sql)',
      });
      continue;
    }
    const files = (await readdir(path.join(dir, entry.name))).sort();
    for (const file of files.filter((f) => f !== 'migration.sql'))
      skipped.push({ file: `${entry.name}/${file}`, reason: 'not migration.sql: Prisma does not run it' });
    if (!files.includes('migration.sql')) {
      skipped.push({ file: entry.name, reason: 'a migration folder with no migration.sql' });
      continue;
    }
    const up = await readSourceFile(dir, `${entry.name}/migration.sql`);
    migrations.push({
      sourceVersion: entry.name,
      order: [BigInt(match[1])],
      description: match[2],
      files: [`${entry.name}/migration.sql`],
      up: section([up]),
      down: section([], true, 'Prisma Migrate has no down migrations: write one here if you need rollbacks'),
      notes: [],
    });
  }
  return { migrations, skipped };
}
