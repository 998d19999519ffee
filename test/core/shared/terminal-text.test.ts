import { describe, expect, it } from 'vitest';
import { terminalName, terminalOutput, terminalText } from '../../../src/core/shared/terminal-text.js';

describe('terminal text', () => {
  it('writes control characters out visibly', () => {
    expect(terminalText('a\u001b]2;pwn\u0007b')).toBe('a\\e]2;pwn\\ab');
    expect(terminalText('x\u009b31my')).toBe('x\\x9b31my');
    expect(terminalText('del\u007f nul\u0000 bs\b')).toBe('del\\x7f nul\\0 bs\\b');
    expect(terminalText('evil\u202ereversed')).toBe('evil\\u202ereversed');
  });

  it('keeps line breaks and tabs in text, but not in names', () => {
    expect(terminalText('a\n\tb\r\nc\rd')).toBe('a\n\tb\r\nc\\rd');
    expect(terminalName('a\n\tb')).toBe('a\\x0a\\x09b');
  });

  it('lets dbtk colours through a whole line and escapes everything else', () => {
    const line = '\u001b[31mError:\u001b[39m file \u001b]2;pwn\u0007 \u001b[2J';
    expect(terminalOutput(line)).toBe('\u001b[31mError:\u001b[39m file \\e]2;pwn\\a \\e[2J');
    expect(terminalOutput('plain')).toBe('plain');
  });
});
