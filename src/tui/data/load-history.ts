// The one place the app reads the history store (src/core/history.ts) for the Timeline and
// the Dashboard. The list's applied-at, duration and warnings come from core's status.

import type { HistoryEntry } from '../../core/history/types.js';
import type { Project } from '../../core/project/project.js';

export type { HistoryEntry };

/** The Timeline shows this many newest entries; older ones stay in `dbtk history`. */
const HISTORY_LIMIT = 2000;

export interface LoadedHistory {
  entries: HistoryEntry[];
  warnings: string[];
  /** True when older entries exist beyond HISTORY_LIMIT. */
  truncated: boolean;
}

/** History newest first; a store that cannot be read comes back as warnings, never a crash. */
export async function loadHistory(project: Project): Promise<LoadedHistory> {
  const { entries, warnings } = await project.history().read({ limit: HISTORY_LIMIT });
  return { entries, warnings, truncated: entries.length >= HISTORY_LIMIT };
}
