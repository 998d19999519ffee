// `dbtk mark applied|pending VERSION…`: record versions as applied, or forget them, without
// running their SQL (Atlas's `migrate set`). Planned first (so the CLI and the app can show and
// confirm exactly what changes), then recorded under the run lock with a `mark` history entry.

import { readAppliedVersions } from '../dbmate/applied-versions.js';
import { DbtkError } from '../shared/errors.js';
import { recordVersions, type RecordResult, type RecordTarget, type VersionRecord } from './record-versions.js';
import type { LockOptions } from '../runs/run-lock.js';

export type MarkDirection = 'applied' | 'pending';

export interface MarkPlan {
  direction: MarkDirection;
  versions: VersionRecord[];
}

export function parseMarkDirection(value: string): MarkDirection {
  if (value === 'applied' || value === 'pending') return value;
  throw new DbtkError('usage', `dbtk mark takes "applied" or "pending" (got "${value}").`, {
    hint: 'Example: dbtk mark applied 20240101120000',
  });
}

/** What a mark would change; refuses unknown versions and versions already in that state. */
export async function planMark(project: RecordTarget, direction: MarkDirection, versions: readonly string[]): Promise<MarkPlan> {
  if (versions.length === 0)
    throw new DbtkError('usage', 'Name at least one version to mark.', { hint: 'Example: dbtk mark applied 20240101120000' });
  const bad = versions.filter((v) => !/^\d+$/.test(v));
  if (bad.length)
    throw new DbtkError('usage', `Not a version: ${bad.join(', ')} (versions are the digits a migration file name starts with).`);
  const scan = await project.scanMigrations();
  const applied = await readAppliedVersions(project.config, project.runner);
  if (!applied)
    throw new DbtkError('connection_refused', 'The migrations table could not be read, so nothing can be marked.', {
      hint: 'Check the database URL with `dbtk doctor`.',
    });
  const recorded = new Set(applied);
  const files = new Map(scan.migrations.map((f) => [f.version, f]));
  const records: VersionRecord[] = [];
  const problems: string[] = [];
  for (const version of [...new Set(versions)]) {
    const file = files.get(version);
    if (direction === 'applied') {
      if (!file) problems.push(`${version} has no migration file`);
      else if (recorded.has(version)) problems.push(`${version} is already applied`);
    } else if (!recorded.has(version)) problems.push(`${version} is not applied`);
    records.push({ version, name: file?.name ?? null, file: file?.file ?? null });
  }
  if (problems.length)
    throw new DbtkError('refused', `Cannot mark ${direction}: ${problems.join('; ')}. Nothing was changed.`, {
      hint: 'See `dbtk status` for each version’s state.',
    });
  return { direction, versions: records };
}

/** Records the plan's versions (or forgets them), without running any SQL. */
export function executeMark(project: RecordTarget, plan: MarkPlan, options: LockOptions = {}): Promise<RecordResult> {
  return recordVersions(
    project,
    plan.direction === 'applied'
      ? { action: 'mark', add: plan.versions, detail: { add: 'marked applied without running its SQL' } }
      : { action: 'mark', remove: plan.versions, detail: { remove: 'marked pending without running its down SQL' } },
    options,
  );
}
