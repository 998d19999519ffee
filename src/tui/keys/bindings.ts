// Every key of the terminal app, as data: one table, one entry per binding, for every screen,
// dialog and wizard step. The help bar, the `?` overlay and the README's key list are made
// from it, so what the app says and what it does cannot disagree. Whoever owns a scope hands
// the keyboard one handler per action of that scope (`Handlers<Scope>`): an action bound here
// without a handler there does not compile. Key names are those of key-names.ts (`keyName`).

import type { KeyContext, Scope } from './scopes.js';

export interface Binding<A extends string = string> {
  keys: readonly string[];
  label: string;
  action: A;
  /** Bound only while this holds (else the key goes to the next scope, or nowhere). */
  when?: (context: KeyContext) => boolean;
  /** Shown in the help bar at the bottom (the `?` overlay shows every binding). */
  inHelpBar?: boolean;
  /** Shorter text for the bar, e.g. `j/k` + `move` for two bindings shown as one item. */
  bar?: { keys?: string; label?: string };
  /**
   * Taken only when pressed on its own: arriving with other keys at once (a paste, a script,
   * keys typed before the dialog was drawn) it is ignored and the scope's owner is told, so
   * pasted text can never answer a question that runs migrations.
   */
  alone?: boolean;
}

const move = [
  { keys: ['j', 'down'], label: 'move down', action: 'down', inHelpBar: true, bar: { keys: 'j/k', label: 'move' } },
  { keys: ['k', 'up'], label: 'move up', action: 'up' },
  { keys: ['g', 'home'], label: 'go to the top', action: 'top' },
  { keys: ['G', 'end'], label: 'go to the bottom', action: 'bottom' },
  { keys: ['pagedown', 'ctrl+d'], label: 'page down', action: 'page.down' },
  { keys: ['pageup', 'ctrl+u'], label: 'page up', action: 'page.up' },
] as const satisfies readonly Binding[];

const scroll = [
  { keys: ['j', 'down'], label: 'scroll down', action: 'down', inHelpBar: true, bar: { keys: 'j/k', label: 'scroll' } },
  { keys: ['k', 'up'], label: 'scroll up', action: 'up' },
  { keys: ['g', 'home'], label: 'scroll to the top', action: 'top' },
  { keys: ['G', 'end'], label: 'scroll to the bottom', action: 'bottom' },
  { keys: ['pagedown', 'ctrl+d'], label: 'page down', action: 'page.down' },
  { keys: ['pageup', 'ctrl+u'], label: 'page up', action: 'page.up' },
] as const satisfies readonly Binding[];

const cancelWizard = { keys: ['ctrl+c'], label: 'cancel the wizard', action: 'cancel' } as const satisfies Binding;

/** `y` on an error: its whole text to the clipboard (OSC 52) and to .dbtk/last-error.txt. */
const copyError = (action: 'copy.error', when: (c: KeyContext) => boolean) =>
  ({
    keys: ['y'],
    label: 'copy the error in full (clipboard, and .dbtk/last-error.txt)',
    action,
    when,
    inHelpBar: true,
    bar: { label: 'copy error' },
  }) as const;

const BINDINGS = {
  global: [
    { keys: ['u'], label: 'run all pending migrations', action: 'run.up', inHelpBar: true, bar: { label: 'run pending' } },
    { keys: ['d'], label: 'roll back the last applied migration', action: 'run.down', inHelpBar: true, bar: { label: 'roll back' } },
    { keys: ['n'], label: 'new migration', action: 'new', inHelpBar: true, bar: { label: 'new' } },
    { keys: ['r'], label: 'refresh', action: 'refresh' },
    { keys: ['tab'], label: 'next screen', action: 'screen.next' },
    { keys: ['shift+tab'], label: 'previous screen', action: 'screen.previous' },
    { keys: ['1'], label: 'Migrations screen', action: 'screen.migrations' },
    { keys: ['2'], label: 'Timeline screen', action: 'screen.timeline' },
    { keys: ['3'], label: 'Dashboard screen', action: 'screen.dashboard' },
    { keys: ['4', 'D'], label: 'Schema diff screen', action: 'screen.schema-diff', when: (c) => c.features.schemaDiff },
    { keys: ['5'], label: 'Analytics screen', action: 'screen.analytics' },
    { keys: ['6', 'B'], label: 'Backups screen', action: 'screen.backups' },
    { keys: ['?'], label: 'help: every key of this screen', action: 'help', inHelpBar: true, bar: { label: 'help' } },
    { keys: ['q', 'ctrl+c'], label: 'quit', action: 'quit', inHelpBar: true },
    copyError('copy.error', (c) => c.errorOnNotice === true),
  ],
  migrations: [
    ...move,
    { keys: ['enter'], label: 'open the SQL of the selected migration', action: 'open', inHelpBar: true, bar: { label: 'open' } },
    { keys: ['/'], label: 'search name, version and SQL', action: 'search', inHelpBar: true, bar: { label: 'search' } },
    { keys: ['f'], label: 'filter: all / applied / pending / failed', action: 'filter', inHelpBar: true, bar: { label: 'filter' } },
    { keys: ['esc'], label: 'clear the search and filter', action: 'clear', when: (c) => c.narrowed },
    {
      keys: ['e'],
      label: 'edit the selected migration in $VISUAL/$EDITOR',
      action: 'edit',
      when: (c) => c.selectedHasFile,
      inHelpBar: true,
      bar: { label: 'edit' },
    },
    {
      keys: ['p'],
      label: 'preview the selected migration (statements, risk)',
      action: 'preview',
      when: (c) => c.features.risk && c.selectedHasFile,
    },
    {
      keys: ['M'],
      label: 'mark the selected migration applied (or pending) without running its SQL',
      action: 'mark',
      when: (c) => c.selectedMarkable === true,
    },
  ],
  'migrations.detail': [
    ...scroll,
    { keys: ['esc', 'enter'], label: 'back to the list', action: 'back', inHelpBar: true, bar: { keys: 'esc', label: 'back' } },
    {
      keys: ['e'],
      label: 'edit this migration in $VISUAL/$EDITOR',
      action: 'edit',
      when: (c) => c.selectedHasFile,
      inHelpBar: true,
      bar: { label: 'edit' },
    },
  ],
  'migrations.search': [
    { keys: ['enter'], label: 'keep the search and go back to the list', action: 'accept', inHelpBar: true, bar: { label: 'done' } },
    { keys: ['esc'], label: 'clear the search', action: 'cancel', inHelpBar: true, bar: { label: 'clear' } },
    { keys: ['down'], label: 'move down', action: 'down', inHelpBar: true, bar: { keys: '↓/↑', label: 'move' } },
    { keys: ['up'], label: 'move up', action: 'up' },
    { keys: ['ctrl+c'], label: 'quit', action: 'quit' },
  ],
  timeline: [
    ...move,
    { keys: ['enter'], label: 'open the details of the selected entry', action: 'open', inHelpBar: true, bar: { label: 'details' } },
  ],
  'timeline.detail': [
    { keys: ['esc', 'enter'], label: 'close the details', action: 'back', inHelpBar: true, bar: { keys: 'esc', label: 'back' } },
  ],
  dashboard: [
    { keys: ['j', 'down'], label: 'next quick action', action: 'down', inHelpBar: true, bar: { keys: 'j/k', label: 'choose' } },
    { keys: ['k', 'up'], label: 'previous quick action', action: 'up' },
    { keys: ['enter'], label: 'run the chosen quick action', action: 'open', inHelpBar: true, bar: { label: 'do it' } },
    {
      keys: ['t'],
      label: 'test all migrations on a scratch database: up, down, up again (the database is not touched)',
      action: 'test',
      inHelpBar: true,
      bar: { label: 'test migrations' },
    },
  ],
  analytics: [...scroll],
  'schema-diff': [
    { keys: ['j', 'down'], label: 'scroll down', action: 'lineDown' },
    { keys: ['k', 'up'], label: 'scroll up', action: 'lineUp' },
    { keys: ['pagedown', 'ctrl+d', ' '], label: 'page down', action: 'pageDown' },
    { keys: ['pageup', 'ctrl+u', 'b'], label: 'page up', action: 'pageUp' },
    { keys: ['g', 'home'], label: 'first line', action: 'top' },
    { keys: ['G', 'end'], label: 'last line', action: 'bottom' },
    { keys: ['l', 'right'], label: 'scroll right', action: 'scrollRight' },
    { keys: ['h', 'left'], label: 'scroll left', action: 'scrollLeft' },
    { keys: ['n'], label: 'next change', action: 'nextChange', inHelpBar: true },
    { keys: ['N'], label: 'previous change', action: 'prevChange', inHelpBar: true },
    { keys: ['s'], label: 'side by side / unified', action: 'toggleLayout', inHelpBar: true },
    { keys: ['r'], label: 'dump again', action: 'reload', inHelpBar: true, when: (c) => c.diffCanReload === true },
    copyError('copy.error', (c) => c.errorInDiff === true),
  ],
  'schema-diff.waiting': [
    { keys: ['r'], label: 'dump again', action: 'reload', inHelpBar: true },
    copyError('copy.error', (c) => c.errorInDiff === true),
  ],
  backups: [
    ...move,
    { keys: ['enter'], label: 'open the details of the selected backup', action: 'open', inHelpBar: true, bar: { label: 'details' } },
    {
      keys: ['R'],
      label: 'restore the selected backup (shows what it replaces, then asks)',
      action: 'restore',
      when: (c) => c.backupSelected === true,
      inHelpBar: true,
      bar: { label: 'restore' },
    },
    { keys: ['c'], label: 'write a backup now (verified)', action: 'create', inHelpBar: true, bar: { label: 'back up now' } },
  ],
  'backups.detail': [
    ...scroll,
    { keys: ['esc', 'enter'], label: 'back to the list', action: 'back', inHelpBar: true, bar: { keys: 'esc', label: 'back' } },
    {
      keys: ['R'],
      label: 'restore this backup (shows what it replaces, then asks)',
      action: 'restore',
      inHelpBar: true,
      bar: { label: 'restore' },
    },
  ],
  'backups.confirm': [
    {
      keys: ['y'],
      label: 'yes, restore it (pressed on its own)',
      action: 'yes',
      inHelpBar: true,
      bar: { label: 'yes, restore' },
      alone: true,
    },
    {
      keys: ['n', 'esc', 'ctrl+c'],
      label: 'no, cancel (nothing changes)',
      action: 'no',
      inHelpBar: true,
      bar: { keys: 'n/esc', label: 'cancel' },
    },
  ],
  'backups.confirm.typed': [
    {
      keys: ['enter'],
      label: 'confirm the typed connection name (pressed on its own)',
      action: 'submit',
      inHelpBar: true,
      bar: { label: 'confirm' },
      alone: true,
    },
    { keys: ['esc', 'ctrl+c'], label: 'cancel (nothing changes)', action: 'no', inHelpBar: true, bar: { keys: 'esc', label: 'cancel' } },
  ],
  'backups.busy': [],
  help: [
    ...scroll,
    { keys: ['esc', '?', 'q'], label: 'close the help', action: 'close', inHelpBar: true, bar: { keys: 'esc', label: 'close' } },
    { keys: ['ctrl+c'], label: 'quit', action: 'quit' },
  ],
  preview: [
    ...scroll,
    { keys: ['esc', 'p', 'enter'], label: 'close the preview', action: 'close', inHelpBar: true, bar: { keys: 'esc', label: 'close' } },
    { keys: ['e'], label: 'edit this migration in $VISUAL/$EDITOR', action: 'edit', inHelpBar: true, bar: { label: 'edit' } },
    { keys: ['ctrl+c'], label: 'close the preview', action: 'close' },
  ],
  'migration-test': [
    ...scroll,
    {
      keys: ['esc', 'q', 'ctrl+c'],
      label: 'close (while it runs: stop it; the scratch database is removed)',
      action: 'close',
      inHelpBar: true,
      bar: { keys: 'esc', label: 'close / stop' },
    },
  ],
  confirm: [
    { keys: ['y'], label: 'yes, run it (pressed on its own)', action: 'yes', inHelpBar: true, bar: { label: 'yes, run' }, alone: true },
    { keys: ['n', 'esc'], label: 'no, cancel (nothing runs)', action: 'no', inHelpBar: true, bar: { keys: 'n/esc', label: 'cancel' } },
    {
      keys: ['t'],
      label: 'try it on a copy of the database first (dry run; the real run still needs y)',
      action: 'try',
      inHelpBar: true,
      bar: { label: 'try on a copy' },
    },
    ...scroll,
    { keys: ['ctrl+c'], label: 'cancel', action: 'no' },
  ],
  'confirm.typed': [
    {
      keys: ['enter'],
      label: 'confirm the typed connection name (pressed on its own)',
      action: 'submit',
      inHelpBar: true,
      bar: { label: 'confirm' },
      alone: true,
    },
    {
      keys: ['ctrl+t'],
      label: 'try it on a copy of the database first (dry run; the real run still needs the name)',
      action: 'try',
      inHelpBar: true,
      bar: { label: 'try on a copy' },
    },
    { keys: ['esc', 'ctrl+c'], label: 'cancel (nothing runs)', action: 'no', inHelpBar: true, bar: { keys: 'esc', label: 'cancel' } },
  ],
  running: [
    {
      keys: ['ctrl+c'],
      label: 'stop dbmate cleanly after the current statement',
      action: 'interrupt',
      inHelpBar: true,
      bar: { label: 'stop' },
    },
  ],
  outcome: [
    { keys: ['enter', 'esc'], label: 'dismiss', action: 'dismiss', inHelpBar: true, bar: { keys: 'enter', label: 'dismiss' } },
    { keys: ['v'], label: 'show or hide the technical details', action: 'details', inHelpBar: true, bar: { label: 'details' } },
    copyError('copy.error', (c) => c.errorInOutcome === true),
    ...scroll,
    { keys: ['ctrl+c'], label: 'dismiss', action: 'dismiss' },
  ],
  mark: [
    { keys: ['y'], label: 'yes, mark it (no SQL runs)', action: 'yes', inHelpBar: true, bar: { label: 'yes, mark' } },
    {
      keys: ['n', 'esc', 'ctrl+c'],
      label: 'no, cancel (nothing changes)',
      action: 'no',
      inHelpBar: true,
      bar: { keys: 'n/esc', label: 'cancel' },
    },
  ],
  'mark.typed': [
    { keys: ['enter'], label: 'confirm the typed connection name', action: 'submit', inHelpBar: true, bar: { label: 'confirm' } },
    { keys: ['esc', 'ctrl+c'], label: 'cancel (nothing changes)', action: 'no', inHelpBar: true, bar: { keys: 'esc', label: 'cancel' } },
  ],
  'name-prompt': [
    { keys: ['enter'], label: 'create the migration', action: 'submit', inHelpBar: true, bar: { label: 'create' } },
    { keys: ['esc', 'ctrl+c'], label: 'cancel', action: 'close', inHelpBar: true, bar: { keys: 'esc', label: 'cancel' } },
  ],
  'wizard.method': [
    { keys: ['j', 'down'], label: 'next method', action: 'down', inHelpBar: true, bar: { keys: 'j/k', label: 'choose' } },
    { keys: ['k', 'up'], label: 'previous method', action: 'up' },
    { keys: ['enter'], label: 'use this method', action: 'choose', inHelpBar: true, bar: { label: 'next' } },
    { keys: ['esc'], label: 'close the wizard', action: 'cancel', inHelpBar: true, bar: { label: 'cancel' } },
    cancelWizard,
  ],
  'wizard.name': [
    { keys: ['enter'], label: 'continue with this name', action: 'continue', inHelpBar: true, bar: { label: 'next' } },
    { keys: ['esc'], label: 'back to the method (the name is kept)', action: 'back', inHelpBar: true, bar: { label: 'back' } },
    cancelWizard,
  ],
  'wizard.template': [
    { keys: ['j', 'down'], label: 'next template', action: 'down', inHelpBar: true, bar: { keys: 'j/k', label: 'choose' } },
    { keys: ['k', 'up'], label: 'previous template', action: 'up' },
    { keys: ['pagedown'], label: 'page down', action: 'page.down' },
    { keys: ['pageup'], label: 'page up', action: 'page.up' },
    { keys: ['enter'], label: 'use this template', action: 'choose', inHelpBar: true, bar: { label: 'next' } },
    { keys: ['esc'], label: 'back to the name', action: 'back', inHelpBar: true, bar: { label: 'back' } },
    cancelWizard,
  ],
  'wizard.fields': [
    { keys: ['enter'], label: 'next field; on the last one, continue', action: 'continue', inHelpBar: true, bar: { label: 'next' } },
    { keys: ['tab', 'down'], label: 'next field', action: 'field.next', inHelpBar: true, bar: { keys: 'tab/↑↓', label: 'move' } },
    { keys: ['shift+tab', 'up'], label: 'previous field', action: 'field.previous' },
    { keys: ['esc'], label: 'back to the templates (values are kept)', action: 'back', inHelpBar: true, bar: { label: 'back' } },
    cancelWizard,
  ],
  'wizard.edit': [
    { keys: ['e'], label: 'open the file in $VISUAL / $EDITOR', action: 'edit', inHelpBar: true, bar: { label: 'edit' } },
    { keys: ['enter', 's'], label: 'continue without editing', action: 'skip', inHelpBar: true, bar: { keys: 'enter', label: 'skip' } },
    { keys: ['esc'], label: 'back (what you typed is kept)', action: 'back', inHelpBar: true, bar: { label: 'back' } },
    cancelWizard,
  ],
  'wizard.preview': [
    { keys: ['s'], label: 'save the migration', action: 'save', inHelpBar: true, bar: { label: 'save' } },
    {
      keys: ['r'],
      label: 'save it and run pending migrations',
      action: 'save.run',
      inHelpBar: true,
      bar: { label: 'save & run' },
      when: (c) => c.wizardCanRun === true,
    },
    {
      keys: ['a'],
      label: 'save it and mark it applied (the database already has this change)',
      action: 'save.mark',
      inHelpBar: true,
      bar: { label: 'save & mark applied' },
      when: (c) => c.wizardCanMark === true,
    },
    { keys: ['e'], label: 'edit it again in $VISUAL / $EDITOR', action: 'edit', inHelpBar: true, bar: { label: 'edit' } },
    { keys: ['j', 'down'], label: 'scroll down', action: 'down', inHelpBar: true, bar: { keys: 'j/k', label: 'scroll' } },
    { keys: ['k', 'up'], label: 'scroll up', action: 'up' },
    { keys: ['pagedown'], label: 'page down', action: 'page.down' },
    { keys: ['pageup'], label: 'page up', action: 'page.up' },
    { keys: ['esc'], label: 'back', action: 'back', inHelpBar: true, bar: { label: 'back' } },
    cancelWizard,
  ],
  'too-small': [{ keys: ['q', 'ctrl+c'], label: 'quit', action: 'quit', inHelpBar: true }],
} as const satisfies Record<Scope, readonly Binding[]>;

/** The actions bound in a scope, e.g. `ActionOf<'confirm'>` is `'yes' | 'no' | 'down' | …`. */
export type ActionOf<S extends Scope> = (typeof BINDINGS)[S][number]['action'];

/** What a handler is told about the key press that reached it. */
interface KeyPress {
  /** The scopes the key was looked up in, innermost first (what `?` explains). */
  stack: readonly Scope[];
  context: KeyContext;
}

export type Handler = (press: KeyPress) => void;

/** One handler per action bound in the scope: leaving one out is a type error. */
export type Handlers<S extends Scope> = Record<ActionOf<S>, Handler>;

/** Handlers for each of several scopes (what one owner of the keyboard provides). */
export type ScopeHandlers<S extends Scope> = { [K in S]: Handlers<K> };

/** The table for lookups, where a scope's literal types do not matter. */
export const BINDINGS_BY_SCOPE: Record<Scope, readonly Binding[]> = BINDINGS;
