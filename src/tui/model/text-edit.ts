// Editing a one-line text field (search, new migration name, typed confirmation, wizard
// values) as data: a key or a run of typed text becomes an edit, and the reducer applies it to
// the field's current value. Applying edits in the reducer, never from a component's captured
// value, means fast typing and pastes can neither lose nor repeat characters.

export type TextEdit = { type: 'append'; text: string } | { type: 'erase' } | { type: 'clear' };

/** Typed or pasted text as an edit: a one-line field drops newlines, tabs and other control characters. */
export function typedText(text: string): TextEdit | undefined {
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  const printable = text.replace(/[\x00-\x1f\x7f]/g, '');
  return printable ? { type: 'append', text: printable } : undefined;
}

/** The edit a key makes in a text field, if any (`name` from keyName). */
export function textEditFor(name: string, input: string, key: { ctrl: boolean; meta: boolean }): TextEdit | undefined {
  if (name === 'backspace' || name === 'delete') return { type: 'erase' };
  if (name === 'ctrl+u') return { type: 'clear' };
  if (!input || key.ctrl || key.meta) return undefined;
  return typedText(input);
}

export function applyTextEdit(value: string, edit: TextEdit, maxLength = 200): string {
  if (edit.type === 'clear') return '';
  if (edit.type === 'erase') return [...value].slice(0, -1).join('');
  return (value + edit.text).slice(0, maxLength);
}
