// The app's one keyboard reader. `KeyboardProvider` holds the only `useInput`; a key goes to
// the binding its scope has for it (bindings.ts) and runs the handler the scope's owner gave
// (`useKeyLayer`); a key no binding takes is typed into the text field that has the keys,
// if any. Screens and dialogs never read stdin themselves.
//
// Keys are handled one per render, in order: keys typed (or auto-repeated, or sent by a
// script) faster than a frame arrive together or between two renders, and each must see the
// state the one before it left (input-queue.ts).

import { useInput } from 'ink';
import {
  createContext,
  useContext,
  useEffect,
  useLayoutEffect,
  useReducer,
  useRef,
  useState,
  useSyncExternalStore,
  type ReactNode,
} from 'react';
import { textEditFor, typedText } from '../model/text-edit.js';
import { InputQueue, type InputStep } from './input-queue.js';
import { KeyLayers, type KeyLayer, type LayersInFront } from './key-layers.js';
import { keyName } from './key-names.js';
import { effectiveScopes, resolveKey } from './resolve.js';
import { SCOPES, type Scope } from './scopes.js';

const KeyboardContext = createContext<KeyLayers | null>(null);

/** Runs one key (or one run of typed text) against the layers as they are now. */
function handleStep(layers: KeyLayers, step: InputStep): void {
  const stack = effectiveScopes(layers.stack());
  const context = layers.context();
  const focused = stack[0];
  const typeIntoField = (edit: ReturnType<typeof typedText>) => {
    if (edit && focused && SCOPES[focused].text) layers.ownerOf(focused)?.onText?.(focused, edit);
  };
  if (step.type === 'text') return typeIntoField(typedText(step.text));
  const name = keyName(step.input, step.key);
  const resolved = resolveKey(stack, name, context);
  if (!resolved) return typeIntoField(textEditFor(name, step.input, step.key));
  if (resolved.binding.alone && step.burst) return layers.ownerOf(resolved.scope)?.onIgnored?.(resolved.scope, name);
  layers.announceBinding();
  const handlers = layers.ownerOf(resolved.scope)?.handlers[resolved.scope];
  handlers?.[resolved.binding.action]({ stack, context });
}

export function KeyboardProvider({ children }: { children: ReactNode }) {
  const [layers] = useState(() => new KeyLayers());
  const [queue] = useState(() => new InputQueue());
  /** A key was handled and the render showing its effect has not been committed yet. */
  const waiting = useRef(false);
  const [, rendered] = useReducer((n: number) => n + 1, 0);
  useLayoutEffect(() => {
    waiting.current = false;
  });
  const handleNext = () => {
    const focused = effectiveScopes(layers.stack())[0];
    const step = queue.next(Boolean(focused && SCOPES[focused].text));
    if (!step) return;
    waiting.current = true;
    handleStep(layers, step);
    // Always re-render, so the next key is handled even when this one changed nothing.
    rendered();
  };
  useEffect(() => {
    if (!waiting.current) handleNext();
  });
  useInput((input, key) => {
    queue.push(input, key);
    if (!waiting.current) handleNext();
  });
  return <KeyboardContext.Provider value={layers}>{children}</KeyboardContext.Provider>;
}

/**
 * Answers the keys of some scopes while the component is mounted: `layer.scopes` says which
 * (innermost first), `layer.handlers` what each action does. Returns what the layers in front
 * of this one answer (a screen inside it), for its help bar and `?`.
 */
export function useKeyLayer<S extends Scope>(layer: KeyLayer<S>): LayersInFront {
  const layers = useContext(KeyboardContext);
  if (!layers) throw new Error('useKeyLayer needs a <KeyboardProvider> around the app.');
  const [order] = useState(() => layers.claimOrder());
  // Every commit: handlers close over the state of the latest render.
  useLayoutEffect(() => layers.set(order, layer));
  useLayoutEffect(() => () => layers.remove(order), [layers, order]);
  return useSyncExternalStore(layers.subscribe, () => layers.inFront(order));
}
