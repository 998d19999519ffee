// Everything the screens show about the project, loaded through core: dbmate's status, the
// migration files (with their SQL), the history and dbmate's version. Reloads on request
// (after every action) and when files in the migrations directories change.

import { useCallback, useEffect, useRef, useState } from 'react';
import { serializeError, type SerializedError } from '../../core/errors.js';
import type { MigrationDirectoryScan } from '../../core/migration-file.js';
import type { Project } from '../../core/project.js';
import type { ProjectStatus } from '../../core/status.js';
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

export async function loadProjectData(project: Project): Promise<ProjectData> {
  const [status, scan, history, dbmate] = await Promise.all([
    settle(project.status()),
    settle(project.scanMigrations()),
    settle(loadHistory(project)),
    settle(project.dbmate()),
  ]);
  const entries = history.value?.entries ?? [];
  return {
    status: status.value,
    statusError: status.error,
    scan: scan.value,
    scanError: scan.error,
    history: entries,
    historyWarnings: [...(history.value?.warnings ?? []), ...(history.error ? [`History could not be read: ${history.error.message}`] : [])],
    historyTruncated: history.value?.truncated ?? false,
    dbmateVersion: dbmate.value?.binary.version,
    rows: buildRows(status.value, scan.value),
    loadedAt: new Date().toISOString(),
  };
}

export interface ProjectDataHandle {
  data?: ProjectData;
  loading: boolean;
  /** Reloads; resolves once the newest data is on screen. */
  refresh(): Promise<void>;
}

export function useProjectData(project: Project, options: { initial?: ProjectData; watch?: boolean; paused?: boolean } = {}): ProjectDataHandle {
  const [data, setData] = useState<ProjectData | undefined>(options.initial);
  const [loading, setLoading] = useState(true);
  const generation = useRef(0);
  const mounted = useRef(true);
  const paused = useRef(options.paused ?? false);
  paused.current = options.paused ?? false;

  const refresh = useCallback(async () => {
    const mine = ++generation.current;
    setLoading(true);
    const next = await loadProjectData(project);
    // A newer refresh started meanwhile: its result wins.
    if (!mounted.current || mine !== generation.current) return;
    setData(next);
    setLoading(false);
  }, [project]);

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
