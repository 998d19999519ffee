// The secret values a project's configuration knows: its URL's password, the passwords of any
// URL in its environment or .env, and variables named like secrets. Text dbtk writes for others
// to read (error reports, `dbtk report`) has these removed verbatim, on top of the URL masks.

import { urlPassword } from '../shared/redact.js';

const SECRET_NAME = /pass(word|wd)?($|_)|(^|_)pwd($|_)|secret|token|api_?key|private_?key|credential/i;
// The shell's working directories, not passwords.
const NOT_SECRETS = new Set(['PWD', 'OLDPWD']);
const URL_VALUE = /^[a-z][a-z0-9+.-]*:\/\//i;

export function knownSecrets(config: { url?: string; env: Record<string, string | undefined> }): string[] {
  const secrets = new Set<string>();
  const add = (value: string | undefined) => {
    if (value && value.trim().length >= 3) secrets.add(value);
  };
  add(urlPassword(config.url));
  for (const [name, value] of Object.entries(config.env)) {
    if (!value) continue;
    if (URL_VALUE.test(value)) add(urlPassword(value));
    else if (SECRET_NAME.test(name) && !NOT_SECRETS.has(name.toUpperCase())) add(value);
  }
  // Longest first, so a secret containing another is removed whole.
  return [...secrets].sort((a, b) => b.length - a.length);
}
