// Optimisation suggestions, each tied to evidence: a migration that took at least SLOW_MS in
// some successful apply, and a statement in its file known to make such migrations slow and
// blocking. Each names the migration, its time and the lint rule (or reason) behind it.

import type { VersionRuns } from './accumulate.js';
import type { MigrationProfile, Suggestion } from './types.js';

/** A migration is slow enough to be worth changing from this apply time up. */
const SLOW_MS = 1000;

const FIXES = {
  'index-concurrently':
    'Build the index with CREATE INDEX CONCURRENTLY, alone in its own migration with `-- migrate:up transaction:false`: writes go on while it builds.',
  'batch-backfill':
    'Backfill in batches (e.g. UPDATE … WHERE id BETWEEN n AND n+10000, one batch per transaction, outside the schema migration): each batch holds its row locks briefly.',
  'type-change-expand-contract':
    'ALTER … TYPE rewrites the table under an exclusive lock. Expand/contract instead: add a column of the new type, backfill it in batches, switch the application over, then drop the old column.',
} as const;

export function suggestOptimisations(versions: Iterable<VersionRuns>, profiles: ReadonlyMap<string, MigrationProfile>): Suggestion[] {
  const found: Suggestion[] = [];
  for (const runs of versions) {
    const profile = profiles.get(runs.version);
    if (!profile || runs.applies.length === 0) continue;
    const durationMs = Math.max(...runs.applies.map((a) => a.ms));
    if (durationMs < SLOW_MS) continue;
    const base = { version: runs.version, name: runs.name, durationMs };
    if (profile.blockingIndexes.length)
      found.push({
        ...base,
        code: 'index-concurrently',
        rule: 'index-not-concurrent',
        evidence: profile.blockingIndexes.join('; '),
        fix: FIXES['index-concurrently'],
      });
    if (profile.updates.length) {
      const unbounded = profile.updates.some((u) => u.endsWith('(no WHERE)'));
      found.push({
        ...base,
        code: 'batch-backfill',
        rule: unbounded ? 'update-without-where' : 'backfill',
        evidence: profile.updates.join('; '),
        fix: FIXES['batch-backfill'],
      });
    }
    if (profile.typeChanges.length)
      found.push({
        ...base,
        code: 'type-change-expand-contract',
        rule: 'column-type-change',
        evidence: profile.typeChanges.join('; '),
        fix: FIXES['type-change-expand-contract'],
      });
  }
  return found.sort((a, b) => b.durationMs - a.durationMs || a.version.localeCompare(b.version));
}
