// Loads the schema diff for a project (dbmate dumps the live schema to a temporary file) and
// reloads it on request. A reload keeps the previous result on screen until the new one
// arrives; leaving the screen aborts a dump in flight.

import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
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

/** One dump: of which project, and which reload (`r` asks for the next). */
interface Request {
  project: Project;
  generation: number;
}

/** The last dump's outcome, and the request it answered. */
interface Outcome {
  diff?: SchemaDiff;
  error?: SerializedError;
  answered?: Request;
}

export function useSchemaDiff(project: Project, load: SchemaDiffLoader = diffLiveSchema): SchemaDiffState & { reload: () => void } {
  const [outcome, setOutcome] = useState<Outcome>({});
  const [generation, setGeneration] = useState(0);
  const loadRef = useRef(load);
  useLayoutEffect(() => {
    loadRef.current = load;
  });

  useEffect(() => {
    const controller = new AbortController();
    const request: Request = { project, generation };
    loadRef.current(project, { signal: controller.signal }).then(
      (diff) => {
        if (!controller.signal.aborted) setOutcome({ diff, answered: request });
      },
      (error: unknown) => {
        if (!controller.signal.aborted)
          setOutcome((previous) => ({ diff: previous.diff, error: serializeError(error), answered: request }));
      },
    );
    return () => controller.abort();
  }, [project, generation]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  // Loading until the dump of this project and this reload is in: the previous result stays meanwhile.
  const loading = outcome.answered?.project !== project || outcome.answered.generation !== generation;
  return { diff: outcome.diff, error: outcome.error, loading, reload };
}
