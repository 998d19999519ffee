// What the keyboard has read and not handled yet. Keys are handled one per render (each must
// see the state the one before it left), so they wait here. Ink hands over characters that
// arrive together (typed faster than a frame, auto-repeat, a script, a paste) as one string;
// where that string goes depends on what has the keys when its turn comes: a text field
// takes it as text, in one edit; a list takes it as one key after another (`jjj` moves
// three rows). Text the terminal marks as pasted (bracketed paste) is only ever text: in a
// field it is typed, anywhere else it is dropped, so a pasted word cannot run commands. A key
// handed out of a string of several is marked `burst`: bindings that must be pressed on their
// own (`alone`, such as `y` that runs migrations) ignore it, so pasted text never answers.

import type { Key } from 'ink';
import { splitKeys } from './key-names.js';

/** Ink's view of the terminal's paste markers (ESC [200~ and ESC [201~, the ESC stripped). */
const PASTE_START = '[200~';
const PASTE_END = '[201~';
/** A paste whose end marker never came (a broken terminal) must not swallow the keys after it. */
const PASTE_GIVE_UP_MS = 500;

type Queued = { type: 'key'; input: string; key: Key } | { type: 'burst'; text: string } | { type: 'paste'; text: string };

/** What to handle now: one key (`burst` when it arrived with others), or text for the focused field. */
export type InputStep = { type: 'key'; input: string; key: Key; burst?: boolean } | { type: 'text'; text: string };

// eslint-disable-next-line no-control-regex -- matching control characters (enter, backspace, ESC…) is the point
const isControl = (char: string) => /[\x00-\x1f\x7f]/.test(char);

export class InputQueue {
  private readonly items: Queued[] = [];
  /** When the last part of a paste in progress arrived; null outside a paste. */
  private pasteSeenAt: number | null = null;

  constructor(private readonly now: () => number = Date.now) {}

  /** One event from Ink's `useInput`. */
  push(input: string, key: Key): void {
    const plain = !key.ctrl && !key.meta;
    if (plain && (input === PASTE_START || input === PASTE_END)) {
      this.pasteSeenAt = input === PASTE_START ? this.now() : null;
    } else if (this.pasting()) {
      // Newlines and tabs of a paste arrive as enter or tab with no input: a one-line field drops them anyway.
      if (input) this.items.push({ type: 'paste', text: input });
      this.pasteSeenAt = this.now();
    } else if (input.length > 1 && plain) this.items.push({ type: 'burst', text: input });
    else this.items.push({ type: 'key', input, key });
  }

  private pasting(): boolean {
    return this.pasteSeenAt !== null && this.now() - this.pasteSeenAt <= PASTE_GIVE_UP_MS;
  }

  /** The next thing to handle, given whether a text field has the keys now; undefined when nothing is left. */
  next(textField: boolean): InputStep | undefined {
    for (let head = this.items.shift(); head; head = this.items.shift()) {
      if (head.type === 'key') return head;
      if (head.type === 'paste') {
        if (textField) return { type: 'text', text: head.text };
        continue;
      }
      const chars = [...head.text];
      const firstControl = chars.findIndex(isControl);
      // In a field, typed text runs up to the first control key (enter, backspace…), which
      // stays a key; anywhere else each character is a key.
      const textLength = !textField ? 0 : firstControl === -1 ? chars.length : firstControl;
      const taken = Math.max(textLength, 1);
      const rest = chars.slice(taken).join('');
      if (rest) this.items.unshift({ type: 'burst', text: rest });
      return textLength > 0
        ? { type: 'text', text: chars.slice(0, taken).join('') }
        : { type: 'key', ...splitKeys(chars[0])[0], burst: true };
    }
    return undefined;
  }
}
