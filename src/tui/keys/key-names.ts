// Turns Ink's (input, key) pair into one key name ("j", "G", "down", "pageup", "ctrl+c"), the
// names the bindings table is written in, and back into what the help shows a person ("↓", "PgUp").

import type { Key } from 'ink';

export function keyName(input: string, key: Key): string {
  if (key.ctrl && input === 'c') return 'ctrl+c';
  if (key.upArrow) return 'up';
  if (key.downArrow) return 'down';
  if (key.leftArrow) return 'left';
  if (key.rightArrow) return 'right';
  if (key.pageUp) return 'pageup';
  if (key.pageDown) return 'pagedown';
  if (key.home) return 'home';
  if (key.end) return 'end';
  if (key.return) return 'enter';
  if (key.escape) return 'esc';
  if (key.tab) return key.shift ? 'shift+tab' : 'tab';
  if (key.backspace) return 'backspace';
  if (key.delete) return 'delete';
  if (key.ctrl) return `ctrl+${input}`;
  return input;
}

const NO_MODIFIERS: Key = {
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageDown: false,
  pageUp: false,
  home: false,
  end: false,
  return: false,
  escape: false,
  ctrl: false,
  shift: false,
  tab: false,
  backspace: false,
  delete: false,
  meta: false,
  super: false,
  hyper: false,
  capsLock: false,
  numLock: false,
};

/**
 * Ink hands over keys that arrive together (typed faster than a frame, auto-repeat, pasted,
 * sent by a script) as one string, e.g. "jj" or "abc\x7f\r". This splits it back into one
 * key per character, the way Ink reads a single character.
 */
export function splitKeys(input: string): { input: string; key: Key }[] {
  return [...input].map((char) => {
    const code = char.charCodeAt(0);
    if (char === '\r' || char === '\n') return { input: '', key: { ...NO_MODIFIERS, return: true } };
    if (char === '\t') return { input: '', key: { ...NO_MODIFIERS, tab: true } };
    if (char === '\b') return { input: '', key: { ...NO_MODIFIERS, backspace: true } };
    if (char === '\x7f') return { input: '', key: { ...NO_MODIFIERS, delete: true } };
    if (code >= 1 && code <= 26) return { input: String.fromCharCode(code + 96), key: { ...NO_MODIFIERS, ctrl: true } };
    return { input: char, key: { ...NO_MODIFIERS, shift: /[A-Z]/.test(char) } };
  });
}

const DISPLAY: Record<string, string> = {
  up: '↑',
  down: '↓',
  left: '←',
  right: '→',
  pageup: 'PgUp',
  pagedown: 'PgDn',
  home: 'Home',
  end: 'End',
  ' ': 'space',
};

export function displayKey(name: string): string {
  return DISPLAY[name] ?? name.replace(/^(ctrl|shift)\+/, '$1-');
}
