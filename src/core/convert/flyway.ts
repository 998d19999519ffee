// Flyway: versioned `V<version>__<description>.sql` (version parts split by `.` or `_`), undo
// `U<version>__…` (becomes the down section of the same version), repeatable `R__…` and Java
// migrations (no dbmate equivalent: listed, not converted), and a script's `.sql.conf` with
// `executeInTransaction=false` (becomes `transaction:false`).

import { listSourceFolder, readSourceFile, section, sourceFileError, versionParts } from './source-files.js';
import type { ParsedSource, SkippedItem, SourceMigration } from './types.js';

const VERSIONED = /^([VUB])(\d+(?:[._]\d+)*)__(.+)\.sql$/;

/** `1.2.0` → `1.2`: Flyway treats trailing zero parts as equal. */
export function flywayOrderKey(parts: readonly bigint[]): string {
  const trimmed = [...parts];
  while (trimmed.length > 1 && trimmed[trimmed.length - 1] === 0n) trimmed.pop();
  return trimmed.join('.');
}

export async function parseFlyway(dir: string): Promise<ParsedSource> {
  const skipped: SkippedItem[] = [];
  const entries = await listSourceFolder(dir);
  const names = new Set(entries.map((e) => e.name));
  const versioned = new Map<string, { file: string; version: string; parts: bigint[]; description: string }>();
  const undo = new Map<string, string>();
  for (const entry of entries) {
    if (entry.isDirectory) {
      skipped.push({ file: entry.name, reason: 'a folder: not read (convert it separately, or move its migrations up)' });
      continue;
    }
    if (entry.name.endsWith('.sql.conf') && names.has(entry.name.slice(0, -'.conf'.length))) continue; // read with its script
    if (/^R__.+\.sql$/.test(entry.name)) {
      skipped.push({
        file: entry.name,
        reason:
          'a repeatable migration: Flyway re-runs it whenever it changes, dbmate has no such kind (make it a versioned migration, or keep running it outside dbmate)',
      });
      continue;
    }
    if (/\.(java|class|kt|scala|groovy)$/.test(entry.name)) {
      skipped.push({ file: entry.name, reason: 'a Java-based migration: code, not SQL; rewrite it as a SQL migration by hand' });
      continue;
    }
    const match = VERSIONED.exec(entry.name);
    if (!match) {
      skipped.push({ file: entry.name, reason: 'not a Flyway SQL migration (V<version>__<description>.sql)' });
      continue;
    }
    const [, kind, versionText, description] = match;
    const parts = versionParts(versionText)!;
    const key = flywayOrderKey(parts);
    if (kind === 'B') {
      skipped.push({
        file: entry.name,
        reason: `a baseline migration (Flyway Teams) for version ${key}: run on new databases only; dbmate has no such kind`,
      });
      continue;
    }
    const other = kind === 'V' ? versioned.get(key)?.file : undo.get(key);
    if (other)
      throw sourceFileError(
        dir,
        entry.name,
        undefined,
        `version ${key} is used twice (also by ${other})`,
        'Give each migration its own version.',
      );
    if (kind === 'V') versioned.set(key, { file: entry.name, version: versionText.replace(/_/g, '.'), parts, description });
    else undo.set(key, entry.name);
  }
  for (const [key, file] of undo)
    if (!versioned.has(key)) skipped.push({ file, reason: `an undo migration with no versioned migration ${key} to pair with` });
  const migrations: SourceMigration[] = [];
  for (const [key, item] of versioned) {
    const transaction = !(await noTransaction(dir, `${item.file}.conf`, names));
    const upText = await readSourceFile(dir, item.file);
    const undoFile = undo.get(key);
    const downText = undoFile ? await readSourceFile(dir, undoFile) : '';
    const notes = /\$\{[^}]+\}/.test(upText + downText) ? ['uses Flyway ${placeholders}: dbmate does not replace them, edit the SQL'] : [];
    migrations.push({
      sourceVersion: item.version,
      order: item.parts,
      description: item.description,
      files: [item.file, ...(undoFile ? [undoFile] : []), ...(names.has(`${item.file}.conf`) ? [`${item.file}.conf`] : [])],
      up: section([upText], transaction),
      down: section(
        [downText],
        transaction,
        undoFile ? 'the undo migration was empty' : 'Flyway had no undo migration (U…) for this version',
      ),
      notes,
    });
  }
  return { migrations, skipped };
}

/** A script configuration file saying `executeInTransaction=false`. */
async function noTransaction(dir: string, conf: string, names: Set<string>): Promise<boolean> {
  if (!names.has(conf)) return false;
  const text = await readSourceFile(dir, conf);
  return /^\s*executeInTransaction\s*=\s*false\s*$/im.test(text);
}
