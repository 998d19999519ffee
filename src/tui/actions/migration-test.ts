// `t` on the dashboard: every migration up, down and up again on a scratch database (core's
// `testMigrations`), shown as it goes in a dialog; esc stops it (the scratch database is
// removed either way). The connected database is not touched.

import { serializeError } from '../../core/shared/errors.js';
import type { MigrationTestOverlay } from '../app-state.js';
import type { ActionContext } from './action-context.js';

let nextId = 1;
const running = new Map<number, AbortController>();

export function startMigrationTest(ctx: ActionContext): void {
  const { dispatch } = ctx;
  const id = nextId++;
  const abort = new AbortController();
  running.set(id, abort);
  dispatch({ type: 'overlay', overlay: { type: 'migration-test', id, running: true, results: [], scroll: 0 } });
  const patch = (p: (overlay: MigrationTestOverlay) => Partial<MigrationTestOverlay>) => dispatch({ type: 'migration-test', id, patch: p });
  const done = ctx.project
    .testMigrations({
      signal: abort.signal,
      onEvent: (event) => {
        if (event.type === 'scratch_created') patch(() => ({ scratch: event.label }));
        else if (event.type === 'started') patch(() => ({ current: event.file, total: event.total }));
        else if (event.type === 'finished') patch((o) => ({ results: [...o.results, event.result], current: undefined }));
      },
    })
    .then(
      (report) =>
        patch(() => ({
          running: false,
          current: undefined,
          report,
          results: report.migrations.filter((m) => m.status !== 'not_run'),
          error: report.error?.message,
        })),
      (error: unknown) => patch(() => ({ running: false, current: undefined, error: serializeError(error).message })),
    )
    .finally(() => running.delete(id));
  ctx.pendingWork?.track(abort, done);
}

/** esc: stops a running test (its dialog stays until it has ended), or closes the dialog. */
export function closeMigrationTest(ctx: ActionContext): void {
  const overlay = ctx.state.overlay;
  if (overlay?.type !== 'migration-test') return;
  const abort = running.get(overlay.id);
  if (overlay.running && abort && !abort.signal.aborted) {
    abort.abort();
    return;
  }
  if (!overlay.running) ctx.dispatch({ type: 'overlay', overlay: null });
}
