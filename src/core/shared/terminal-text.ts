// Text from outside (file names, migration names, database messages, history) shown in a
// terminal with its control characters made visible, so no data can retitle the terminal,
// move the cursor, clear the screen or hide text. `\e]2;pwn\a` prints as those characters.

// C0 controls, DEL, C1 controls (U+0080–U+009F: some terminals read U+009B as CSI) and the
// Unicode bidirectional overrides that reorder what is shown ("Trojan Source").
// eslint-disable-next-line no-control-regex -- matching control characters is this module's purpose
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
// Colour and style (SGR) sequences dbtk itself writes: ESC [ digits/semicolons m.
// eslint-disable-next-line no-control-regex -- ESC starts the colour sequences dbtk writes itself
const SGR = /\u001b\[[0-9;]*m/y;

const NAMED: Readonly<Record<string, string>> = {
  '\u001b': '\\e',
  '\u0007': '\\a',
  '\b': '\\b',
  '\r': '\\r',
  '\f': '\\f',
  '\v': '\\v',
  '\u0000': '\\0',
};

export interface TerminalTextOptions {
  /** Keep line breaks (`\n`, and `\r\n` as a pair). Default true. */
  newlines?: boolean;
  /** Keep tabs. Default true. */
  tabs?: boolean;
}

function visible(char: string): string {
  const named = NAMED[char];
  if (named) return named;
  const code = char.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** `text` with every control character written out visibly (`\e`, `\a`, `\x9b`, `\u202e`). */
export function terminalText(text: string, options: TerminalTextOptions = {}): string {
  const newlines = options.newlines ?? true;
  const tabs = options.tabs ?? true;
  return text.replace(CONTROL, (char, offset: number, whole: string) => {
    if (newlines && (char === '\n' || (char === '\r' && whole[offset + 1] === '\n'))) return char;
    if (tabs && char === '\t') return char;
    return visible(char);
  });
}

/** The same for one line of a table or a name: no line breaks or tabs either. */
export function terminalName(text: string): string {
  return terminalText(text, { newlines: false, tabs: false });
}

/**
 * For a whole line dbtk is about to write: data in it is escaped, but dbtk's own colour codes
 * (SGR sequences) pass. A data SGR sequence can only colour text, never move or retitle.
 */
export function terminalOutput(text: string): string {
  let out = '';
  let last = 0;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) !== 0x1b) continue;
    SGR.lastIndex = i;
    const match = SGR.exec(text);
    if (!match) continue;
    out += terminalText(text.slice(last, i)) + match[0];
    i += match[0].length - 1;
    last = i + 1;
  }
  return out + terminalText(text.slice(last));
}
