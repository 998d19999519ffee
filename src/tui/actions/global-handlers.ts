// The keys that work on every screen: run, roll back, new migration, refresh, switch screens,
// help and quit. The dashboard's quick actions run the same handlers.

import { cycleScreen, type ScreenId } from '../app-state.js';
import type { Features } from '../app-layout.js';
import type { Handlers } from '../keys/bindings.js';
import { helpSections } from '../keys/resolve.js';
import { noticeError } from '../model/shown-error.js';
import { notify, type ActionContext } from './action-context.js';

function screens(features: Features): ScreenId[] {
  return features.schemaDiff
    ? ['migrations', 'timeline', 'dashboard', 'schema-diff', 'analytics', 'backups']
    : ['migrations', 'timeline', 'dashboard', 'analytics', 'backups'];
}

export function globalHandlers(ctx: ActionContext): Handlers<'global'> {
  const { dispatch, state, run, features } = ctx;
  const available = screens(features);
  const show = (screen: ScreenId) => dispatch({ type: 'screen', screen });
  return {
    'run.up': () => void run.request('up').then((notice) => notify(ctx, notice)),
    'run.down': () => void run.request('down').then((notice) => notify(ctx, notice)),
    new: () =>
      dispatch({ type: 'overlay', overlay: features.wizard ? { type: 'wizard' } : { type: 'name-prompt', value: '', busy: false } }),
    refresh: () => {
      notify(ctx, { tone: 'info', text: 'Refreshing…' });
      void ctx.data.refresh().then(() => dispatch({ type: 'notice', notice: null }));
    },
    'screen.next': () => show(cycleScreen(state.screen, 1, available)),
    'screen.previous': () => show(cycleScreen(state.screen, -1, available)),
    'screen.migrations': () => show('migrations'),
    'screen.timeline': () => show('timeline'),
    'screen.dashboard': () => show('dashboard'),
    'screen.schema-diff': () => show('schema-diff'),
    'screen.analytics': () => show('analytics'),
    'screen.backups': () => show('backups'),
    // The keys of the moment, kept with the overlay: the screen they belong to is not drawn under it.
    help: ({ stack, context }) =>
      dispatch({ type: 'overlay', overlay: { type: 'help', scroll: 0, sections: helpSections(stack, context) } }),
    quit: () => ctx.quit(),
    'copy.error': () => {
      const shown = noticeError(state.notice, ctx.data.data?.statusError);
      if (shown) ctx.copyError(shown);
    },
  };
}
