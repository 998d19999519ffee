// Copying text to the user's clipboard from a terminal app, over SSH too: the OSC 52 escape
// sequence asks the terminal itself to set its clipboard. Inside tmux it is wrapped in tmux's
// passthrough (DCS `tmux;` with each ESC doubled) so it reaches the outer terminal. Terminals
// that do not allow OSC 52 ignore it silently, which is why the app also writes a file.

const ESC = '\u001b';
const BEL = '\u0007';

/** The sequence that puts `text` on the clipboard (`c`), wrapped for tmux when `$TMUX` is set. */
export function osc52(text: string, env: NodeJS.ProcessEnv = process.env): string {
  const sequence = `${ESC}]52;c;${Buffer.from(text, 'utf8').toString('base64')}${BEL}`;
  if (!env.TMUX) return sequence;
  return `${ESC}Ptmux;${sequence.replaceAll(ESC, ESC + ESC)}${ESC}\\`;
}
