// Password redaction. Every string dbtk prints, logs, stores or exports that may contain a
// database URL goes through here first. It must never eat a character that is not part of
// the secret: the text may be JSON, where a lost closing quote breaks the whole document.

/** Characters that end a URL inside text: whitespace, quotes, JSON's escape, angle brackets. */
const END = `\\s"'\`\\\\<>`;
/** Where a password parameter's value stops: a delimiter, maybe after closing brackets or sentence punctuation. */
const VALUE_END = `(?=(?:[)\\]}]|[.,;:!?](?=\\s|$))*(?:$|[${END}&#]))`;
const PARAM_NAMES = '(?:ssl)?(?:password|passwd|pass|pwd)';
/** A JSON escape (`\\"` for a quote in the password) is part of the value, never its end. */
const ESCAPED = '\\\\[^\\s]';

// scheme://user:password@ — the password runs to the token's last `@` (a raw `@` or `/` in it stays hidden).
const USERINFO = new RegExp(`([a-z][a-z0-9+.-]*://[^:/?#@${END}]*):((?:${ESCAPED}|[^${END}])*)@`, 'gi');
// ?password=… &sslpassword=… ;pwd=… in any driver's query or keyword list.
const PASSWORD_PARAM = new RegExp(`([?&;]${PARAM_NAMES}=)((?:${ESCAPED}|[^&#${END}])*?)${VALUE_END}`, 'gi');
// The same, percent-encoded inside another URL: postgres%3A%2F%2Fu%3Apw%40h, %26password%3Dpw.
const ENCODED_USERINFO = new RegExp(`([a-z][a-z0-9+.-]*%3A%2F%2F(?:(?!%3A|%40)[^/?#@${END}])*)%3A((?:(?!%2F)[^/${END}])*)%40`, 'gi');
const ENCODED_PARAM = new RegExp(`((?:%3F|%26)${PARAM_NAMES}%3D)((?:(?!%26|%23)[^&#${END}])*)`, 'gi');

/** `postgres://user:secret@host/db` → `postgres://user:***@host/db` (also `?password=`). */
export function redactUrl(url: string): string {
  return redactText(url);
}

/** Redacts every URL password and password query parameter found anywhere in `text`. */
export function redactText(text: string): string {
  return text
    .replace(USERINFO, (_m, head: string, pass: string) => (pass ? `${head}:***@` : `${head}:@`))
    .replace(PASSWORD_PARAM, (_m, head: string, value: string) => (value ? `${head}***` : head))
    .replace(ENCODED_USERINFO, (_m, head: string, pass: string) => (pass ? `${head}%3A***%40` : `${head}%3A%40`))
    .replace(ENCODED_PARAM, (_m, head: string, value: string) => (value ? `${head}***` : head));
}

/** Removes known secret values verbatim (a password can appear decoded in a driver error). */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = redactText(text);
  for (const secret of secrets) {
    if (secret.length >= 3) out = out.split(secret).join('***');
  }
  return out;
}

const PASSWORD_PARAMS = ['password', 'sslpassword', 'passwd', 'pass', 'pwd'];

/** Every secret a URL holds, decoded and as written: user-info password and password parameters. */
export function urlSecrets(url: string | undefined): string[] {
  if (!url) return [];
  const found = new Set<string>();
  try {
    const parsed = new URL(url);
    if (parsed.password) {
      found.add(parsed.password);
      found.add(safeDecode(parsed.password));
    }
    for (const [key, value] of parsed.searchParams) if (value && PASSWORD_PARAMS.includes(key.toLowerCase())) found.add(value);
  } catch {
    // Not a URL the WHATWG parser reads (e.g. sqlite:file): redactText still masks its patterns.
  }
  return [...found].filter(Boolean);
}

/** The decoded password of a URL, if it has one (used with redactSecrets). */
export function urlPassword(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    const fromUserInfo = parsed.password ? safeDecode(parsed.password) : undefined;
    return fromUserInfo || parsed.searchParams.get('password') || undefined;
  } catch {
    return undefined;
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
