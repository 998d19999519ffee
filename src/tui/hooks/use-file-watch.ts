// Calls `onChange` (debounced) when files in the given directories change, so an edit made
// in another window shows up without pressing `r`. Directories that do not exist are skipped.

import { watch, type FSWatcher } from 'node:fs';
import { useEffect, useLayoutEffect, useRef } from 'react';

const SEPARATOR = '\0';

export function useFileWatch(dirs: readonly string[], onChange: () => void, delayMs = 250): void {
  const callback = useRef(onChange);
  useLayoutEffect(() => {
    callback.current = onChange;
  });
  // The watchers follow the directories' names, not the array (a new one on every render).
  const joined = dirs.join(SEPARATOR);
  useEffect(() => {
    let timer: NodeJS.Timeout | undefined;
    const fire = () => {
      clearTimeout(timer);
      timer = setTimeout(() => callback.current(), delayMs);
    };
    const watchers: FSWatcher[] = [];
    for (const dir of joined ? joined.split(SEPARATOR) : []) {
      try {
        const watcher = watch(dir, { persistent: false }, fire);
        // A watched directory that is deleted must not crash the app.
        watcher.on('error', () => watcher.close());
        watchers.push(watcher);
      } catch {
        // Missing or unreadable: nothing to watch.
      }
    }
    return () => {
      clearTimeout(timer);
      for (const watcher of watchers) watcher.close();
    };
  }, [joined, delayMs]);
}
