import { render as renderInk } from 'ink-testing-library';
import type { ReactNode } from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { BackupRecord, BackupSettings, RestorePreview } from '../../src/core/project/backups.js';
import { DbtkError } from '../../src/core/shared/errors.js';
import type { BackupsSource } from '../../src/tui/hooks/use-backups.js';
import { KeyboardProvider } from '../../src/tui/keys/keyboard.js';
import { BackupsScreen } from '../../src/tui/screens/BackupsScreen.js';
import { fakeProject } from './fake-project.js';
import { renderApp } from './render-app.js';

const render = (node: ReactNode) => renderInk(<KeyboardProvider>{node}</KeyboardProvider>);

const backup = (id: string, createdAt: string, versions: string[]): BackupRecord => ({
  format: 1,
  id,
  createdAt,
  reason: 'before down',
  database: { dialect: 'sqlite', label: 'sqlite:/tmp/app.sqlite3', key: 'k', database: '/tmp/app.sqlite3' },
  connection: 'app',
  file: `${id}.sqlite3`,
  fileFormat: 'sqlite',
  size: 20480,
  sha256: 'ab'.repeat(32),
  appliedVersions: versions,
  tools: { sqlite3: '3.40.1' },
  verifiedBy: 'PRAGMA integrity_check',
  dbtkVersion: '0.1.0',
  path: `/backups/${id}.sqlite3`,
  manifestPath: `/backups/${id}.json`,
  fileMissing: false,
});

const SETTINGS: BackupSettings = { enabled: true, before: ['down'], dir: '/backups', dirConfigured: false, keep: 10, files: [] };
const NEWER = backup('20260302t100000-bbbbbbbb', '2026-03-02T10:00:00.000Z', ['20260101000000', '20260102000000']);
const OLDER = backup('20260301t100000-aaaaaaaa', '2026-03-01T10:00:00.000Z', ['20260101000000']);

function fakeSource(overrides: Partial<BackupsSource> = {}) {
  const calls: string[] = [];
  const source: BackupsSource = {
    list: () => Promise.resolve({ settings: SETTINGS, backups: [NEWER, OLDER] }),
    preview: (id) => {
      calls.push(`preview ${id}`);
      const found = [NEWER, OLDER].find((b) => b.id === id)!;
      const preview: RestorePreview = {
        backup: found,
        versionsNow: ['20260101000000', '20260102000000'],
        lost: ['20260102000000'],
        regained: [],
      };
      return Promise.resolve(preview);
    },
    restore: (id) => {
      calls.push(`restore ${id}`);
      return Promise.resolve({ versionsAfter: ['20260101000000'] });
    },
    create: () => {
      calls.push('create');
      return Promise.resolve({ backup: NEWER });
    },
    ...overrides,
  };
  return { source, calls };
}

async function until(frame: () => string | undefined, expected: string | RegExp) {
  await vi.waitFor(() => expect(frame()).toMatch(expected), { timeout: 2000, interval: 5 });
}

const project = (production = false) => fakeProject({ migrations: [], production }).project;

describe('BackupsScreen', () => {
  it('lists the backups newest first with the settings in force, and opens one', async () => {
    const { source } = fakeSource();
    const { lastFrame, stdin } = render(<BackupsScreen project={project()} source={source} width={110} height={20} />);
    await until(lastFrame, '2026-03-01 10:00:00Z');
    const frame = lastFrame()!;
    expect(frame).toContain('Backups in /backups · automatic: before down · keep 10');
    expect(frame.indexOf('2026-03-02')).toBeLessThan(frame.indexOf('2026-03-01'));
    expect(frame).toContain('› 20260302t100000-bbbbbbbb  2026-03-02 10:00:00Z');
    stdin.write('j');
    await until(lastFrame, '› 20260301t100000-aaaaaaaa  2026-03-01 10:00:00Z');
    stdin.write('\r');
    await until(lastFrame, 'Backup 20260301t100000-aaaaaaaa');
    expect(lastFrame()).toContain('verified  by PRAGMA integrity_check');
    stdin.write('\u001B');
    await until(lastFrame, '› 20260301t100000-aaaaaaaa');
  });

  it('R shows what the restore replaces; n cancels and nothing is restored', async () => {
    const { source, calls } = fakeSource();
    const { lastFrame, stdin } = render(<BackupsScreen project={project()} source={source} width={110} height={20} />);
    await until(lastFrame, '2026-03-01');
    stdin.write('j');
    await until(lastFrame, '› 20260301t100000-aaaaaaaa');
    stdin.write('R');
    await until(lastFrame, 'Restore 20260301t100000-aaaaaaaa over sqlite:/tmp/app.sqlite3?');
    expect(lastFrame()).toContain('undone         20260102000000');
    expect(lastFrame()).toContain('y restores, n or esc cancels');
    stdin.write('n');
    await until(lastFrame, 'Restore cancelled: nothing was changed.');
    expect(calls).toEqual(['preview 20260301t100000-aaaaaaaa']);
  });

  it('y restores, says so and tells the app the database changed', async () => {
    const { source, calls } = fakeSource();
    const onRestored = vi.fn();
    const { lastFrame, stdin } = render(
      <BackupsScreen project={project()} source={source} width={110} height={20} onRestored={onRestored} />,
    );
    await until(lastFrame, '2026-03-01');
    stdin.write('R');
    await until(lastFrame, 'y restores');
    stdin.write('y');
    await until(lastFrame, 'Restored 20260302t100000-bbbbbbbb: 1 version applied, as in the backup.');
    expect(calls).toEqual(['preview 20260302t100000-bbbbbbbb', 'restore 20260302t100000-bbbbbbbb']);
    expect(onRestored).toHaveBeenCalledTimes(1);
  });

  it('a y that came with other keys at once (a paste) restores nothing and says why; y on its own restores', async () => {
    const { source, calls } = fakeSource();
    const { lastFrame, stdin } = render(<BackupsScreen project={project()} source={source} width={110} height={20} />);
    await until(lastFrame, '2026-03-01');
    stdin.write('R');
    await until(lastFrame, 'y restores');
    stdin.write('yy');
    await until(lastFrame, 'y arrived with other keys (a paste?): press it alone. Nothing was restored.');
    expect(calls).toEqual(['preview 20260302t100000-bbbbbbbb']);
    stdin.write('y');
    await until(lastFrame, 'Restored 20260302t100000-bbbbbbbb');
    expect(calls.at(-1)).toBe('restore 20260302t100000-bbbbbbbb');
  });

  it('on production the connection name must be typed; a wrong name restores nothing', async () => {
    const { source, calls } = fakeSource();
    const prod = project(true);
    const name = prod.config.connectionName;
    const { lastFrame, stdin } = render(<BackupsScreen project={prod} source={source} width={110} height={20} />);
    await until(lastFrame, '2026-03-01');
    stdin.write('R');
    await until(lastFrame, 'Type its name to confirm');
    stdin.write('y');
    stdin.write('\r');
    await until(lastFrame, `"y" is not "${name}": nothing was restored.`);
    expect(calls).toEqual(['preview 20260302t100000-bbbbbbbb']);
    stdin.write(name);
    await until(lastFrame, `confirm: ${name}`);
    stdin.write('\r');
    await until(lastFrame, 'Restored 20260302t100000-bbbbbbbb');
    expect(calls.at(-1)).toBe('restore 20260302t100000-bbbbbbbb');
  });

  it('while a restore runs, no key starts anything else', async () => {
    let finish: (value: { versionsAfter: string[] }) => void = () => undefined;
    const { source, calls } = fakeSource({
      restore: (id) => {
        calls.push(`restore ${id}`);
        return new Promise((resolve) => (finish = resolve));
      },
    });
    const { lastFrame, stdin } = render(<BackupsScreen project={project()} source={source} width={110} height={20} />);
    await until(lastFrame, '2026-03-01');
    stdin.write('R');
    await until(lastFrame, 'y restores');
    stdin.write('y');
    await until(lastFrame, 'Restoring 20260302t100000-bbbbbbbb…');
    // One key at a time: the keyboard handles a key as it arrives when the last one was drawn.
    stdin.write('c');
    finish({ versionsAfter: ['20260101000000'] });
    await until(lastFrame, 'Restored 20260302t100000-bbbbbbbb');
    expect(calls).toEqual(['preview 20260302t100000-bbbbbbbb', 'restore 20260302t100000-bbbbbbbb']);
  });

  it('a failed restore shows the error and its fix', async () => {
    const { source } = fakeSource({
      restore: () => Promise.reject(new DbtkError('locked', 'Another run holds the database.', { hint: 'Wait for it.' })),
    });
    const { lastFrame, stdin } = render(<BackupsScreen project={project()} source={source} width={140} height={20} />);
    await until(lastFrame, '2026-03-01');
    stdin.write('R');
    await until(lastFrame, 'y restores');
    stdin.write('y');
    await until(lastFrame, 'Restoring 20260302t100000-bbbbbbbb failed: Another run holds the database. Fix: Wait for it.');
  });

  it('c writes a backup now; no backups says how to get one', async () => {
    const { source, calls } = fakeSource({ list: () => Promise.resolve({ settings: SETTINGS, backups: [] }) });
    const { lastFrame, stdin } = render(<BackupsScreen project={project()} source={source} width={140} height={20} />);
    await until(lastFrame, 'No backups of this database yet. c writes one now');
    stdin.write('c');
    await until(lastFrame, 'Backup 20260302t100000-bbbbbbbb written and verified.');
    expect(calls).toEqual(['create']);
  });
});

describe('the app', () => {
  it('6 opens the Backups screen, which says where the backups of this database are kept', async () => {
    const fake = fakeProject({ migrations: [] });
    fake.project.config.env = { XDG_DATA_HOME: '/nonexistent-dbtk-test' };
    const screen = await renderApp(fake.project, { columns: 120, rows: 30 });
    try {
      await screen.press('6');
      await screen.waitFor('Backups in /nonexistent-dbtk-test/dbtk/backups/');
      expect(screen.frame()).toContain('No backups of this database yet.');
      expect(screen.frame()).toContain('c back up now');
    } finally {
      screen.unmount();
    }
  });
});
