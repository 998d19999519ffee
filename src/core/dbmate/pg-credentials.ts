// A PostgreSQL URL split into a password-free URL and the password. dbmate hands its URL to
// pg_dump as a command-line argument, where any `ps` shows it; given a URL without a password
// and PGPASSWORD in its environment instead, dbmate's driver (lib/pq) and pg_dump (libpq)
// both read the password from there and nothing secret reaches an argv.

export interface SplitCredentials {
  /** The URL with the password removed from the user info and the query. */
  url: string;
  /** The decoded password, when the URL had one (empty passwords are dropped as such). */
  password?: string;
}

const AUTHORITY = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)(.*)$/is;

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Query parameters holding a password, as lib/pq and libpq name it. */
const PASSWORD_PARAM = /^password$/i;

function withoutPasswordParam(rest: string): { rest: string; password?: string } {
  const queryAt = rest.indexOf('?');
  if (queryAt < 0) return { rest };
  const hashAt = rest.indexOf('#', queryAt);
  const query = rest.slice(queryAt + 1, hashAt < 0 ? undefined : hashAt);
  const fragment = hashAt < 0 ? '' : rest.slice(hashAt);
  let password: string | undefined;
  const kept = query.split('&').filter((pair) => {
    const [key, ...value] = pair.split('=');
    if (!PASSWORD_PARAM.test(decode(key))) return true;
    // As Go's url.Query decodes it: `+` is a space.
    password = decode(value.join('=').replace(/\+/g, ' '));
    return false;
  });
  const path = rest.slice(0, queryAt);
  return { rest: `${path}${kept.length ? `?${kept.join('&')}` : ''}${fragment}`, password };
}

/** Splits the password out of a PostgreSQL URL (user info or `password=` query parameter). */
export function splitPostgresCredentials(url: string): SplitCredentials {
  const match = AUTHORITY.exec(url);
  if (!match) return { url };
  const [, scheme, authority, tail] = match;
  // The user info ends at the last `@` of the authority, as Go's url.Parse reads it.
  const at = authority.lastIndexOf('@');
  let host = authority;
  let fromUserInfo: string | undefined;
  if (at >= 0) {
    const userInfo = authority.slice(0, at);
    const colon = userInfo.indexOf(':');
    const user = colon < 0 ? userInfo : userInfo.slice(0, colon);
    if (colon >= 0) fromUserInfo = decode(userInfo.slice(colon + 1));
    host = `${user ? `${user}@` : ''}${authority.slice(at + 1)}`;
  }
  const query = withoutPasswordParam(tail);
  // libpq and lib/pq both let a query parameter override the user info.
  const password = query.password ?? fromUserInfo;
  return { url: `${scheme}${host}${query.rest}`, password: password || undefined };
}
