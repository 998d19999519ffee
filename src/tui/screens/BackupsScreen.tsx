// Backups screen: the database's backups, newest first (`enter` opens one's manifest), `R`
// restores the selected one after showing what it replaces and asking (the connection's name
// typed on production), `c` writes one now. Loads and restores through core (useBackups); its
// keys are the `backups` scopes of the bindings table, handed to the keyboard with useKeyLayer.

import { Box, Text } from 'ink';
import { useMemo } from 'react';
import type { Project } from '../../core/project/project.js';
import { terminalName, terminalText } from '../../core/shared/terminal-text.js';
import { Pane } from '../components/Pane.js';
import { TextLines } from '../components/TextLines.js';
import { projectBackupsSource, useBackups, type BackupsHandle, type BackupsSource } from '../hooks/use-backups.js';
import type { ScopeHandlers } from '../keys/bindings.js';
import { useKeyLayer } from '../keys/keyboard.js';
import { backupDetailLines, backupRow, restoreConfirmLines } from '../model/backup-lines.js';
import { windowTop } from '../model/list-cursor.js';

type Scopes = 'backups' | 'backups.detail' | 'backups.confirm' | 'backups.confirm.typed' | 'backups.busy';

export interface BackupsScreenProps {
  project: Project;
  width: number;
  height: number;
  /** Replaces core (tests). Keep it stable between renders. */
  source?: BackupsSource;
  onRestored?: () => void;
}

function handlers(backups: BackupsHandle, page: number, detailLines: number): ScopeHandlers<Scopes> {
  const moves = (apply: (by: number) => void) => ({
    down: () => apply(1),
    up: () => apply(-1),
    top: () => apply(-Infinity),
    bottom: () => apply(Infinity),
    'page.down': () => apply(page),
    'page.up': () => apply(-page),
  });
  return {
    backups: { ...moves(backups.move), open: () => backups.setOpen(true), restore: backups.askRestore, create: backups.create },
    'backups.detail': {
      ...moves((by) => backups.scroll(by, Math.max(0, detailLines - page))),
      back: () => backups.setOpen(false),
      restore: backups.askRestore,
    },
    'backups.confirm': { yes: () => backups.confirmRestore(), no: backups.cancelRestore },
    'backups.confirm.typed': { submit: () => backups.confirmRestore(backups.state.confirm?.typed), no: backups.cancelRestore },
    'backups.busy': {},
  };
}

function scopesOf(backups: BackupsHandle, production: boolean): Scopes[] {
  const { state } = backups;
  if (state.confirm) return [production ? 'backups.confirm.typed' : 'backups.confirm'];
  if (state.busy) return ['backups.busy'];
  return [state.open ? 'backups.detail' : 'backups'];
}

export function BackupsScreen({ project, width, height, source, onRestored }: BackupsScreenProps) {
  const { production, connectionName } = project.config;
  const core = useMemo(() => source ?? projectBackupsSource(project), [source, project]);
  const backups = useBackups(core, { production, connectionName, onRestored });
  const { state, selected } = backups;
  const listRows = Math.max(1, height - 3);
  const detail = selected ? backupDetailLines(selected) : [];
  useKeyLayer({
    scopes: scopesOf(backups, production),
    handlers: handlers(backups, listRows, detail.length),
    context: { backupSelected: Boolean(selected) },
    onText: (_scope, edit) => backups.type(edit),
    onIgnored: (_scope, key) => backups.ignoredKey(key),
  });

  const message = state.busy ? (
    <Text color="cyan" wrap="truncate-end">
      {state.busy}
    </Text>
  ) : state.message ? (
    <Text color={state.message.tone === 'error' ? 'red' : state.message.tone === 'success' ? 'green' : undefined} wrap="truncate-end">
      {terminalText(state.message.text + (state.message.error?.hint ? ` Fix: ${state.message.error.hint}` : ''), { newlines: false })}
    </Text>
  ) : null;

  if (state.confirm) {
    const lines = restoreConfirmLines(state.confirm.preview);
    return (
      <Box flexDirection="column" width={width} height={height}>
        <TextLines lines={lines} scroll={0} height={Math.min(lines.length, height - 2)} />
        {production ? (
          <>
            <Text wrap="truncate-end">{`This is the production connection "${terminalName(connectionName)}". Type its name to confirm: ${terminalName(state.confirm.typed)}▏`}</Text>
            {state.confirm.typedError ? <Text color="red">{terminalText(state.confirm.typedError)}</Text> : null}
          </>
        ) : (
          <>
            <Text bold>{'Restore it? y restores, n or esc cancels (nothing changes).'}</Text>
            {state.confirm.typedError ? <Text color="red">{terminalText(state.confirm.typedError)}</Text> : null}
          </>
        )}
      </Box>
    );
  }
  if (state.open && selected) {
    return (
      <Box flexDirection="column" width={width} height={height}>
        <Pane title={`Backup ${selected.id}`} lines={detail} scroll={state.scroll} height={height - 1} width={width} focused />
        {message}
      </Box>
    );
  }
  const top = windowTop(0, state.selected, state.backups.length, listRows);
  const settings = state.settings;
  const heading = settings
    ? `Backups in ${settings.dir} · automatic: ${settings.enabled ? `before ${settings.before.join(' and ') || 'nothing'}` : 'off'} · keep ${settings.keep}${settings.maxAgeDays ? `, ${settings.maxAgeDays} days` : ''}`
    : 'Backups';
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text dimColor wrap="truncate-end">
        {terminalName(heading)}
      </Text>
      {state.loading && !state.backups.length ? <Text dimColor>{'Looking for backups…'}</Text> : null}
      {!state.loading && !state.backups.length ? (
        <Text>{'No backups of this database yet. c writes one now; dbtk writes one before every roll back (backups.before).'}</Text>
      ) : null}
      {state.backups.slice(top, top + listRows).map((backup, i) => {
        const isSelected = top + i === state.selected;
        return (
          <Text key={backup.id} inverse={isSelected} color={backup.fileMissing ? 'red' : undefined} wrap="truncate-end">
            {`${isSelected ? '›' : ' '} ${backupRow(backup)}`}
          </Text>
        );
      })}
      <Box flexGrow={1} />
      {message}
    </Box>
  );
}
