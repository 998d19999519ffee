import { describe, expect, it } from 'vitest';
import { errorDetailLines } from '../../../src/tui/model/error-lines.js';
import { terminalName, terminalOutput, terminalText } from '../../../src/core/shared/terminal-text.js';

describe('terminal text', () => {
  it('shows control characters instead of sending them', () => {
    expect(terminalText('a\u001b]2;pwn\u0007b\nc\td\u009b\u202e')).toBe('a\\e]2;pwn\\ab\nc\td\\x9b\\u202e');
    expect(terminalName('a\nb\tc\r\n')).toBe('a\\x0ab\\x09c\\r\\x0a');
  });

  it("keeps dbtk's own colours in a line and shows anything else", () => {
    expect(terminalOutput('\u001b[32mok\u001b[39m \u001b]0;x\u0007')).toBe('\u001b[32mok\u001b[39m \\e]0;x\\a');
  });
});

describe('the Detail block', () => {
  it("holds the database's words, code, and the file line and statement, wrapped, with data escaped", () => {
    const error = {
      kind: 'unknown' as const,
      message: 'm',
      file: '2_x.sql',
      detail: 'pq: schema "auth" does not exist \u001b[2J',
      code: '3F000',
      line: 4,
      statement: 'CREATE TABLE\n  auth.users (id int);',
    };
    expect(errorDetailLines(error, 40).map((l) => l.text.trimEnd())).toEqual([
      '  Detail:',
      '    pq: schema "auth" does not exist',
      '    \\e[2J',
      '    code 3F000',
      '    2_x.sql line 4: CREATE TABLE',
      '    auth.users (id int);',
    ]);
    expect(errorDetailLines({ kind: 'unknown', message: 'no detail' }, 40)).toEqual([]);
  });
});
