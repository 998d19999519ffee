// Data drawn by the app (file and migration names, database messages, history, dumps) with
// its control characters made visible, so no file named `1_\e]2;pwn\a.sql` can retitle the
// terminal, move the cursor or clear the screen. `\e` prints as the two characters `\e`.
//
// A local stand-in for src/core/shared/terminal-text.ts (being written on another branch for
// the CLI): the same names and behaviour, to be merged into that one module.

// C0 controls, DEL, C1 controls (some terminals read U+009B as CSI) and the bidirectional
// overrides that reorder what is shown.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
// The colour and style sequences dbtk itself adds (highlighted SQL): ESC [ digits ; m.
const SGR = /\u001b\[[0-9;]*m/g;

const NAMED: Readonly<Record<string, string>> = {
  '\u001b': '\\e',
  '\u0007': '\\a',
  '\b': '\\b',
  '\r': '\\r',
  '\f': '\\f',
  '\v': '\\v',
  '\u0000': '\\0',
};

function visible(char: string): string {
  const named = NAMED[char];
  if (named) return named;
  const code = char.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** `text` with every control character written out visibly; line breaks and tabs kept. */
export function terminalText(text: string): string {
  return text.replace(CONTROL, (char, offset: number, whole: string) =>
    char === '\n' || char === '\t' || (char === '\r' && whole[offset + 1] === '\n') ? char : visible(char),
  );
}

/** For one line (a name, a table cell): line breaks and tabs made visible too. */
export function terminalName(text: string): string {
  return text.replace(CONTROL, visible);
}

/** A line that may carry dbtk's own colours: those pass, any other control character is shown. */
export function terminalOutput(text: string): string {
  let out = '';
  let last = 0;
  for (const match of text.matchAll(SGR)) {
    out += terminalName(text.slice(last, match.index)) + match[0];
    last = match.index + match[0].length;
  }
  return out + terminalName(text.slice(last));
}
