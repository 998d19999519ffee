import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openProject } from '../../../src/core/project/project.js';
import { describeDrop } from '../../../src/core/runs/describe-drop.js';
import { DBMATE_BIN } from '../../helpers/project.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('previewDrops on SQLite', () => {
  it('names each dropped table, column and index with exact row counts, and flags an empty down section', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dbtk-drops-'));
    dirs.push(dir);
    mkdirSync(path.join(dir, 'db', 'migrations'), { recursive: true });
    const write = (name: string, up: string, down: string) =>
      writeFileSync(path.join(dir, 'db', 'migrations', name), `-- migrate:up\n${up}\n-- migrate:down\n${down}\n`);
    write(
      '1_notes.sql',
      "CREATE TABLE notes (id INTEGER, body TEXT);\nCREATE INDEX notes_body_idx ON notes (body);\nINSERT INTO notes VALUES (1, 'a'), (2, 'b');",
      'DROP INDEX notes_body_idx;\nDROP TABLE notes;',
    );
    write('2_tag.sql', 'ALTER TABLE notes ADD COLUMN tag TEXT;', 'ALTER TABLE notes DROP COLUMN tag;');
    write('3_nothing.sql', 'CREATE TABLE kept (id INTEGER);', '-- nothing to undo');
    execFileSync(DBMATE_BIN, ['--no-dump-schema', 'up'], {
      cwd: dir,
      env: { PATH: process.env.PATH, DATABASE_URL: 'sqlite:db/app.sqlite3' },
    });
    const project = await openProject({ cwd: dir, url: 'sqlite:db/app.sqlite3', dbmatePath: DBMATE_BIN, env: { PATH: process.env.PATH } });
    const drops = await project.previewDrops(await project.planDown({ steps: 3 }));
    expect(drops.steps.map((s) => [s.file, s.emptyDown, s.drops.map((d) => describeDrop(d))])).toEqual([
      ['3_nothing.sql', true, []],
      ['2_tag.sql', false, ['column notes.tag, with its values in 2 rows (exact count)']],
      ['1_notes.sql', false, ['index notes_body_idx', 'table notes and its 2 rows (exact count)']],
    ]);
  });
});
