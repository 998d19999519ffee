// golang-migrate: `{version}_{title}.up.sql` and `{version}_{title}.down.sql`, plain SQL with no
// markers; each file runs as one statement batch in a transaction the driver opens, like dbmate.

import { listSourceFolder, readSourceFile, section, sourceFileError } from './source-files.js';
import type { ParsedSource, SkippedItem, SourceMigration } from './types.js';

const FILE = /^(\d+)_(.*)\.(up|down)\.sql$/;

export async function parseGolangMigrate(dir: string): Promise<ParsedSource> {
  const skipped: SkippedItem[] = [];
  const found = new Map<string, { title: string; up?: string; down?: string }>();
  for (const entry of await listSourceFolder(dir)) {
    const match = entry.isDirectory ? null : FILE.exec(entry.name);
    if (!match) {
      skipped.push({
        file: entry.name,
        reason: entry.isDirectory
          ? 'a folder: golang-migrate reads only the files of its folder'
          : 'not a golang-migrate SQL migration ({version}_{title}.up.sql / .down.sql)',
      });
      continue;
    }
    const [, digits, title, direction] = match;
    const version = BigInt(digits).toString();
    const pair = found.get(version) ?? { title };
    if (pair.title !== title || pair[direction as 'up' | 'down'])
      throw sourceFileError(
        dir,
        entry.name,
        undefined,
        `version ${version} is used twice (also by ${pair.up ?? pair.down})`,
        'Give each migration its own version.',
      );
    pair[direction as 'up' | 'down'] = entry.name;
    found.set(version, pair);
  }
  const migrations: SourceMigration[] = [];
  for (const [version, pair] of found) {
    if (!pair.up) {
      skipped.push({ file: pair.down!, reason: `a down migration with no up migration for version ${version}` });
      continue;
    }
    const up = await readSourceFile(dir, pair.up);
    const down = pair.down ? await readSourceFile(dir, pair.down) : '';
    migrations.push({
      sourceVersion: version,
      order: [BigInt(version)],
      description: pair.title,
      files: pair.down ? [pair.up, pair.down] : [pair.up],
      up: section([up]),
      down: section([down], true, pair.down ? 'the down file was empty' : 'golang-migrate had no down file for this version'),
      notes: [],
    });
  }
  return { migrations, skipped };
}
