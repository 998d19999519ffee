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
  loading: boolean;
}

export function useAnalytics(
  project: Project,
  active: boolean,
  loadedAt: string | undefined,
  status: ProjectStatus | undefined,
): AnalyticsHandle {
  const [handle, setHandle] = useState<AnalyticsHandle>({ loading: false });
  useEffect(() => {
    if (!active || loadedAt === undefined) return;
    let current = true;
    setHandle((previous) => ({ ...previous, loading: true }));
    import('../../core/analytics/stats.js')
      .then(({ collectStats }) => collectStats(project, { status }))
      .then(
        (stats) => current && setHandle({ stats, loading: false }),
        (error: unknown) => current && setHandle({ error: (error as Error).message, loading: false }),
      );
    return () => {
      current = false;
    };
    // status comes with loadedAt (one load of the project's data).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [project, active, loadedAt]);
  return handle;
}
