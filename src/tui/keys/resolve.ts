// Reading the bindings table for a stack of scopes (innermost first, e.g. the schema diff in
// front of the global keys): which binding a key reaches, what the help bar shows and what
// `?` lists. All three apply the same precedence, so a key is never shown with two meanings.

import { BINDINGS_BY_SCOPE, type Binding } from './bindings.js';
import { displayKey } from './key-names.js';
import { SCOPES, type KeyContext, type Scope } from './scopes.js';

/** The scopes consulted for a key, innermost first; a modal scope hides the ones after it. */
export function effectiveScopes(stack: readonly Scope[]): Scope[] {
  const modal = stack.findIndex((scope) => SCOPES[scope].modal);
  return modal === -1 ? [...stack] : stack.slice(0, modal + 1);
}

export function bindingsOf(scope: Scope, context: KeyContext): readonly Binding[] {
  return BINDINGS_BY_SCOPE[scope].filter((b) => !b.when || b.when(context));
}

export interface VisibleBinding {
  scope: Scope;
  binding: Binding;
  /** Its keys that no scope before it took (an inner scope's meaning of a key wins). */
  keys: string[];
}

/** Every binding a key can reach in this stack, in order; bindings whose keys were all taken are left out. */
export function visibleBindings(stack: readonly Scope[], context: KeyContext): VisibleBinding[] {
  const taken = new Set<string>();
  const visible: VisibleBinding[] = [];
  for (const scope of effectiveScopes(stack)) {
    for (const binding of bindingsOf(scope, context)) {
      const keys = binding.keys.filter((key) => !taken.has(key));
      keys.forEach((key) => taken.add(key));
      if (keys.length) visible.push({ scope, binding, keys });
    }
  }
  return visible;
}

export function resolveKey(stack: readonly Scope[], key: string, context: KeyContext): { scope: Scope; binding: Binding } | undefined {
  return visibleBindings(stack, context).find((v) => v.keys.includes(key));
}

export interface BarItem {
  keys: string;
  label: string;
}

function barItem({ binding, keys }: VisibleBinding): BarItem {
  // A shortened key text (`j/k`) would name a key another scope took.
  const whole = keys.length === binding.keys.length;
  return { keys: (whole && binding.bar?.keys) || displayKey(keys[0]), label: binding.bar?.label ?? binding.label };
}

/** Items of the help bar, innermost scope first. */
export function barItems(stack: readonly Scope[], context: KeyContext): BarItem[] {
  return visibleBindings(stack, context)
    .filter((v) => v.binding.inHelpBar)
    .map(barItem);
}

/** The app's own help bar: like `barItems`, without the scopes whose screen draws their bar itself. */
export function appBarItems(stack: readonly Scope[], context: KeyContext): BarItem[] {
  return visibleBindings(stack, context)
    .filter((v) => v.binding.inHelpBar && !SCOPES[v.scope].ownBar)
    .map(barItem);
}

export interface HelpSection {
  title: string;
  rows: BarItem[];
}

/** Sections of the `?` overlay: every binding the stack reaches, keys spelled out. */
export function helpSections(stack: readonly Scope[], context: KeyContext): HelpSection[] {
  const visible = visibleBindings(stack, context);
  return effectiveScopes(stack)
    .map((scope) => ({
      title: SCOPES[scope].title,
      rows: visible.filter((v) => v.scope === scope).map((v) => ({ keys: v.keys.map(displayKey).join(' '), label: v.binding.label })),
    }))
    .filter((section) => section.rows.length > 0);
}
