// Loads the schema diff for a project (dbmate dumps the live schema to a temporary file) and
// reloads it on request. A reload keeps the previous result on screen until the new one
// arrives; leaving the screen aborts a dump in flight.

import { useCallback, useEffect, useRef, useState } from 'react';
import { serializeError, type SerializedError } from '../../core/shared/errors.js';
import type { Project } from '../../core/project/project.js';
import { type SchemaDiff } from '../../core/schema/diff.js';
import { diffLiveSchema } from '../../core/project/live-schema.js';

export type SchemaDiffLoader = (project: Project, options: { signal: AbortSignal }) => Promise<SchemaDiff>;

export interface SchemaDiffState {
  diff?: SchemaDiff;
  error?: SerializedError;
  loading: boolean;
}

export function useSchemaDiff(project: Project, load: SchemaDiffLoader = diffLiveSchema): SchemaDiffState & { reload: () => void } {
  const [state, setState] = useState<SchemaDiffState>({ loading: true });
  const [generation, setGeneration] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    const controller = new AbortController();
    setState((previous) => ({ ...previous, loading: true }));
    loadRef.current(project, { signal: controller.signal }).then(
      (diff) => {
        if (!controller.signal.aborted) setState({ diff, loading: false });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setState((previous) => ({ diff: previous.diff, error: serializeError(error), loading: false }));
      },
    );
    return () => controller.abort();
  }, [project, generation]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { ...state, reload };
}
