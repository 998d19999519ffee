// Which migrations are applied, as well as can be told without dbmate: the migrations table
// when the database can be read, else this project's history of dbtk runs. For commands that
// must leave applied files alone (`dbtk fmt`) but should work without a database too.

import { readAppliedVersions } from '../dbmate/applied-versions.js';
import type { Project } from './project.js';

export interface KnownAppliedVersions {
  versions: ReadonlySet<string>;
  /** Where they come from; `unknown` when neither the database nor history could tell. */
  source: 'database' | 'history' | 'unknown';
}

export async function knownAppliedVersions(project: Project): Promise<KnownAppliedVersions> {
  const fromDatabase = await readAppliedVersions(project.config, project.runner).catch(() => undefined);
  if (fromDatabase) return { versions: new Set(fromDatabase), source: 'database' };
  const summary = await project
    .history()
    .summary()
    .catch(() => undefined);
  if (!summary || summary.versions.size === 0) return { versions: new Set(), source: 'unknown' };
  const applied = [...summary.versions]
    .filter(([, history]) => history.lastSuccess?.action === 'up' || history.lastSuccess?.action === 'squash')
    .map(([version]) => version);
  return { versions: new Set(applied), source: 'history' };
}
