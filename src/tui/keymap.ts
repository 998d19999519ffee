// Every key of the terminal app, as data. The help bar and the `?` overlay are generated from
// these tables, so what the app says and what it does cannot disagree. Key names come from
// keys.ts (`keyName`).

import { displayKey } from './keys.js';
import { schemaDiffKeys } from './screens/schema-diff-state.js';

export type Scope =
  | 'global'
  | 'migrations'
  | 'migrations.detail'
  | 'migrations.search'
  | 'timeline'
  | 'timeline.detail'
  | 'dashboard'
  | 'schema-diff'
  | 'help'
  | 'preview'
  | 'confirm'
  | 'confirm.typed'
  | 'running'
  | 'outcome'
  | 'name-prompt'
  | 'wizard'
  | 'too-small';

export type Action =
  | 'quit'
  | 'help'
  | 'close'
  | 'refresh'
  | 'screen.next'
  | 'screen.previous'
  | 'screen.migrations'
  | 'screen.timeline'
  | 'screen.dashboard'
  | 'screen.schema-diff'
  | 'down'
  | 'up'
  | 'top'
  | 'bottom'
  | 'page.down'
  | 'page.up'
  | 'open'
  | 'back'
  | 'search'
  | 'search.accept'
  | 'search.cancel'
  | 'filter'
  | 'clear'
  | 'new'
  | 'edit'
  | 'preview'
  | 'run.up'
  | 'run.down'
  | 'confirm.yes'
  | 'confirm.no'
  | 'confirm.submit'
  | 'run.interrupt'
  | 'dismiss'
  | 'details'
  | 'submit'
  /** Handled by a screen of its own (the schema diff): the app only lets the key through. */
  | 'screen.own';

/** What `when` predicates can look at. */
export interface KeyContext {
  /** The selected migration has a file on disk (it can be edited or previewed). */
  selectedHasFile: boolean;
  /** A search or a filter narrows the list (esc clears them). */
  narrowed: boolean;
  features: { risk: boolean; schemaDiff: boolean };
}

export interface KeyBinding {
  keys: string[];
  label: string;
  action: Action;
  when?: (context: KeyContext) => boolean;
  /** Shown in the help bar at the bottom (the `?` overlay shows every binding). */
  showInBar?: boolean;
  /** Shorter text for the bar, e.g. `j/k` + `move` for two bindings shown as one item. */
  bar?: { keys?: string; label?: string };
}

const move: KeyBinding[] = [
  { keys: ['j', 'down'], label: 'move down', action: 'down', showInBar: true, bar: { keys: 'j/k', label: 'move' } },
  { keys: ['k', 'up'], label: 'move up', action: 'up' },
  { keys: ['g', 'home'], label: 'go to the top', action: 'top' },
  { keys: ['G', 'end'], label: 'go to the bottom', action: 'bottom' },
  { keys: ['pagedown', 'ctrl+d'], label: 'page down', action: 'page.down' },
  { keys: ['pageup', 'ctrl+u'], label: 'page up', action: 'page.up' },
];

const scroll: KeyBinding[] = [
  { keys: ['j', 'down'], label: 'scroll down', action: 'down', showInBar: true, bar: { keys: 'j/k', label: 'scroll' } },
  { keys: ['k', 'up'], label: 'scroll up', action: 'up' },
  { keys: ['g', 'home'], label: 'scroll to the top', action: 'top' },
  { keys: ['G', 'end'], label: 'scroll to the bottom', action: 'bottom' },
  { keys: ['pagedown', 'ctrl+d'], label: 'page down', action: 'page.down' },
  { keys: ['pageup', 'ctrl+u'], label: 'page up', action: 'page.up' },
];

export const KEYMAP: Record<Scope, KeyBinding[]> = {
  global: [
    { keys: ['u'], label: 'run all pending migrations', action: 'run.up', showInBar: true, bar: { label: 'run pending' } },
    { keys: ['d'], label: 'roll back the last applied migration', action: 'run.down', showInBar: true, bar: { label: 'roll back' } },
    { keys: ['n'], label: 'new migration', action: 'new', showInBar: true, bar: { label: 'new' } },
    { keys: ['r'], label: 'refresh', action: 'refresh' },
    { keys: ['tab'], label: 'next screen', action: 'screen.next' },
    { keys: ['shift+tab'], label: 'previous screen', action: 'screen.previous' },
    { keys: ['1'], label: 'Migrations screen', action: 'screen.migrations' },
    { keys: ['2'], label: 'Timeline screen', action: 'screen.timeline' },
    { keys: ['3'], label: 'Dashboard screen', action: 'screen.dashboard' },
    { keys: ['4', 'D'], label: 'Schema diff screen', action: 'screen.schema-diff', when: (c) => c.features.schemaDiff },
    { keys: ['?'], label: 'help: every key of this screen', action: 'help', showInBar: true, bar: { label: 'help' } },
    { keys: ['q', 'ctrl+c'], label: 'quit', action: 'quit', showInBar: true },
  ],
  migrations: [
    ...move,
    { keys: ['enter'], label: 'open the SQL of the selected migration', action: 'open', showInBar: true, bar: { label: 'open' } },
    { keys: ['/'], label: 'search name, version and SQL', action: 'search', showInBar: true, bar: { label: 'search' } },
    { keys: ['f'], label: 'filter: all / applied / pending / failed', action: 'filter', showInBar: true, bar: { label: 'filter' } },
    { keys: ['esc'], label: 'clear the search and filter', action: 'clear', when: (c) => c.narrowed },
    {
      keys: ['e'],
      label: 'edit the selected migration in $VISUAL/$EDITOR',
      action: 'edit',
      when: (c) => c.selectedHasFile,
      showInBar: true,
      bar: { label: 'edit' },
    },
    {
      keys: ['p'],
      label: 'preview the selected migration (statements, risk)',
      action: 'preview',
      when: (c) => c.features.risk && c.selectedHasFile,
    },
  ],
  'migrations.detail': [
    ...scroll,
    { keys: ['esc', 'enter'], label: 'back to the list', action: 'back', showInBar: true, bar: { keys: 'esc', label: 'back' } },
    {
      keys: ['e'],
      label: 'edit this migration in $VISUAL/$EDITOR',
      action: 'edit',
      when: (c) => c.selectedHasFile,
      showInBar: true,
      bar: { label: 'edit' },
    },
  ],
  'migrations.search': [
    { keys: ['enter'], label: 'keep the search and go back to the list', action: 'search.accept', showInBar: true, bar: { label: 'done' } },
    { keys: ['esc'], label: 'clear the search', action: 'search.cancel', showInBar: true, bar: { label: 'clear' } },
    { keys: ['down'], label: 'move down', action: 'down', showInBar: true, bar: { keys: '↓/↑', label: 'move' } },
    { keys: ['up'], label: 'move up', action: 'up' },
    { keys: ['ctrl+c'], label: 'quit', action: 'quit' },
  ],
  timeline: [
    ...move,
    { keys: ['enter'], label: 'open the details of the selected entry', action: 'open', showInBar: true, bar: { label: 'details' } },
  ],
  // The schema diff screen reads these keys itself (schemaDiffKeys); listed here so `?` shows
  // them and the app's own keys (n, r) do not take them. Its own bar shows the main ones.
  'schema-diff': schemaDiffKeys.map((b) => ({ keys: b.keys, label: b.label, action: 'screen.own' as const })),
  'timeline.detail': [
    { keys: ['esc', 'enter'], label: 'close the details', action: 'back', showInBar: true, bar: { keys: 'esc', label: 'back' } },
  ],
  dashboard: [
    { keys: ['j', 'down'], label: 'next quick action', action: 'down', showInBar: true, bar: { keys: 'j/k', label: 'choose' } },
    { keys: ['k', 'up'], label: 'previous quick action', action: 'up' },
    { keys: ['enter'], label: 'run the chosen quick action', action: 'open', showInBar: true, bar: { label: 'do it' } },
  ],
  help: [
    ...scroll,
    { keys: ['esc', '?', 'q'], label: 'close the help', action: 'close', showInBar: true, bar: { keys: 'esc', label: 'close' } },
    { keys: ['ctrl+c'], label: 'quit', action: 'quit' },
  ],
  preview: [
    ...scroll,
    { keys: ['esc', 'p', 'enter'], label: 'close the preview', action: 'close', showInBar: true, bar: { keys: 'esc', label: 'close' } },
    { keys: ['e'], label: 'edit this migration in $VISUAL/$EDITOR', action: 'edit', showInBar: true, bar: { label: 'edit' } },
    { keys: ['ctrl+c'], label: 'close the preview', action: 'close' },
  ],
  confirm: [
    { keys: ['y'], label: 'yes, run it', action: 'confirm.yes', showInBar: true, bar: { label: 'yes, run' } },
    {
      keys: ['n', 'esc'],
      label: 'no, cancel (nothing runs)',
      action: 'confirm.no',
      showInBar: true,
      bar: { keys: 'n/esc', label: 'cancel' },
    },
    ...scroll,
    { keys: ['ctrl+c'], label: 'cancel', action: 'confirm.no' },
  ],
  'confirm.typed': [
    { keys: ['enter'], label: 'confirm the typed connection name', action: 'confirm.submit', showInBar: true, bar: { label: 'confirm' } },
    {
      keys: ['esc', 'ctrl+c'],
      label: 'cancel (nothing runs)',
      action: 'confirm.no',
      showInBar: true,
      bar: { keys: 'esc', label: 'cancel' },
    },
  ],
  running: [
    {
      keys: ['ctrl+c'],
      label: 'stop dbmate cleanly after the current statement',
      action: 'run.interrupt',
      showInBar: true,
      bar: { label: 'stop' },
    },
  ],
  outcome: [
    { keys: ['enter', 'esc'], label: 'dismiss', action: 'dismiss', showInBar: true, bar: { keys: 'enter', label: 'dismiss' } },
    { keys: ['v'], label: 'show or hide the technical details', action: 'details', showInBar: true, bar: { label: 'details' } },
    ...scroll,
    { keys: ['ctrl+c'], label: 'dismiss', action: 'dismiss' },
  ],
  'name-prompt': [
    { keys: ['enter'], label: 'create the migration', action: 'submit', showInBar: true, bar: { label: 'create' } },
    { keys: ['esc', 'ctrl+c'], label: 'cancel', action: 'close', showInBar: true, bar: { keys: 'esc', label: 'cancel' } },
  ],
  // The new migration wizard owns every key (ctrl-c and esc cancel it) and shows its own help.
  wizard: [],
  'too-small': [{ keys: ['q', 'ctrl+c'], label: 'quit', action: 'quit', showInBar: true }],
};

/** Scopes that swallow every other key (dialogs, text entry). */
const MODAL = new Set<Scope>([
  'migrations.search',
  'help',
  'preview',
  'confirm',
  'confirm.typed',
  'running',
  'outcome',
  'name-prompt',
  'wizard',
  'too-small',
]);

export const SCOPE_TITLES: Record<Scope, string> = {
  global: 'Everywhere',
  migrations: 'Migrations',
  'migrations.detail': 'Migration SQL',
  'migrations.search': 'Search',
  timeline: 'Timeline',
  'timeline.detail': 'Timeline entry',
  dashboard: 'Dashboard',
  'schema-diff': 'Schema diff',
  help: 'Help',
  preview: 'Preview',
  confirm: 'Confirm',
  'confirm.typed': 'Confirm (production)',
  running: 'Running',
  outcome: 'Result',
  'name-prompt': 'New migration',
  wizard: 'New migration wizard',
  'too-small': 'Terminal too small',
};

/** The scopes consulted for a key, innermost first; a modal scope hides the ones after it. */
export function effectiveScopes(stack: Scope[]): Scope[] {
  const modal = stack.findIndex((s) => MODAL.has(s));
  return modal === -1 ? stack : stack.slice(0, modal + 1);
}

export function bindingsOf(scope: Scope, context: KeyContext): KeyBinding[] {
  return KEYMAP[scope].filter((b) => !b.when || b.when(context));
}

export function resolveKey(stack: Scope[], key: string, context: KeyContext): { scope: Scope; binding: KeyBinding } | undefined {
  for (const scope of effectiveScopes(stack)) {
    const binding = bindingsOf(scope, context).find((b) => b.keys.includes(key));
    if (binding) return { scope, binding };
  }
  return undefined;
}

export interface BarItem {
  keys: string;
  label: string;
}

/** Items of the help bar, innermost scope first. */
export function barItems(stack: Scope[], context: KeyContext): BarItem[] {
  const items: BarItem[] = [];
  const seen = new Set<string>();
  for (const scope of effectiveScopes(stack)) {
    for (const binding of bindingsOf(scope, context)) {
      // A key an inner scope binds is not what an outer binding of it does here.
      if (binding.keys.some((k) => seen.has(k))) continue;
      binding.keys.forEach((k) => seen.add(k));
      if (!binding.showInBar) continue;
      items.push({ keys: binding.bar?.keys ?? displayKey(binding.keys[0]), label: binding.bar?.label ?? binding.label });
    }
  }
  return items;
}

/** Sections of the `?` overlay: every binding of the given scopes, keys spelled out. */
export function helpSections(stack: Scope[], context: KeyContext): { title: string; rows: BarItem[] }[] {
  return effectiveScopes(stack).map((scope) => ({
    title: SCOPE_TITLES[scope],
    rows: bindingsOf(scope, context).map((b) => ({ keys: b.keys.map(displayKey).join(' '), label: b.label })),
  }));
}
