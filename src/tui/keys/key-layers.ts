// Who answers which scopes right now. The app is one layer (its screens and dialogs); a screen
// that keeps its own state (the wizard, the schema diff) is another, inside it. Layers are
// ordered by when they were first rendered, which puts a screen in front of the app that
// draws it; a key is looked up in the scopes of every layer, innermost first.

import type { Handler, ScopeHandlers } from './bindings.js';
import type { TextEdit } from '../model/text-edit.js';
import { EMPTY_KEY_CONTEXT, type KeyContext, type Scope } from './scopes.js';

export interface KeyLayer<S extends Scope = Scope> {
  /** The scopes it answers now, innermost first (none while it has nothing on screen). */
  scopes: readonly S[];
  handlers: ScopeHandlers<S>;
  /** Facts for the bindings' `when` (merged over those of the layers behind it). */
  context?: Partial<KeyContext>;
  /** Text typed into the field of one of its text scopes. */
  onText?(scope: S, edit: TextEdit): void;
  /** Told before any binding runs, whichever layer answers it (the app clears its last notice). */
  onBinding?(): void;
  /** A key of an `alone` binding of one of its scopes came with other keys at once, so nothing ran. */
  onIgnored?(scope: S, key: string): void;
}

/** A layer as the registry keeps it: handlers looked up by name at run time. */
interface StoredLayer {
  scopes: readonly Scope[];
  handlers: Partial<Record<Scope, Record<string, Handler>>>;
  context?: Partial<KeyContext>;
  onText?(scope: Scope, edit: TextEdit): void;
  onBinding?(): void;
  onIgnored?(scope: Scope, key: string): void;
}

/** What the layers in front of one layer answer (the app draws its bar and help from it). */
export interface LayersInFront {
  scopes: readonly Scope[];
  context: Partial<KeyContext>;
}

const NOTHING_IN_FRONT: LayersInFront = { scopes: [], context: {} };

export class KeyLayers {
  private nextOrder = 0;
  private readonly layers = new Map<number, StoredLayer>();
  private readonly listeners = new Set<() => void>();
  private readonly inFrontCache = new Map<number, { signature: string; value: LayersInFront }>();

  /** A place in the order, taken on a layer's first render (a parent renders before its children). */
  claimOrder(): number {
    return this.nextOrder++;
  }

  set<S extends Scope>(order: number, layer: KeyLayer<S>): void {
    const before = this.signature();
    this.layers.set(order, layer);
    if (this.signature() !== before) this.notify();
  }

  remove(order: number): void {
    this.layers.delete(order);
    this.inFrontCache.delete(order);
    this.notify();
  }

  /** Every scope answered now, innermost first (before a modal scope cuts it). */
  stack(): Scope[] {
    return this.innermostFirst().flatMap((layer) => layer.scopes);
  }

  /** The facts of every layer, the innermost winning. */
  context(): KeyContext {
    return this.innermostFirst()
      .reverse()
      .reduce<KeyContext>((merged, layer) => ({ ...merged, ...layer.context }), { ...EMPTY_KEY_CONTEXT });
  }

  ownerOf(scope: Scope): StoredLayer | undefined {
    return this.innermostFirst().find((layer) => layer.scopes.includes(scope));
  }

  /** Tells every layer that a binding is about to run. */
  announceBinding(): void {
    for (const layer of this.layers.values()) layer.onBinding?.();
  }

  /** The scopes and facts of the layers in front of `order`; the same object while they stay the same. */
  inFront(order: number): LayersInFront {
    const front = [...this.layers.entries()].filter(([o]) => o > order).sort(([a], [b]) => b - a);
    if (front.length === 0) return NOTHING_IN_FRONT;
    const value: LayersInFront = {
      scopes: front.flatMap(([, layer]) => layer.scopes),
      context: [...front].reverse().reduce<Partial<KeyContext>>((merged, [, layer]) => ({ ...merged, ...layer.context }), {}),
    };
    const signature = JSON.stringify(value);
    const cached = this.inFrontCache.get(order);
    if (cached?.signature === signature) return cached.value;
    this.inFrontCache.set(order, { signature, value });
    return value;
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private innermostFirst(): StoredLayer[] {
    return [...this.layers.entries()].sort(([a], [b]) => b - a).map(([, layer]) => layer);
  }

  /** What decides the help and the bar: the scopes and facts, not the handlers (new on every render). */
  private signature(): string {
    return JSON.stringify(this.innermostFirst().map((layer) => [layer.scopes, layer.context ?? {}]));
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }
}
