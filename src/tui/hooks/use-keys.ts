// The app's one keyboard reader. Each key reaches `onKey` of the latest render, in order,
// one per render: keys typed (or auto-repeated, or sent by a script) faster than a frame
// arrive from Ink together ("jjj"), and each must see the state the one before it left.

import { useInput, type Key } from 'ink';
import { useEffect, useLayoutEffect, useReducer, useRef } from 'react';
import { splitKeys } from '../keys.js';

export function useKeys(onKey: (input: string, key: Key) => void): void {
  // Updated in the commit, so a key typed right after a frame appears sees that frame.
  const latest = useRef(onKey);
  useLayoutEffect(() => {
    latest.current = onKey;
  });
  const queued = useRef<{ input: string; key: Key }[]>([]);
  const [, rendered] = useReducer((n: number) => n + 1, 0);
  const drain = () => {
    const next = queued.current.shift();
    if (!next) return;
    latest.current(next.input, next.key);
    rendered();
  };
  useEffect(drain);
  useInput((input, key) => {
    const idle = queued.current.length === 0;
    if (input.length > 1 && !key.ctrl && !key.meta) queued.current.push(...splitKeys(input));
    else queued.current.push({ input, key });
    if (idle) drain();
  });
}
