// The Backups screen's state in one reducer: the list (loaded through core), the selection,
// the open details, and the restore confirmation (with the typed name on production). The
// work itself (listing, previewing, restoring, writing a backup) is core's; this hook only
// asks and folds the answers in.

import { useCallback, useEffect, useReducer, useRef } from 'react';
import {
  createProjectBackup,
  listProjectBackups,
  previewRestore,
  restoreProjectBackup,
  type BackupRecord,
  type BackupSettings,
  type RestorePreview,
} from '../../core/project/backups.js';
import type { Project } from '../../core/project/project.js';
import { serializeError, type SerializedError } from '../../core/shared/errors.js';
import { applyTextEdit, type TextEdit } from '../model/text-edit.js';

/** What the screen asks of core (tests hand in their own). */
export interface BackupsSource {
  list(): Promise<{ settings: BackupSettings; backups: BackupRecord[] }>;
  preview(id: string): Promise<RestorePreview>;
  restore(id: string): Promise<{ versionsAfter: string[] }>;
  create(): Promise<{ backup: BackupRecord }>;
}

export function projectBackupsSource(project: Project): BackupsSource {
  return {
    list: () => listProjectBackups(project),
    preview: (id) => previewRestore(project, id),
    restore: (id) => restoreProjectBackup(project, id, { lockTimeoutMs: 0 }),
    create: () => createProjectBackup(project),
  };
}

interface BackupsMessage {
  tone: 'success' | 'error' | 'info';
  text: string;
  error?: SerializedError;
}

interface BackupsState {
  loading: boolean;
  settings?: BackupSettings;
  backups: BackupRecord[];
  selected: number;
  open: boolean;
  scroll: number;
  /** The restore being confirmed, with what the user typed (production). */
  confirm?: { preview: RestorePreview; typed: string; typedError?: string };
  /** Work under way: "Restoring …", "Writing a backup…". */
  busy?: string;
  message?: BackupsMessage;
}

type BackupsAction =
  | { type: 'loading' }
  | { type: 'loaded'; settings?: BackupSettings; backups: BackupRecord[] }
  | { type: 'move'; by: number }
  | { type: 'open'; open: boolean }
  | { type: 'scroll'; by: number; max: number }
  | { type: 'confirm'; preview?: RestorePreview }
  | { type: 'typed'; edit: TextEdit }
  | { type: 'typed-error'; text: string }
  /** An answer key came with other keys at once (a paste): said, nothing restored, the typed name kept. */
  | { type: 'ignored'; text: string }
  | { type: 'busy'; text?: string }
  | { type: 'message'; message?: BackupsMessage };

const INITIAL: BackupsState = { loading: true, backups: [], selected: 0, open: false, scroll: 0 };

function reduce(state: BackupsState, action: BackupsAction): BackupsState {
  switch (action.type) {
    case 'loading':
      return { ...state, loading: true };
    case 'loaded': {
      // The same backup stays selected when the list changes under it.
      const id = state.backups[state.selected]?.id;
      const kept = action.backups.findIndex((b) => b.id === id);
      return { ...state, loading: false, settings: action.settings, backups: action.backups, selected: Math.max(0, kept) };
    }
    case 'move':
      return { ...state, selected: Math.max(0, Math.min(state.backups.length - 1, state.selected + action.by)), scroll: 0 };
    case 'open':
      return { ...state, open: action.open && state.backups.length > 0, scroll: 0 };
    case 'scroll':
      return { ...state, scroll: Math.max(0, Math.min(action.max, state.scroll + action.by)) };
    case 'confirm':
      return { ...state, confirm: action.preview ? { preview: action.preview, typed: '' } : undefined };
    case 'typed':
      return state.confirm
        ? { ...state, confirm: { ...state.confirm, typed: applyTextEdit(state.confirm.typed, action.edit, 100), typedError: undefined } }
        : state;
    case 'typed-error':
      return state.confirm ? { ...state, confirm: { ...state.confirm, typed: '', typedError: action.text } } : state;
    case 'ignored':
      return state.confirm ? { ...state, confirm: { ...state.confirm, typedError: action.text } } : state;
    case 'busy':
      return { ...state, busy: action.text };
    case 'message':
      return { ...state, message: action.message };
  }
}

const failure = (what: string, error: unknown): BackupsMessage => {
  const serialized = serializeError(error);
  return { tone: 'error', text: `${what}: ${serialized.message}`, error: serialized };
};

export interface BackupsHandle {
  state: BackupsState;
  selected?: BackupRecord;
  move: (by: number) => void;
  setOpen: (open: boolean) => void;
  /** Scrolls the details by `by` lines, to at most line `max`. */
  scroll: (by: number, max: number) => void;
  /** `R`: works out what the restore replaces, then asks. */
  askRestore: () => void;
  /** `y`, or the typed name on production. */
  confirmRestore: (typed?: string) => void;
  cancelRestore: () => void;
  type: (edit: TextEdit) => void;
  /** `y` or enter came with other keys at once (a paste): nothing is restored, and that is said. */
  ignoredKey: (key: string) => void;
  /** `c`: writes a backup now. */
  create: () => void;
}

export function useBackups(
  source: BackupsSource,
  options: { production: boolean; connectionName: string; onRestored?: () => void },
): BackupsHandle {
  const [state, dispatch] = useReducer(reduce, INITIAL);
  const mounted = useRef(true);
  useEffect(
    () => () => {
      mounted.current = false;
    },
    [],
  );
  // Answers that arrive after the screen closed are dropped.
  const safe = useCallback((action: BackupsAction) => {
    if (mounted.current) dispatch(action);
  }, []);
  const load = useCallback(() => {
    dispatch({ type: 'loading' });
    source.list().then(
      (loaded) => safe({ type: 'loaded', ...loaded }),
      (error: unknown) => {
        safe({ type: 'loaded', backups: [] });
        safe({ type: 'message', message: failure('The backups could not be listed', error) });
      },
    );
  }, [source, safe]);
  useEffect(load, [load]);
  const selected = state.backups[state.selected];
  const idle = !state.busy && !state.confirm;

  const restore = (preview: RestorePreview) => {
    dispatch({ type: 'confirm' });
    dispatch({ type: 'busy', text: `Restoring ${preview.backup.id}…` });
    source.restore(preview.backup.id).then(
      (outcome) => {
        safe({ type: 'busy' });
        safe({
          type: 'message',
          message: {
            tone: 'success',
            text: `Restored ${preview.backup.id}: ${outcome.versionsAfter.length} version${outcome.versionsAfter.length === 1 ? '' : 's'} applied, as in the backup.`,
          },
        });
        options.onRestored?.();
        load();
      },
      (error: unknown) => {
        safe({ type: 'busy' });
        safe({ type: 'message', message: failure(`Restoring ${preview.backup.id} failed`, error) });
      },
    );
  };

  return {
    state,
    selected,
    move: (by) => dispatch({ type: 'move', by }),
    setOpen: (open) => dispatch({ type: 'open', open }),
    scroll: (by, max) => dispatch({ type: 'scroll', by, max }),
    askRestore: () => {
      if (!selected || !idle) return;
      dispatch({ type: 'message' });
      dispatch({ type: 'busy', text: `Comparing ${selected.id} with the database…` });
      source.preview(selected.id).then(
        (preview) => {
          safe({ type: 'busy' });
          safe({ type: 'confirm', preview });
        },
        (error: unknown) => {
          safe({ type: 'busy' });
          safe({ type: 'message', message: failure(`${selected.id} cannot be restored`, error) });
        },
      );
    },
    confirmRestore: (typed) => {
      const confirm = state.confirm;
      if (!confirm) return;
      if (options.production && typed !== options.connectionName) {
        dispatch({
          type: 'typed-error',
          text: `"${typed ?? ''}" is not "${options.connectionName}": nothing was restored. Type the name, or esc.`,
        });
        return;
      }
      restore(confirm.preview);
    },
    cancelRestore: () => {
      dispatch({ type: 'confirm' });
      dispatch({ type: 'message', message: { tone: 'info', text: 'Restore cancelled: nothing was changed.' } });
    },
    type: (edit) => dispatch({ type: 'typed', edit }),
    ignoredKey: (key) =>
      dispatch({ type: 'ignored', text: `${key} arrived with other keys (a paste?): press it alone. Nothing was restored.` }),
    create: () => {
      if (!idle) return;
      dispatch({ type: 'message' });
      dispatch({ type: 'busy', text: 'Writing a backup…' });
      source.create().then(
        (created) => {
          safe({ type: 'busy' });
          safe({ type: 'message', message: { tone: 'success', text: `Backup ${created.backup.id} written and verified.` } });
          load();
        },
        (error: unknown) => {
          safe({ type: 'busy' });
          safe({ type: 'message', message: failure('The backup could not be written', error) });
        },
      );
    },
  };
}
