// What dbmate 2.36's MySQL driver does for a schema dump, as pure functions: which tool it
// runs (mariadb-dump when installed, else mysqldump), with which arguments, and how it turns
// the tool's output into schema.sql. dbtk runs the dump itself with these so the password
// reaches the tool through an option file instead of `--password=` on its command line
// (where dbmate puts it), and writes byte for byte what `dbmate dump` writes.

/** The URL as dbmate's Go code reads it (url.URL: decoded user, password and path). */
export interface MysqlUrlParts {
  hostname: string;
  port: string;
  user: string;
  /** Undefined when the URL has no `:` after the user (Go's `User.Password()` not set). */
  password?: string;
  database: string;
  query: URLSearchParams;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Parses a mysql:// URL the way Go's url.Parse does for the parts the dump uses. */
export function parseMysqlUrl(url: string): MysqlUrlParts {
  const match = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)([^?#]*)(?:\?([^#]*))?/i.exec(url);
  if (!match) return { hostname: '', port: '', user: '', database: '', query: new URLSearchParams() };
  const [, authority, rawPath, rawQuery = ''] = match;
  const at = authority.lastIndexOf('@');
  const userInfo = at >= 0 ? authority.slice(0, at) : undefined;
  const hostPort = at >= 0 ? authority.slice(at + 1) : authority;
  const colon = userInfo?.indexOf(':') ?? -1;
  const user = userInfo === undefined ? '' : decode(colon < 0 ? userInfo : userInfo.slice(0, colon));
  const password = userInfo !== undefined && colon >= 0 ? decode(userInfo.slice(colon + 1)) : undefined;
  const bracketed = /^\[([^\]]*)\](?::(\d*))?$/.exec(hostPort);
  const hostname = bracketed ? bracketed[1] : hostPort.replace(/:\d*$/, '');
  const port = bracketed ? (bracketed[2] ?? '') : (/:(\d*)$/.exec(hostPort)?.[1] ?? '');
  return { hostname, port, user, password, database: decode(rawPath).replace(/^\//, ''), query: new URLSearchParams(rawQuery) };
}

export interface MysqldumpVersion {
  dbType: 'mysql' | 'mariadb';
  /** major.minor, e.g. 8.4 or 10.11. */
  version: number;
  command: 'mysqldump' | 'mariadb-dump';
}

const VERSION = /(?:Ver \d+\.\d+ Distrib |Ver |from )(\d+\.\d+)/;

/** dbmate's getMysqldumpVersion: from whether mariadb-dump exists and what `--version` printed. */
export function mysqldumpVersion(hasMariadbDump: boolean, versionOutput: string | undefined): MysqldumpVersion {
  const result: MysqldumpVersion = hasMariadbDump
    ? { dbType: 'mariadb', version: 11.0, command: 'mariadb-dump' }
    : { dbType: 'mysql', version: 5.0, command: 'mysqldump' };
  if (versionOutput === undefined) return result;
  if (versionOutput.includes('MariaDB')) {
    result.dbType = 'mariadb';
    result.version = 10.0;
  }
  const match = VERSION.exec(versionOutput);
  const parsed = match ? Number.parseFloat(match[1]) : Number.NaN;
  if (!Number.isNaN(parsed)) result.version = parsed;
  return result;
}

/** dbmate's mysqldumpArgs, without `--password=` (the option file carries it). */
export function mysqldumpArgs(url: MysqlUrlParts, version: MysqldumpVersion, userArgs: readonly string[] = []): string[] {
  const args = ['--opt', '--routines', '--no-data', '--skip-dump-date', '--skip-add-drop-table', ...mysqlConnectionArgs(url, version)];
  return [...args, ...userArgs, url.database];
}

/** How dbmate's dump reaches the server (TLS, socket or host and port, user): the same for mysqldump and the mysql client. */
export function mysqlConnectionArgs(url: MysqlUrlParts, version: MysqldumpVersion): string[] {
  const args: string[] = [];
  const tls = (url.query.get('tls') ?? '').toLowerCase();
  const sslMode = version.dbType === 'mysql' && version.version >= 8.0;
  if (tls === '' || tls === 'false') args.push(sslMode ? '--ssl-mode=DISABLED' : '--ssl=false');
  if (tls === 'skip-verify') args.push(sslMode ? '--ssl-mode=PREFERRED' : '--ssl-verify-server-cert=false');
  if (tls === 'true' && sslMode) args.push('--ssl-mode=REQUIRED');
  const socket = url.query.get('socket') ?? '';
  if (socket) args.push(`--socket=${socket}`);
  else {
    if (url.hostname) args.push(`--host=${url.hostname}`);
    if (url.port) args.push(`--port=${url.port}`);
  }
  if (url.user) args.push(`--user=${url.user}`);
  return args;
}

/**
 * An option file giving the tool the password (read through `--defaults-file`, which
 * must be its first argument). Quoted, with the escapes MySQL and MariaDB option files know.
 */
export function passwordOptionFile(password: string): string {
  const escaped = password.replace(
    /[\\"\n\r\t\b]/g,
    (c) => ({ '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b' })[c]!,
  );
  return `[client]\npassword="${escaped}"\n`;
}

/** dbmate's quoteIdentifier for MySQL (backticks; an inner backtick gets a backslash, as dbmate does). */
export function quoteMysqlIdentifier(name: string): string {
  return `\`${name.replace(/`/g, '\\`')}\``;
}

/** The block dbmate appends after the tool's output: the applied versions, as `quote(version)` gave them. */
export function migrationsTableBlock(table: string, quotedVersions: readonly string[]): string {
  const quoted = quoteMysqlIdentifier(table);
  let block = `\n--\n-- Dbmate schema migrations\n--\n\nLOCK TABLES ${quoted} WRITE;\n`;
  if (quotedVersions.length) block += `INSERT INTO ${quoted} (version) VALUES\n  (${quotedVersions.join('),\n  (')});\n`;
  return `${block}UNLOCK TABLES;\n`;
}

// Go's unicode.IsSpace: what dbmate trims from the end of each line.
const TRAILING_SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/;

/**
 * dbmate's TrimLeadingSQLComments (blank and `--` lines before the first statement dropped,
 * trailing white space trimmed, every line ended with `\n`), then trimAutoincrementValues.
 */
export function finishMysqlSchema(dump: string): string {
  const lines = dump.split('\n');
  if (lines.at(-1) === '') lines.pop();
  let preamble = true;
  let out = '';
  for (const raw of lines) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (preamble && (line.length === 0 || line.startsWith('--'))) continue;
    preamble = false;
    out += `${line.replace(TRAILING_SPACE, '')}\n`;
  }
  return out.replace(/ AUTO_INCREMENT=[0-9]*/g, '');
}
