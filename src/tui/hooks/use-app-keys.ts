// The app's place on the keyboard: which of its scopes answer now, the handler of each
// action (actions/), where typed text goes, and the help bar for what is on screen,
// screens that answer keys themselves (the schema diff) included.

import { scopeStack } from '../app-layout.js';
import { appHandlers, appTextInput } from '../actions/app-handlers.js';
import type { ActionContext } from '../actions/action-context.js';
import { useKeyLayer } from '../keys/keyboard.js';
import { appBarItems, type BarItem } from '../keys/resolve.js';
import type { KeyContext } from '../keys/scopes.js';
import { noticeError, outcomeError } from '../model/shown-error.js';
import { markDirectionOf } from '../actions/mark-migration.js';

/** Returns the items of the app's help bar. */
export function useAppKeys(ctx: ActionContext, tooSmall: boolean): BarItem[] {
  const { state, dispatch, vm, run, project, features } = ctx;
  const scopes = scopeStack(state, run.state.phase, project.config.production, tooSmall);
  const context: KeyContext = {
    selectedHasFile: Boolean(vm.selected?.path),
    selectedMarkable: markDirectionOf(vm.selected) !== undefined,
    narrowed: state.migrations.filter !== 'all' || state.migrations.query !== '',
    features: { risk: features.risk, schemaDiff: features.schemaDiff },
    errorOnNotice: Boolean(noticeError(state.notice, ctx.data.data?.statusError)),
    errorInOutcome: run.state.phase === 'done' && Boolean(outcomeError(run.state)),
  };
  const inFront = useKeyLayer({
    scopes,
    handlers: appHandlers(ctx),
    context,
    onText: appTextInput(ctx),
    // Any key that does something clears the last message; "Refreshing…" clears itself when done.
    onBinding: () => {
      if (state.notice && state.notice.text !== 'Refreshing…') dispatch({ type: 'notice', notice: null });
    },
    // `y` (or enter after the typed name) that came in a paste: the dialog says why nothing ran.
    onIgnored: (scope, key) => {
      if (scope === 'confirm' || scope === 'confirm.typed') run.ignoredKey(key);
    },
  });
  return appBarItems([...inFront.scopes, ...scopes], { ...context, ...inFront.context });
}
