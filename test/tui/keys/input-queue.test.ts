import type { Key } from 'ink';
import { describe, expect, it } from 'vitest';
import { InputQueue, type InputStep } from '../../../src/tui/keys/input-queue.js';
import { keyName, splitKeys } from '../../../src/tui/keys/key-names.js';

const plain = (input: string): Key => splitKeys(input[0])[0].key;
const enter = splitKeys('\r')[0].key;

/** Everything the queue hands out, as key names and typed text. */
function drain(queue: InputQueue, textField: boolean): string[] {
  const out: string[] = [];
  for (let step: InputStep | undefined; (step = queue.next(textField));) {
    out.push(step.type === 'text' ? `text:${step.text}` : keyName(step.input, step.key));
  }
  return out;
}

describe('input queue', () => {
  it('hands a burst out one key at a time where no text field has the keys (jjj moves three rows)', () => {
    const queue = new InputQueue();
    queue.push('jjG', plain('j'));
    expect(drain(queue, false)).toEqual(['j', 'j', 'G']);
  });

  it('keeps a burst whole as text in a field, up to a control key, which stays a key', () => {
    const queue = new InputQueue();
    queue.push('add_email\x7f\x7fil\rx', plain('a'));
    expect(drain(queue, true)).toEqual(['text:add_email', 'delete', 'delete', 'text:il', 'enter', 'text:x']);
  });

  it('looks at who has the keys when a key’s turn comes, not when it arrived', () => {
    const queue = new InputQueue();
    queue.push('/abc', plain('/'));
    // `/` opens the search: the rest of the burst is typed into it.
    expect(queue.next(false)).toMatchObject({ type: 'key', input: '/' });
    expect(queue.next(true)).toEqual({ type: 'text', text: 'abc' });
  });

  it('marks each key handed out of a burst (so `y` in a paste cannot confirm), and no key typed alone', () => {
    const queue = new InputQueue();
    queue.push('y', plain('y'));
    queue.push('yy', plain('y'));
    queue.push('demo\r', plain('d'));
    const alone = queue.next(false);
    expect(alone).toMatchObject({ type: 'key', input: 'y' });
    expect(alone?.type === 'key' && alone.burst).toBeFalsy();
    expect(queue.next(false)).toMatchObject({ type: 'key', input: 'y', burst: true });
    expect(queue.next(false)).toMatchObject({ type: 'key', input: 'y', burst: true });
    expect(queue.next(true)).toEqual({ type: 'text', text: 'demo' });
    expect(queue.next(true)).toMatchObject({ type: 'key', key: { return: true }, burst: true });
  });

  it('keeps single keys and control keys as they came', () => {
    const queue = new InputQueue();
    queue.push('', enter);
    queue.push('c', { ...plain('c'), ctrl: true });
    expect(drain(queue, true)).toEqual(['enter', 'ctrl+c']);
  });

  it('a bracketed paste is text in a field and nothing anywhere else: never a command', () => {
    const queue = new InputQueue();
    const paste = (text: string) => {
      queue.push('[200~', plain('['));
      queue.push(text, plain(text));
      queue.push('', enter); // a pasted newline
      queue.push('[201~', plain('['));
    };
    paste('dd');
    expect(drain(queue, false)).toEqual([]);
    paste('u');
    expect(drain(queue, true)).toEqual(['text:u']);
    queue.push('q', plain('q'));
    expect(drain(queue, false)).toEqual(['q']);
  });

  it('gives up on a paste whose end never came, so the keys after it work', () => {
    let now = 0;
    const queue = new InputQueue(() => now);
    queue.push('[200~', plain('['));
    queue.push('text', plain('t'));
    now = 2000;
    queue.push('q', plain('q'));
    expect(drain(queue, false)).toEqual(['q']);
  });
});
