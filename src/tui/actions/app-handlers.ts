// What each key does in the app's own scopes (its screens and dialogs), one handler per
// action of the bindings table. The wizard and the schema diff hand over their own.

import type { ScopeHandlers } from '../keys/bindings.js';
import type { AppScope } from '../keys/scopes.js';
import type { TextEdit } from '../model/text-edit.js';
import type { ActionContext } from './action-context.js';
import { dialogHandlers } from './dialog-handlers.js';
import { globalHandlers } from './global-handlers.js';
import { screenHandlers } from './screen-handlers.js';

export function appHandlers(ctx: ActionContext): ScopeHandlers<AppScope> {
  const global = globalHandlers(ctx);
  return {
    global,
    ...screenHandlers(ctx, global),
    ...dialogHandlers(ctx),
    'too-small': { quit: global.quit },
  };
}

/** Where text typed into the app's own fields goes: the search, the name prompt, the production confirmations. */
export function appTextInput(ctx: Pick<ActionContext, 'dispatch' | 'run'>) {
  return (scope: AppScope, edit: TextEdit): void => {
    if (scope === 'migrations.search') ctx.dispatch({ type: 'query-edit', edit });
    else if (scope === 'name-prompt') ctx.dispatch({ type: 'prompt-edit', edit });
    else if (scope === 'confirm.typed') ctx.run.editTyped(edit);
    else if (scope === 'mark.typed') ctx.dispatch({ type: 'mark-typed-edit', edit });
  };
}
