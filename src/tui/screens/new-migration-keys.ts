// The new-migration wizard's keys, per step, as data: the wizard looks keys up here and its
// help bar is generated from the same entries, so the two cannot disagree. Key names are
// those of keys.ts (`keyName`). Steps with a text field bind no printable keys.

import { displayKey } from '../keys.js';
import type { BarItem } from '../keymap.js';

export type WizardStep = 'method' | 'name' | 'template' | 'fields' | 'edit' | 'preview';

export type WizardKeyAction =
  | 'up'
  | 'down'
  | 'page.up'
  | 'page.down'
  | 'choose'
  | 'continue'
  | 'field.next'
  | 'field.previous'
  | 'edit'
  | 'skip'
  | 'save'
  | 'save.run'
  | 'back'
  | 'cancel';

export interface WizardKey {
  key: string[];
  label: string;
  action: WizardKeyAction;
  /** Shown in the help bar (all keys are shown in `?`-style help). */
  showInBar?: boolean;
  /** Shorter text for the bar. */
  bar?: { keys?: string; label?: string };
  /** Only while this holds (e.g. "save and run" is not offered for drift already in the database). */
  when?: (context: WizardKeyContext) => boolean;
}

export interface WizardKeyContext {
  canRun: boolean;
}

const cancel: WizardKey = { key: ['ctrl+c'], label: 'cancel the wizard', action: 'cancel' };

export const WIZARD_KEYS: Record<WizardStep, WizardKey[]> = {
  method: [
    { key: ['j', 'down'], label: 'next method', action: 'down', showInBar: true, bar: { keys: 'j/k', label: 'choose' } },
    { key: ['k', 'up'], label: 'previous method', action: 'up' },
    { key: ['enter'], label: 'use this method', action: 'choose', showInBar: true, bar: { label: 'next' } },
    { key: ['esc'], label: 'close the wizard', action: 'cancel', showInBar: true, bar: { label: 'cancel' } },
    cancel,
  ],
  name: [
    { key: ['enter'], label: 'continue with this name', action: 'continue', showInBar: true, bar: { label: 'next' } },
    { key: ['esc'], label: 'back to the method (the name is kept)', action: 'back', showInBar: true, bar: { label: 'back' } },
    cancel,
  ],
  template: [
    { key: ['j', 'down'], label: 'next template', action: 'down', showInBar: true, bar: { keys: 'j/k', label: 'choose' } },
    { key: ['k', 'up'], label: 'previous template', action: 'up' },
    { key: ['pagedown'], label: 'page down', action: 'page.down' },
    { key: ['pageup'], label: 'page up', action: 'page.up' },
    { key: ['enter'], label: 'use this template', action: 'choose', showInBar: true, bar: { label: 'next' } },
    { key: ['esc'], label: 'back to the name', action: 'back', showInBar: true, bar: { label: 'back' } },
    cancel,
  ],
  fields: [
    { key: ['enter'], label: 'next field; on the last one, continue', action: 'continue', showInBar: true, bar: { label: 'next' } },
    { key: ['tab', 'down'], label: 'next field', action: 'field.next', showInBar: true, bar: { keys: 'tab/↑↓', label: 'move' } },
    { key: ['shift+tab', 'up'], label: 'previous field', action: 'field.previous' },
    { key: ['esc'], label: 'back to the templates (values are kept)', action: 'back', showInBar: true, bar: { label: 'back' } },
    cancel,
  ],
  edit: [
    { key: ['e'], label: 'open the file in $VISUAL / $EDITOR', action: 'edit', showInBar: true, bar: { label: 'edit' } },
    { key: ['enter', 's'], label: 'continue without editing', action: 'skip', showInBar: true, bar: { keys: 'enter', label: 'skip' } },
    { key: ['esc'], label: 'back (what you typed is kept)', action: 'back', showInBar: true, bar: { label: 'back' } },
    cancel,
  ],
  preview: [
    { key: ['s'], label: 'save the migration', action: 'save', showInBar: true, bar: { label: 'save' } },
    {
      key: ['r'],
      label: 'save it and run pending migrations',
      action: 'save.run',
      showInBar: true,
      bar: { label: 'save & run' },
      when: (c) => c.canRun,
    },
    { key: ['e'], label: 'edit it again in $VISUAL / $EDITOR', action: 'edit', showInBar: true, bar: { label: 'edit' } },
    { key: ['j', 'down'], label: 'scroll down', action: 'down', showInBar: true, bar: { keys: 'j/k', label: 'scroll' } },
    { key: ['k', 'up'], label: 'scroll up', action: 'up' },
    { key: ['pagedown'], label: 'page down', action: 'page.down' },
    { key: ['pageup'], label: 'page up', action: 'page.up' },
    { key: ['esc'], label: 'back', action: 'back', showInBar: true, bar: { label: 'back' } },
    cancel,
  ],
};

export function wizardBindings(step: WizardStep, context: WizardKeyContext): WizardKey[] {
  return WIZARD_KEYS[step].filter((b) => !b.when || b.when(context));
}

/** The binding for a key name in a step, if any. */
export function wizardKeyFor(step: WizardStep, key: string, context: WizardKeyContext): WizardKey | undefined {
  return wizardBindings(step, context).find((b) => b.key.includes(key));
}

/** The help bar of a step, from the same table. */
export function wizardBarItems(step: WizardStep, context: WizardKeyContext): BarItem[] {
  return wizardBindings(step, context)
    .filter((b) => b.showInBar)
    .map((b) => ({ keys: b.bar?.keys ?? displayKey(b.key[0]), label: b.bar?.label ?? b.label }));
}
