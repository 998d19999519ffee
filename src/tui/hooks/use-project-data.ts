// Everything the screens show about the project, loaded through core: dbmate's status, the
// migration files (with their SQL), the history and dbmate's version. Reloads on request
// (after every action) and when files in the migrations directories change.

import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { serializeError, type SerializedError } from '../../core/shared/errors.js';
import type { MigrationDirectoryScan } from '../../core/migrations/file.js';
import type { Project } from '../../core/project/project.js';
import type { ProjectStatus } from '../../core/migrations/status.js';
import { loadHistory, type HistoryEntry } from '../data/load-history.js';
import { buildRows, type MigrationRow } from '../model/migration-rows.js';
import { useFileWatch } from './use-file-watch.js';

export interface ProjectData {
  status?: ProjectStatus;
  /** Why the status could not be read (no URL, database down…); the files still show. */
  statusError?: SerializedError;
  scan?: MigrationDirectoryScan;
  scanError?: SerializedError;
  history: HistoryEntry[];
  historyWarnings: string[];
  /** Older history exists beyond what was read. */
  historyTruncated: boolean;
  dbmateVersion?: string;
  rows: MigrationRow[];
  loadedAt: string;
}

async function settle<T>(promise: Promise<T>): Promise<{ value?: T; error?: SerializedError }> {
  try {
    return { value: await promise };
  } catch (error) {
    return { error: serializeError(error) };
  }
}

/**
 * Loads status (with the files it was built from), history and dbmate's version together.
 * When the status cannot be read (no URL, database down), the files still load and show.
 */
async function loadProjectData(project: Project): Promise<ProjectData> {
  const [statusAndFiles, history, dbmate] = await Promise.all([
    settle(project.statusWithFiles()),
    settle(loadHistory(project)),
    settle(project.dbmate()),
  ]);
  const status = statusAndFiles.value?.status;
  const scan = statusAndFiles.value ? { value: statusAndFiles.value.scan } : await settle(project.scanMigrations());
  const entries = history.value?.entries ?? [];
  const data: ProjectData = {
    status,
    statusError: statusAndFiles.error,
    scan: scan.value,
    scanError: scan.error,
    history: entries,
    historyWarnings: [
      ...(history.value?.warnings ?? []),
      ...(history.error ? [`History could not be read: ${history.error.message}`] : []),
    ],
    historyTruncated: history.value?.truncated ?? false,
    dbmateVersion: dbmate.value?.binary.version,
    rows: buildRows(status, scan.value),
    loadedAt: new Date().toISOString(),
  };
  return data;
}

export interface ProjectDataHandle {
  data?: ProjectData;
  loading: boolean;
  /** Reloads; resolves once the newest data is on screen. */
  refresh: () => Promise<void>;
}

export function useProjectData(project: Project, options: { watch?: boolean; paused?: boolean } = {}): ProjectDataHandle {
  const [data, setData] = useState<ProjectData | undefined>();
  const [loading, setLoading] = useState(true);
  const mounted = useRef(true);
  // Read by the file watch's callback, so it follows the latest committed render.
  const paused = useRef(options.paused ?? false);
  useLayoutEffect(() => {
    paused.current = options.paused ?? false;
  });
  // One load at a time, plus at most one waiting: a burst of file changes or actions costs
  // two loads, not one per event (a load of 10,000 migrations is not free).
  const chain = useRef<Promise<void>>(Promise.resolve());
  const waiting = useRef<Promise<void> | null>(null);

  const load = useCallback(async () => {
    waiting.current = null;
    if (!mounted.current) return;
    setLoading(true);
    const next = await loadProjectData(project);
    if (!mounted.current) return;
    setData(next);
    setLoading(false);
  }, [project]);

  const refresh = useCallback((): Promise<void> => {
    waiting.current ??= chain.current = chain.current.then(load, load);
    return waiting.current;
  }, [load]);

  useEffect(() => {
    mounted.current = true;
    void refresh();
    return () => {
      mounted.current = false;
    };
  }, [refresh]);

  // While a migration runs, the run itself reloads when it ends.
  useFileWatch(options.watch === false ? [] : project.config.migrationsDirs, () => {
    if (!paused.current) void refresh();
  });

  return { data, loading, refresh };
}
