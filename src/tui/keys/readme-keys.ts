// The README's key list, made from the bindings table: one line per scope, every binding with
// its keys. `npm run docs:keys` writes it between the markers; a test fails when the README
// and the table disagree.

import { BINDINGS_BY_SCOPE } from './bindings.js';
import { displayKey } from './key-names.js';
import { ALL_SCOPES, SCOPES } from './scopes.js';

const KEYS_START = '<!-- keys:start -->';
const KEYS_END = '<!-- keys:end -->';

/** `- **Scope**: \`k\` label · …` for every scope a user can meet. */
export function keysMarkdown(): string {
  return ALL_SCOPES.filter((scope) => !SCOPES[scope].undocumented)
    .map((scope) => {
      const bindings = BINDINGS_BY_SCOPE[scope].map((b) => `${b.keys.map((k) => `\`${displayKey(k)}\``).join('/')} ${b.label}`);
      return `- **${SCOPES[scope].title}**: ${bindings.join(' · ')}`;
    })
    .join('\n');
}

/** The README with its key list replaced by the one the table makes now. */
export function withKeysSection(readme: string): string {
  const start = readme.indexOf(KEYS_START);
  const end = readme.indexOf(KEYS_END);
  if (start === -1 || end < start) throw new Error(`The README has no ${KEYS_START} … ${KEYS_END} markers around its key list.`);
  return `${readme.slice(0, start + KEYS_START.length)}\n${keysMarkdown()}\n${readme.slice(end)}`;
}
