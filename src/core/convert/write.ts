// Writing a conversion plan's files into a dbmate migrations folder: refused as a whole when
// any file or version is already there (nothing is ever overwritten), each file written
// atomically and never over an existing one.

import { mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { splitMigrationFileName } from '../dbmate/file-name.js';
import { writeFileAtomic } from '../shared/atomic-write.js';
import { DbtkError } from '../shared/errors.js';
import type { ConversionPlan } from './types.js';

export interface ConversionClash {
  file: string;
  /** The file already in the folder that it clashes with. */
  existing: string;
}

/** Files of the plan that clash with the folder's: the same name, or the same version. */
export async function conversionClashes(plan: ConversionPlan, outDir: string): Promise<ConversionClash[]> {
  const existing = await readdir(outDir).catch(() => [] as string[]);
  const byVersion = new Map(
    existing.flatMap((file) => {
      const split = splitMigrationFileName(file);
      return split ? [[split.version, file] as const] : [];
    }),
  );
  const names = new Set(existing);
  return plan.migrations.flatMap((m) => {
    if (names.has(m.file)) return [{ file: m.file, existing: m.file }];
    const other = byVersion.get(m.version);
    return other ? [{ file: m.file, existing: other }] : [];
  });
}

/** Writes every file of the plan into `outDir` (created when missing); refuses first when anything clashes. */
export async function writeConversion(plan: ConversionPlan, outDir: string): Promise<string[]> {
  const clashes = await conversionClashes(plan, outDir);
  if (clashes.length) {
    const list = clashes.slice(0, 10).map((c) => (c.file === c.existing ? c.file : `${c.file} (version taken by ${c.existing})`));
    throw new DbtkError(
      'already_exists',
      `${clashes.length} converted file${clashes.length === 1 ? '' : 's'} would clash with ${outDir}: ${list.join(', ')}${clashes.length > 10 ? ', …' : ''}. Nothing was written.`,
      {
        hint: 'Convert into an empty folder (--out), or move the clashing files aside.',
      },
    );
  }
  await mkdir(outDir, { recursive: true });
  const written: string[] = [];
  for (const migration of plan.migrations) {
    const target = path.join(outDir, migration.file);
    await writeFileAtomic(target, migration.content, { exclusive: true });
    written.push(target);
  }
  return written;
}
