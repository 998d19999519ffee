// Issue 14, item 6: a migration file whose name holds a terminal escape (OSC 2 retitles the
// terminal) is shown with its control characters written out, never sent to the terminal.

import type { StatusJson } from '../helpers/cli-json.js';
import { describe, expect, it } from 'vitest';
import { makeTempProject, runDbtk } from '../helpers/project.js';

const ESC = '\u001b';
const BEL = '\u0007';

describe('data never drives the terminal', () => {
  it('a file name with an OSC title sequence prints escaped in status, up, history and errors', async () => {
    const project = makeTempProject();
    project.writeFile(
      `db/migrations/20240101000000_a${ESC}]2;pwn${BEL}.sql`,
      '-- migrate:up\nCREATE TABLE a (id INTEGER);\n\n-- migrate:down\nDROP TABLE a;\n',
    );
    project.writeFile(
      `db/migrations/20240101000001_b${ESC}[2J.sql`,
      `-- migrate:up\nCREATE TABLE "x${ESC}]2;pwn${BEL}" (id INTEGER;\n\n-- migrate:down\n`,
    );
    const url = `sqlite:${project.dir}/db.sqlite3`;
    // FORCE_COLOR: dbtk's own colour codes are allowed through, nothing else.
    for (const env of [{}, { NO_COLOR: undefined, FORCE_COLOR: '1' }]) {
      for (const args of [['status'], ['up'], ['history'], ['status']]) {
        const run = await runDbtk(['-u', url, ...args], { cwd: project.dir, env });
        const output = run.stdout + run.stderr;
        expect(output).not.toContain(BEL);
        // eslint-disable-next-line no-control-regex -- dbtk's own colour codes start with ESC and are allowed
        expect(output.replace(/\u001b\[[0-9;]*m/g, '')).not.toContain(ESC);
        expect(output).toMatch(/\\e/);
      }
    }
    const status = await runDbtk(['-u', url, 'status'], { cwd: project.dir });
    expect(status.stdout).toContain('a\\e]2;pwn\\a');
    const json = await runDbtk(['-u', url, 'status', '--json'], { cwd: project.dir });
    expect(json.stdout).not.toContain(ESC);
    expect(json.json<StatusJson>().migrations[0].name).toBe(`a${ESC}]2;pwn${BEL}`);
  });
});
