// Backup settings (`backups.*`), read from dbtk's own config files: the project's
// `dbtk.config.json` and `.dbtk/config.json`, then a named connection's `state/config.json`
// (later files override earlier ones, key by key). Values are checked here, so a typo is a
// clear `config` error before anything runs, never a backup silently not written.

import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DbtkError } from '../shared/errors.js';
import type { ProjectConfig } from './config.js';

type BackupDirection = 'up' | 'down';

export interface BackupSettings {
  enabled: boolean;
  /** The run directions a backup is written before. */
  before: BackupDirection[];
  /** The folder for this database's backups (absolute). */
  dir: string;
  /** Whether `dir` was set in a config file (else the XDG default, one folder per database). */
  dirConfigured: boolean;
  /** How many backups of this database to keep (older ones are pruned after a new one). */
  keep: number;
  /** Backups older than this many days are pruned; undefined: no age limit. */
  maxAgeDays?: number;
  /** The config files that were read. */
  files: string[];
}

const KEYS = new Set(['enabled', 'before', 'dir', 'keep', 'maxAgeDays']);
const DEFAULT_BACKUP_KEEP = 10;

/** `$XDG_DATA_HOME/dbtk/backups` (or `~/.local/share/dbtk/backups`). */
function defaultBackupRoot(env: Record<string, string | undefined>): string {
  const dataHome = env.XDG_DATA_HOME && path.isAbsolute(env.XDG_DATA_HOME) ? env.XDG_DATA_HOME : path.join(os.homedir(), '.local', 'share');
  return path.join(dataHome, 'dbtk', 'backups');
}

/** The config files read for `config`, in the order they apply. */
function backupConfigFiles(config: Pick<ProjectConfig, 'cwd' | 'stateDir' | 'isNamedConnection'>): string[] {
  const files = [path.join(config.cwd, 'dbtk.config.json'), path.join(config.cwd, '.dbtk', 'config.json')];
  if (config.isNamedConnection) files.push(path.join(config.stateDir, 'config.json'));
  return [...new Set(files)];
}

type RawSettings = Partial<Record<string, unknown>>;

async function readBackupsSection(file: string): Promise<RawSettings | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new DbtkError('config', `${file} is not valid JSON: ${(error as Error).message}`, {
      hint: 'Fix the file; backup settings look like {"backups": {"enabled": true, "keep": 10}}.',
      file,
    });
  }
  const section = (parsed as { backups?: unknown } | null)?.backups;
  if (section === undefined) return undefined;
  if (!section || typeof section !== 'object' || Array.isArray(section))
    throw new DbtkError('config', `${file}: "backups" must be an object.`, {
      hint: 'For example {"backups": {"enabled": true, "before": ["down"], "keep": 10}}.',
      file,
    });
  for (const key of Object.keys(section))
    if (!KEYS.has(key))
      throw new DbtkError('config', `${file}: unknown setting "backups.${key}".`, {
        hint: 'Known settings: backups.enabled, backups.before, backups.dir, backups.keep, backups.maxAgeDays.',
        file,
      });
  return section;
}

function invalid(file: string, key: string, expected: string, value: unknown): DbtkError {
  return new DbtkError('config', `${file}: "backups.${key}" must be ${expected} (got ${JSON.stringify(value)}).`, {
    hint: 'Fix the value, or remove it to use the default (`dbtk backup list` shows the settings in force).',
    file,
  });
}

function checkValue(file: string, key: string, value: unknown): void {
  if (key === 'enabled' && typeof value !== 'boolean') throw invalid(file, key, 'true or false', value);
  if (key === 'before') {
    const ok = Array.isArray(value) && value.every((d) => d === 'up' || d === 'down');
    if (!ok) throw invalid(file, key, 'a list of "up" and "down" (or [] for never)', value);
  }
  if (key === 'dir' && (typeof value !== 'string' || value.trim() === '')) throw invalid(file, key, 'a folder path', value);
  if (key === 'keep' && !(typeof value === 'number' && Number.isInteger(value) && value >= 1))
    throw invalid(file, key, 'a whole number of at least 1', value);
  if (key === 'maxAgeDays' && !(typeof value === 'number' && Number.isFinite(value) && value > 0))
    throw invalid(file, key, 'a number of days above 0', value);
}

/**
 * The backup settings in force for `config`. Defaults: enabled, before `down` (and `up` too
 * on a production connection), kept 10, in the XDG data folder under the database's key.
 */
export async function readBackupSettings(
  config: Pick<ProjectConfig, 'cwd' | 'stateDir' | 'isNamedConnection' | 'production' | 'env'>,
  databaseKey: string,
): Promise<BackupSettings> {
  const merged: RawSettings = {};
  const read: string[] = [];
  let dirBase = config.cwd;
  for (const file of backupConfigFiles(config)) {
    const section = await readBackupsSection(file);
    if (!section) continue;
    read.push(file);
    for (const [key, value] of Object.entries(section)) {
      checkValue(file, key, value);
      merged[key] = value;
      // A relative dir is relative to the folder holding the file that set it (the project, or the connection).
      if (key === 'dir')
        dirBase =
          path.basename(path.dirname(file)) === '.dbtk' || file.endsWith('/state/config.json')
            ? path.dirname(path.dirname(file))
            : path.dirname(file);
    }
  }
  const dirSetting = merged.dir as string | undefined;
  const home = (p: string) => (p === '~' || p.startsWith('~/') ? path.join(os.homedir(), p.slice(1)) : p);
  return {
    enabled: (merged.enabled as boolean | undefined) ?? true,
    before: [
      ...new Set<BackupDirection>((merged.before as BackupDirection[] | undefined) ?? (config.production ? ['up', 'down'] : ['down'])),
    ],
    dir: dirSetting ? path.resolve(dirBase, home(dirSetting)) : path.join(defaultBackupRoot(config.env), databaseKey),
    dirConfigured: Boolean(dirSetting),
    keep: (merged.keep as number | undefined) ?? DEFAULT_BACKUP_KEEP,
    maxAgeDays: merged.maxAgeDays as number | undefined,
    files: read,
  };
}
