// Password redaction. Every string dbtk prints, logs, stores or exports that may contain a
// database URL goes through here first.

const URL_WITH_PASSWORD = /([a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]*):([^@/?#\s]*)@/gi;
const PASSWORD_PARAM = /([?&](?:password|pass|pwd)=)([^&#\s]*)/gi;

/** `postgres://user:secret@host/db` → `postgres://user:***@host/db` (also `?password=`). */
export function redactUrl(url: string): string {
  return redactText(url);
}

/** Redacts every URL password and password query parameter found anywhere in `text`. */
export function redactText(text: string): string {
  return text
    .replace(URL_WITH_PASSWORD, (_m, head: string, pass: string) => (pass ? `${head}:***@` : `${head}:@`))
    .replace(PASSWORD_PARAM, (_m, head: string) => `${head}***`);
}

/** Removes known secret values verbatim (a password can appear decoded in a driver error). */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = redactText(text);
  for (const secret of secrets) {
    if (secret.length >= 3) out = out.split(secret).join('***');
  }
  return out;
}

/** The decoded password of a URL, if it has one (used with redactSecrets). */
export function urlPassword(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    const fromUserInfo = parsed.password ? decodeURIComponent(parsed.password) : undefined;
    return fromUserInfo || parsed.searchParams.get('password') || undefined;
  } catch {
    return undefined;
  }
}
