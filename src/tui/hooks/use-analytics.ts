// The Analytics screen's figures, read from core when the screen is shown and again after each
// reload of the project's data while it is on screen (the whole history is read: not on every
// frame, and not while other screens are shown). Core's analytics is loaded on first use.

import { useEffect, useState } from 'react';
import type { MigrationStats } from '../../core/analytics/types.js';
import type { ProjectStatus } from '../../core/migrations/status.js';
import type { Project } from '../../core/project/project.js';

export interface AnalyticsHandle {
  stats?: MigrationStats;
  error?: string;
  /** Figures for the project's latest data are being read. */
  loading: boolean;
}

interface Loaded {
  /** The project data load (its loadedAt) the figures belong to. */
  for: string;
  stats?: MigrationStats;
  error?: string;
}

export function useAnalytics(
  project: Project,
  active: boolean,
  loadedAt: string | undefined,
  status: ProjectStatus | undefined,
): AnalyticsHandle {
  const [loaded, setLoaded] = useState<Loaded | undefined>();
  useEffect(() => {
    if (!active || loadedAt === undefined) return;
    let current = true;
    import('../../core/analytics/stats.js')
      .then(({ collectStats }) => collectStats(project, { status }))
      .then(
        (stats) => current && setLoaded({ for: loadedAt, stats }),
        (error: unknown) => current && setLoaded({ for: loadedAt, error: (error as Error).message }),
      );
    return () => {
      current = false;
    };
    // status comes with loadedAt (one load of the project's data).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [project, active, loadedAt]);
  return { stats: loaded?.stats, error: loaded?.error, loading: active && loadedAt !== undefined && loaded?.for !== loadedAt };
}
