// The new-migration wizard, driven by keystrokes end to end on a real (SQLite) project: the
// file is created by the real dbmate through core.

import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { execa } from 'execa';
import { render as renderInk } from 'ink-testing-library';
import type { ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import { openProject, type Project } from '../../src/core/project/project.js';
import { BINDINGS_BY_SCOPE } from '../../src/tui/keys/bindings.js';
import { KeyboardProvider } from '../../src/tui/keys/keyboard.js';
import { barItems } from '../../src/tui/keys/resolve.js';
import { ALL_SCOPES, EMPTY_KEY_CONTEXT } from '../../src/tui/keys/scopes.js';
import { NewMigrationWizard } from '../../src/tui/screens/NewMigrationWizard.js';
import { makeTempProject, runDbmate } from '../helpers/project.js';
import { KEYS, fitsIn } from './render-app.js';

/** The wizard under the app's one keyboard reader, as in the app. */
const render = (node: ReactNode) => renderInk(<KeyboardProvider>{node}</KeyboardProvider>);

// Let Ink deliver the key and React run the effects that follow a render.
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

interface Harness {
  frame(): string;
  press(...keys: string[]): Promise<void>;
  type(text: string): Promise<void>;
  waitFor(expected: string | RegExp | (() => boolean), timeoutMs?: number): Promise<string>;
  done: { path: string; run: boolean; mark?: boolean }[];
  cancelled: number;
  edited: string[];
  migrationsDir: string;
}

async function start(
  options: {
    url?: string;
    editor?: (file: string) => void;
    columns?: number;
    rows?: number;
    temp?: ReturnType<typeof makeTempProject>;
  } = {},
): Promise<Harness> {
  const temp = options.temp ?? makeTempProject('dbtk-wizard-');
  const project: Project = await openProject({
    cwd: temp.dir,
    url: options.url ?? `sqlite:${path.join(temp.dir, 'db', 'test.sqlite3')}`,
    env: { PATH: process.env.PATH },
  });
  const harness = { done: [], cancelled: 0, edited: [], migrationsDir: temp.migrationsDir } as unknown as Harness;
  const instance = render(
    <NewMigrationWizard
      project={project}
      width={options.columns ?? 100}
      height={options.rows ?? 30}
      onDone={(result) => harness.done.push(result)}
      onCancel={() => {
        harness.cancelled++;
      }}
      openEditor={async (file) => {
        harness.edited.push(file);
        options.editor?.(file);
      }}
    />,
  );
  harness.frame = () => stripVTControlCharacters(instance.lastFrame() ?? '');
  harness.press = async (...keys) => {
    for (const key of keys) {
      instance.stdin.write(KEYS[key] ?? key);
      await tick();
      await tick();
    }
  };
  // Typing into a text field: each character must show before the next one is sent, as
  // with a person at the keyboard (the field re-subscribes to input after every render).
  harness.type = async (text) => {
    for (const ch of text) {
      const before = harness.frame();
      await harness.press(ch);
      // A trailing space does not show; give it a few turns instead.
      if (ch.trim()) await harness.waitFor(() => harness.frame() !== before);
      else for (let i = 0; i < 5; i++) await tick();
      await tick();
    }
  };
  harness.waitFor = async (expected, timeoutMs = 5000) => {
    const deadline = Date.now() + timeoutMs;
    const matches = (f: string) =>
      typeof expected === 'string' ? f.includes(expected) : expected instanceof RegExp ? expected.test(f) : expected();
    while (Date.now() < deadline) {
      if (matches(harness.frame())) {
        // Let the effects of that render run (input handlers re-subscribe) before going on.
        await tick();
        await tick();
        return harness.frame();
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    throw new Error(`Timed out waiting for ${String(expected)}. Last frame:\n${harness.frame()}`);
  };
  await harness.waitFor('How do you want to start?');
  return harness;
}

/** Moves the template list to `name` (j presses), reading the frame as a person would. */
async function pickTemplate(ui: Harness, name: string): Promise<void> {
  await ui.waitFor('blank');
  for (let i = 0; i < 40 && !new RegExp(`› ${name} `).test(ui.frame()); i++) await ui.press('j');
  expect(ui.frame()).toMatch(new RegExp(`› ${name} `));
  await ui.press('enter');
  await ui.waitFor('[Values]');
}

describe('NewMigrationWizard', () => {
  it('method → name → template → fields → save creates the migration', async () => {
    const ui = await start();
    expect(ui.frame()).toContain('From the schema diff');
    await ui.press('j', 'enter');
    await ui.waitFor('Name of the migration');
    await ui.type('add_email');
    await ui.waitFor('✔ db/migrations/<timestamp>_add_email.sql');
    await ui.press('enter');
    await pickTemplate(ui, 'add_column');
    await ui.waitFor('› Table *');
    // The live preview shows what is still missing.
    expect(ui.frame()).toContain('ALTER TABLE ‹table› ADD COLUMN ‹column› text;');
    await ui.type('users');
    await ui.press('enter');
    await ui.waitFor('› New column *');
    await ui.type('email');
    await ui.waitFor('ALTER TABLE users ADD COLUMN email text;');
    await ui.press('enter', 'enter', 'enter'); // type (default text), not null (default no), default (empty)
    await ui.press('enter');
    await ui.waitFor('[Edit]');
    await ui.press('enter');
    await ui.waitFor('[Preview]');
    expect(ui.frame()).toContain('ALTER TABLE users DROP COLUMN email;');
    await ui.press('s');
    await ui.waitFor(() => ui.done.length === 1);
    const [file] = readdirSync(ui.migrationsDir);
    expect(file).toMatch(/^\d{14}_add_email\.sql$/);
    expect(ui.done).toEqual([{ path: path.join(ui.migrationsDir, file), run: false }]);
    expect(readFileSync(path.join(ui.migrationsDir, file), 'utf8')).toBe(
      '-- migrate:up\nALTER TABLE users ADD COLUMN email text;\n\n-- migrate:down\nALTER TABLE users DROP COLUMN email;\n',
    );
  });

  it('esc goes back a step and keeps what was typed', async () => {
    const ui = await start();
    await ui.press('j', 'enter');
    await ui.waitFor('Name of the migration');
    await ui.type('add_index');
    await ui.press('enter');
    await pickTemplate(ui, 'create_index');
    await ui.type('users');
    await ui.press('tab');
    await ui.waitFor('› Columns (comma-separated) *');
    await ui.type('email, age');
    await ui.waitFor('CREATE INDEX users_email_age_idx ON users (email, age);');
    await ui.press('esc');
    await ui.waitFor('[Template]');
    await ui.press('esc');
    await ui.waitFor('[Name]');
    expect(ui.frame()).toContain('Name: add_index');
    await ui.press('esc');
    await ui.waitFor('[Method]');
    expect(ui.frame()).toMatch(/› From a template/);
    // Forward again: the name, the template and its values are all still there.
    await ui.press('enter');
    await ui.waitFor('Name: add_index');
    await ui.press('enter');
    await ui.waitFor('› create_index');
    await ui.press('enter');
    await ui.waitFor('CREATE INDEX users_email_age_idx ON users (email, age);');
    expect(ui.frame()).toMatch(/› Table \* +users/);
    expect(ui.cancelled).toBe(0);
  });

  it('keeps a pasted burst whole: name and field values arrive in one write each', async () => {
    const ui = await start();
    await ui.press('j', 'enter');
    await ui.waitFor('Name of the migration');
    await ui.press('add_index');
    await ui.waitFor('Name: add_index');
    await ui.press('enter');
    await pickTemplate(ui, 'create_index');
    await ui.press('users');
    await ui.waitFor('› Table *');
    await ui.press('tab', 'name, email');
    await ui.waitFor('CREATE INDEX users_name_email_idx ON users (name, email);');
  });

  it('checks the name inline and does not go on with a bad one', async () => {
    const ui = await start();
    await ui.press('enter');
    await ui.waitFor('Name of the migration');
    await ui.type('Add-Email');
    await ui.waitFor('✖ use lowercase letters, digits and underscores');
    await ui.press('enter');
    await ui.waitFor('✖ The name is not valid');
    expect(ui.frame()).toContain('[Name]');
  });

  it('shows every missing or invalid value and stays on the fields', async () => {
    const ui = await start();
    await ui.press('j', 'enter');
    await ui.waitFor('Name of the migration');
    await ui.type('fk');
    await ui.press('enter');
    await pickTemplate(ui, 'add_foreign_key');
    await ui.type('posts; drop table x');
    await ui.waitFor('✖ use letters, digits and underscores, or put the name in double quotes');
    for (let i = 0; i < 6; i++) await ui.press('enter');
    await ui.waitFor(/› Table that gets the key \*/);
    expect(ui.frame()).toMatch(/Its column\(s\) \*.* ✖/);
    expect(ui.frame()).toContain('[Values]');
    expect(readdirSync(ui.migrationsDir)).toEqual([]);
  });

  it('opens the draft in the editor and saves what was edited, then asks to run', async () => {
    const ui = await start({
      editor: (file) =>
        writeFileSync(file, '-- migrate:up\nCREATE TABLE notes (id integer primary key);\n\n-- migrate:down\nDROP TABLE notes;\n'),
    });
    await ui.press('enter'); // blank
    await ui.waitFor('Name of the migration');
    await ui.type('create_notes');
    await ui.press('enter');
    await ui.waitFor('[Edit]');
    await ui.press('e');
    await ui.waitFor('[Preview]');
    expect(ui.edited[0]).toMatch(/dbtk-draft-.*create_notes\.sql$/);
    expect(ui.frame()).toContain('CREATE TABLE notes (id integer primary key);');
    await ui.press('r');
    await ui.waitFor(() => ui.done.length === 1);
    expect(ui.done[0].run).toBe(true);
    expect(readFileSync(ui.done[0].path, 'utf8')).toContain('CREATE TABLE notes');
    // The draft is gone once saved.
    expect(() => readFileSync(ui.edited[0])).toThrow();
  });

  it('the preview shows what dbtk lint finds in the migration before it is saved', async () => {
    const ui = await start({
      editor: (file) =>
        writeFileSync(file, '-- migrate:up\nDROP TABLE users;\n\n-- migrate:down\nCREATE TABLE users (id integer primary key);\n'),
    });
    await ui.press('enter'); // blank
    await ui.waitFor('Name of the migration');
    await ui.type('drop_users');
    await ui.press('enter');
    await ui.waitFor('[Edit]');
    await ui.press('e');
    await ui.waitFor('[Preview]');
    await ui.waitFor('HIGH drop-table line 2: drops table users and all its rows');
  });

  it('records schema drift as a migration (save only: the database already has it)', async () => {
    const temp = makeTempProject('dbtk-wizard-');
    const url = `sqlite:${path.join(temp.dir, 'db', 'test.sqlite3')}`;
    temp.addMigration('20240101000000', 'setup', 'CREATE TABLE users (id integer primary key);', 'DROP TABLE users;');
    expect((await runDbmate(['up'], { cwd: temp.dir, url })).exitCode).toBe(0);
    await execa('sqlite3', [path.join(temp.dir, 'db', 'test.sqlite3'), 'CREATE TABLE audit (id integer primary key, note text);']);
    const ui = await start({ temp, url });
    await ui.press('j', 'j', 'enter');
    await ui.waitFor('Name of the migration');
    await ui.type('record_audit');
    await ui.press('enter');
    await ui.waitFor('[Edit]');
    expect(ui.frame()).toContain('CREATE TABLE audit (id integer primary key, note text);');
    await ui.press('enter');
    await ui.waitFor('[Preview]');
    expect(ui.frame()).not.toMatch(/r save & run/);
    await ui.press('r'); // not offered: nothing happens
    await ui.press('s');
    await ui.waitFor(() => ui.done.length === 1);
    expect(ui.done[0].run).toBe(false);
    expect(readFileSync(ui.done[0].path, 'utf8')).toMatch(
      /-- migrate:up[\s\S]*CREATE TABLE audit[\s\S]*-- migrate:down[\s\S]*DROP TABLE audit/,
    );
  });

  it('offers to save drift and mark it applied (the database already has it)', async () => {
    const temp = makeTempProject('dbtk-wizard-');
    const url = `sqlite:${path.join(temp.dir, 'db', 'test.sqlite3')}`;
    temp.addMigration('20240101000000', 'setup', 'CREATE TABLE users (id integer primary key);', 'DROP TABLE users;');
    expect((await runDbmate(['up'], { cwd: temp.dir, url })).exitCode).toBe(0);
    await execa('sqlite3', [path.join(temp.dir, 'db', 'test.sqlite3'), 'CREATE TABLE audit (id integer primary key, note text);']);
    const ui = await start({ temp, url });
    await ui.press('j', 'j', 'enter');
    await ui.waitFor('Name of the migration');
    await ui.type('record_audit');
    await ui.press('enter');
    await ui.waitFor('[Edit]');
    await ui.press('enter');
    await ui.waitFor('[Preview]');
    expect(ui.frame()).toMatch(/a save & mark applied/);
    await ui.press('a');
    await ui.waitFor(() => ui.done.length === 1);
    expect(ui.done[0]).toMatchObject({ run: false, mark: true });
    expect(readFileSync(ui.done[0].path, 'utf8')).toContain('CREATE TABLE audit');
    rmSync(temp.dir, { recursive: true, force: true });
  });

  it('offers no schema-diff method without a database, and esc on the first step cancels', async () => {
    const temp = makeTempProject();
    const project = await openProject({ cwd: temp.dir, env: { PATH: process.env.PATH } });
    let cancelled = 0;
    const instance = render(
      <NewMigrationWizard
        project={project}
        width={80}
        height={24}
        onDone={() => undefined}
        onCancel={() => {
          cancelled++;
        }}
        openEditor={async () => undefined}
      />,
    );
    const frame = () => stripVTControlCharacters(instance.lastFrame() ?? '');
    expect(frame()).toContain('From a template');
    expect(frame()).not.toContain('schema diff');
    instance.stdin.write(KEYS.esc);
    await tick();
    await tick();
    expect(cancelled).toBe(1);
  });

  it('fits an 80x24 terminal on every step', async () => {
    const ui = await start({ columns: 80, rows: 24 });
    expect(fitsIn(ui.frame(), 80, 24)).toBe(true);
    await ui.press('j', 'enter');
    await ui.waitFor('Name of the migration');
    await ui.type('seed_admin');
    await ui.press('enter');
    await pickTemplate(ui, 'insert_seed_data');
    expect(fitsIn(ui.frame(), 80, 24)).toBe(true);
    await ui.type('users');
    expect(fitsIn(ui.frame(), 80, 24)).toBe(true);
  });

  it('builds its help bar from the same key table it acts on', () => {
    const previewBar = (wizardCanRun: boolean) => barItems(['wizard.preview'], { ...EMPTY_KEY_CONTEXT, wizardCanRun });
    expect(previewBar(true).map((i) => `${i.keys} ${i.label}`)).toEqual(['s save', 'r save & run', 'e edit', 'j/k scroll', 'esc back']);
    expect(previewBar(false).map((i) => i.keys)).not.toContain('r');
    const wizardScopes = ALL_SCOPES.filter((scope) => scope.startsWith('wizard.'));
    for (const bindings of wizardScopes.map((scope) => BINDINGS_BY_SCOPE[scope]))
      expect(bindings.every((b) => b.keys.length > 0 && b.label && b.action)).toBe(true);
  });
});
