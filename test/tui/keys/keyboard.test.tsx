// The one keyboard reader: a key reaches the innermost scope that binds it, a screen's own
// keys win over the app's, and typed or pasted text goes to the field that has the keys.

import { stripVTControlCharacters } from 'node:util';
import { Text } from 'ink';
import { render } from 'ink-testing-library';
import { Component, useState, type ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { compareSchemas } from '../../../src/core/schema/diff.js';
import { BINDINGS_BY_SCOPE, type Handlers } from '../../../src/tui/keys/bindings.js';
import { KeyboardProvider, useKeyLayer } from '../../../src/tui/keys/keyboard.js';
import type { Scope } from '../../../src/tui/keys/scopes.js';
import { SchemaDiffView } from '../../../src/tui/screens/SchemaDiffScreen.js';
import { fakeProject, type FakeMigration } from '../fake-project.js';
import { renderApp, type TestScreen } from '../render-app.js';

/** Handlers that only write down which action ran. */
function recording<S extends Scope>(scope: S, log: string[]): Handlers<S> {
  return Object.fromEntries(BINDINGS_BY_SCOPE[scope].map((b) => [b.action, () => void log.push(b.action)])) as unknown as Handlers<S>;
}

/** Stands in for the app: answers the global keys behind whatever it draws. */
function GlobalKeys({ log, children }: { log: string[]; children: ReactNode }) {
  useKeyLayer({ scopes: ['global'], handlers: { global: recording('global', log) } });
  return <>{children}</>;
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

function threeChanges() {
  const before = Array.from({ length: 100 }, (_, i) => `-- line ${i + 1}`);
  const after = before.map((line, i) => ([19, 49, 79].includes(i) ? `${line} CHANGED` : line));
  return compareSchemas({
    expected: `${before.join('\n')}\n`,
    actual: `${after.join('\n')}\n`,
    dialect: 'generic',
    labels: { expected: 'db/schema.sql', actual: 'live database' },
  });
}

describe('one keyboard for the whole app', () => {
  it('gives n and r to the schema diff in front of the app, and every other key to the app', async () => {
    const log: string[] = [];
    const onReload = vi.fn();
    const { lastFrame, stdin } = render(
      <KeyboardProvider>
        <GlobalKeys log={log}>
          <SchemaDiffView diff={threeChanges()} height={20} width={100} onReload={onReload} />
        </GlobalKeys>
      </KeyboardProvider>,
    );
    expect(lastFrame()).toContain('change 1/3');
    stdin.write('n');
    await vi.waitFor(() => expect(lastFrame()).toContain('change 2/3'));
    stdin.write('r');
    await vi.waitFor(() => expect(onReload).toHaveBeenCalledTimes(1));
    stdin.write('u');
    stdin.write('q');
    await vi.waitFor(() => expect(log).toEqual(['run.up', 'quit']));
    // The screen's bar comes from the same table.
    expect(stripVTControlCharacters(lastFrame()!)).toContain('n next change · N previous change · s side by side / unified · r dump again');
  });

  it('hands the keys of a burst over one by one, each to the scope the key before it left', async () => {
    const log: string[] = [];
    function Timeline() {
      const [open, setOpen] = useState(false);
      useKeyLayer({
        scopes: [open ? 'timeline.detail' : 'timeline'],
        handlers: {
          timeline: { ...recording('timeline', log), open: () => (log.push('open'), setOpen(true)) },
          'timeline.detail': { back: () => (log.push('back'), setOpen(false)) },
        },
      });
      return <Text>{open ? 'details' : 'list'}</Text>;
    }
    const { stdin, lastFrame } = render(
      <KeyboardProvider>
        <Timeline />
      </KeyboardProvider>,
    );
    // j moves, enter opens; in the details j means nothing and enter closes them again.
    stdin.write('j\rj\rk\r');
    await vi.waitFor(() => expect(log).toEqual(['down', 'open', 'back', 'up', 'open']));
    expect(lastFrame()).toBe('details');
  });

  it('says plainly when a screen is drawn without the keyboard around it', () => {
    // Caught by a boundary of the test's own: Ink shows uncaught errors only outside CI.
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const { lastFrame } = render(
      <ShowError>
        <SchemaDiffView diff={threeChanges()} height={20} width={100} />
      </ShowError>,
    );
    expect(lastFrame()).toContain('useKeyLayer needs a <KeyboardProvider> around the app.');
  });
});

/** Draws the message of an error thrown while rendering its children. */
class ShowError extends Component<{ children: ReactNode }, { message?: string }> {
  override state: { message?: string } = {};
  static getDerivedStateFromError(error: Error) {
    return { message: error.message };
  }
  override render() {
    return this.state.message ? <Text>{this.state.message}</Text> : this.props.children;
  }
}

const MIGRATIONS: FakeMigration[] = [
  { version: '20240101120000', name: 'create_users', up: 'CREATE TABLE users (id INTEGER);', down: 'DROP TABLE users;', applied: true },
  { version: '20240102120000', name: 'add_email', up: 'ALTER TABLE users ADD email TEXT;', down: 'ALTER TABLE users DROP email;' },
];
const PASTE_START = '\x1b[200~';
const PASTE_END = '\x1b[201~';

let screen: TestScreen | undefined;
afterEach(() => screen?.unmount());

describe('pastes in the app', () => {
  it('a paste on the list runs nothing: d and u in it are text, not roll back and run', async () => {
    const fake = fakeProject({ migrations: MIGRATIONS });
    screen = await renderApp(fake.project);
    await screen.waitFor('create_users');
    await screen.press(`${PASTE_START}dud${PASTE_END}`);
    for (let i = 0; i < 5; i++) await tick();
    expect(screen.frame()).not.toContain('Roll back');
    expect(screen.frame()).not.toContain('Apply');
    expect(fake.calls.filter((call) => call !== 'status')).toEqual([]);
    // Keys typed after the paste are keys again.
    await screen.press('j');
    await screen.waitFor('› ● pending 20240102120000 add_email');
  });

  it('a paste in the search is typed into it whole', async () => {
    const fake = fakeProject({ migrations: MIGRATIONS });
    screen = await renderApp(fake.project);
    await screen.waitFor('create_users');
    await screen.press('/', `${PASTE_START}email\r${PASTE_END}`);
    const frame = await screen.waitFor('1 match');
    expect(frame).toContain('add_email');
    expect(frame).not.toContain('create_users');
  });
});
