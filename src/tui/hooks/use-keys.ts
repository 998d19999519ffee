// The app's one keyboard reader. Each key reaches `onKey` of the latest render, in order,
// one per render: keys typed (or auto-repeated, or sent by a script) faster than a frame
// arrive from Ink together ("jjj") or between two renders, and each must see the state the
// one before it left.

import { useInput, type Key } from 'ink';
import { useEffect, useLayoutEffect, useReducer, useRef } from 'react';
import { splitKeys } from '../keys.js';

export function useKeys(onKey: (input: string, key: Key) => void): void {
  const latest = useRef(onKey);
  /** A key was handled and the render showing its effect has not been committed yet. */
  const waiting = useRef(false);
  const queued = useRef<{ input: string; key: Key }[]>([]);
  const [, rendered] = useReducer((n: number) => n + 1, 0);
  useLayoutEffect(() => {
    latest.current = onKey;
    waiting.current = false;
  });
  const handleNext = () => {
    const next = queued.current.shift();
    if (!next) return;
    waiting.current = true;
    latest.current(next.input, next.key);
    // Always re-render, so the next key is handled even when this one changed nothing.
    rendered();
  };
  useEffect(() => {
    if (!waiting.current) handleNext();
  });
  useInput((input, key) => {
    if (input.length > 1 && !key.ctrl && !key.meta) queued.current.push(...splitKeys(input));
    else queued.current.push({ input, key });
    if (!waiting.current) handleNext();
  });
}
