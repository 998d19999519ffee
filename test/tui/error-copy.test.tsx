// Issue 14 in the app: an error shows the database's own words (a Detail block), `y` copies the
// whole error (OSC 52, and .dbtk/last-error.txt, said where), and no data drives the terminal.

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { render as renderInk } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DbtkError } from '../../src/core/shared/errors.js';
import type { Project } from '../../src/core/project/project.js';
import { osc52 } from '../../src/tui/clipboard.js';
import { KeyboardProvider } from '../../src/tui/keys/keyboard.js';
import { SchemaDiffScreen } from '../../src/tui/screens/SchemaDiffScreen.js';
import { fakeProject, historyEntry, type FakeMigration } from './fake-project.js';
import { renderApp, type TestScreen } from './render-app.js';

const MIGRATIONS: FakeMigration[] = [
  { version: '20240101120000', name: 'create_users', up: 'CREATE TABLE users (id INTEGER);', down: 'DROP TABLE users;', applied: true },
  { version: '20240102120000', name: 'create_tags', up: 'CREATE TABEL tags (id INTEGER);', down: 'DROP TABLE tags;' },
];

let screen: TestScreen | undefined;
afterEach(() => screen?.unmount());

describe('an error in the app', () => {
  it("shows the database's words and code under the fix, and y copies the whole error and saves it", async () => {
    const fake = fakeProject({
      migrations: MIGRATIONS,
      failOn: '20240102120000',
      failDetail: { detail: 'near "TABEL": syntax error\nin CREATE TABEL tags (id INTEGER);', code: 'SQLITE_ERROR' },
    });
    screen = await renderApp(fake.project);
    await screen.waitFor('create_tags');
    await screen.press('u');
    await screen.waitFor('Run it?');
    await screen.press('y');
    const outcome = await screen.waitFor('✖ Failed');
    const lines = outcome.split('\n').map((l) => l.trim());
    const fix = lines.findIndex((l) => l.startsWith('Fix: Fix the SQL in the file'));
    expect(lines.slice(fix + 1, fix + 5)).toEqual([
      'Detail:',
      'near "TABEL": syntax error',
      'in CREATE TABEL tags (id INTEGER);',
      'code SQLITE_ERROR',
    ]);
    expect(outcome).toContain('y copies this error in full');
    expect(outcome).toMatch(/y copy error/);

    await screen.press('y');
    const saved = await screen.waitFor('Error copied to the clipboard');
    // The path may wrap anywhere (its temp folder is long): compare without the white space.
    expect(saved.replace(/\s+/g, '')).toMatch(/savedin\S*\.dbtk\/last-error\.txt\./);
    expect(saved).toContain('✖ Failed'); // still on the outcome
    expect(screen.copied).toHaveLength(1);
    const report = screen.copied[0];
    expect(report).toContain('While:     applying pending migrations in the dbtk app');
    expect(report).toContain('Error:     20240102120000_create_tags.sql: near "TABEL": syntax error');
    expect(report).toContain('File:      20240102120000_create_tags.sql');
    expect(report).toContain('Code:      SQLITE_ERROR');
    expect(report).toContain('Database said:\n    near "TABEL": syntax error');
    expect(report).toContain('SQL of the migration section:\n    CREATE TABEL tags (id INTEGER);');
    expect(report).toContain('Database:  sqlite:db/dev.db');
    expect(report).toMatch(/Versions: {2}dbtk \S+, dbmate 2\.36\.0, node v/);
    const file = path.join(fake.project.config.stateDir, 'last-error.txt');
    expect(readFileSync(file, 'utf8')).toBe(report);
  });

  it('shows why the status cannot be read with its detail, and y copies it', async () => {
    const fake = fakeProject({
      migrations: MIGRATIONS,
      statusError: new DbtkError('connection_refused', 'The database server is not accepting connections.', {
        hint: 'Check that the server is running.',
        detail: 'Error: dial tcp 127.0.0.1:5432: connect: connection refused',
      }),
    });
    screen = await renderApp(fake.project, { columns: 100, rows: 30 });
    const frame = await screen.waitFor('Detail (y copies the whole error):');
    expect(frame).toContain('✖ The database server is not accepting connections. Fix: Check that the server is running.');
    expect(frame).toContain('Error: dial tcp 127.0.0.1:5432: connect: connection refused');
    expect(frame.split('\n')).toHaveLength(30);
    await screen.press('y');
    await screen.waitFor('Error copied to the clipboard');
    expect(screen.copied[0]).toContain('While:     reading the migration status in the dbtk app');
    expect(screen.copied[0]).toContain('dial tcp 127.0.0.1:5432: connect: connection refused');
    expect(existsSync(path.join(fake.project.config.stateDir, 'last-error.txt'))).toBe(true);
  });

  it('y does nothing where no error is shown', async () => {
    const fake = fakeProject({ migrations: MIGRATIONS });
    screen = await renderApp(fake.project);
    await screen.waitFor('create_tags');
    await screen.press('y');
    expect(screen.copied).toEqual([]);
    expect(screen.frame()).not.toContain('Error copied');
  });
});

describe('data never drives the terminal', () => {
  it('a migration named with an OSC sequence is shown, not obeyed', async () => {
    const evil = '\u001b]2;pwn\u0007';
    const fake = fakeProject({
      migrations: [
        ...MIGRATIONS.slice(0, 1),
        { version: '20240103120000', name: `x${evil}`, up: `SELECT '${evil}';`, down: '', failed: `boom ${evil}` },
      ],
      history: [
        historyEntry({
          id: 'h1',
          action: 'up',
          startedAt: '2024-06-01T11:00:00Z',
          version: '20240103120000',
          name: `x${evil}`,
          file: `20240103120000_x${evil}.sql`,
          status: 'failed',
          errorKind: 'unknown',
          errorMessage: `boom ${evil}`,
          appliedBy: `eve${evil}@host`,
        }),
      ],
    });
    screen = await renderApp(fake.project, { colour: true });
    // Whatever escape the raw frame holds must be a colour (SGR) sequence: no OSC, no BEL.
    // eslint-disable-next-line no-control-regex -- the test looks for control characters on purpose
    const onlyColours = (raw: string) => expect(raw.replace(/\u001b\[[0-9;]*m/g, '')).not.toMatch(/[\u0007\u001b\u009b]/);
    await screen.waitFor('x\\e]2;pwn\\a');
    onlyColours(screen.rawFrame());
    await screen.press('G', 'enter');
    await screen.waitFor("SELECT '\\e]2;pwn\\a';");
    onlyColours(screen.rawFrame());
    expect(screen.frame()).toContain('⚠ failed: the last run failed: boom \\e]2;pwn\\a');
    await screen.press('esc', '2');
    await screen.waitFor('eve\\e]2;pwn\\a');
    onlyColours(screen.rawFrame());
    await screen.press('enter');
    await screen.waitFor('  boom \\e]2;pwn\\a');
    onlyColours(screen.rawFrame());
    await screen.press('esc', '3');
    await screen.waitFor('Recent activity');
    onlyColours(screen.rawFrame());
  });
});

describe('osc52', () => {
  it('puts base64 text in an OSC 52 sequence, wrapped in tmux passthrough inside tmux', () => {
    expect(osc52('héllo', {})).toBe(`\u001b]52;c;${Buffer.from('héllo').toString('base64')}\u0007`);
    expect(osc52('hi', { TMUX: '/tmp/tmux-0/default,1,0' })).toBe('\u001bPtmux;\u001b\u001b]52;c;aGk=\u0007\u001b\\');
  });
});

describe('the schema diff', () => {
  it('shows a failed dump with its Detail block, and y hands the error over', async () => {
    const error = new DbtkError('unknown', 'pg_dump failed.', {
      hint: 'See the detail.',
      detail: 'pg_dump: error: server version: 17.1; pg_dump version: 15.2',
    });
    const onCopyError = vi.fn();
    const { lastFrame, stdin } = renderInk(
      <KeyboardProvider>
        <SchemaDiffScreen project={{} as Project} height={24} width={100} load={() => Promise.reject(error)} onCopyError={onCopyError} />
      </KeyboardProvider>,
    );
    await vi.waitFor(() => expect(lastFrame()).toContain('pg_dump failed.'), { timeout: 2000, interval: 5 });
    expect(lastFrame()).toContain('Detail:');
    expect(lastFrame()).toContain('pg_dump: error: server version: 17.1; pg_dump version: 15.2');
    expect(lastFrame()).toContain('y copy error');
    stdin.write('y');
    await vi.waitFor(() => expect(onCopyError).toHaveBeenCalledWith(expect.objectContaining({ message: 'pg_dump failed.' })));
  });
});
