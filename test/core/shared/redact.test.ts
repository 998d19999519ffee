import { describe, expect, it } from 'vitest';
import { redactSecrets, redactText, redactUrl, urlPassword, urlSecrets } from '../../../src/core/shared/redact.js';

describe('redaction', () => {
  it('hides URL passwords', () => {
    expect(redactUrl('postgres://user:secret@host:5432/db?sslmode=disable')).toBe('postgres://user:***@host:5432/db?sslmode=disable');
    expect(redactUrl('mysql://root@127.0.0.1:3306/app')).toBe('mysql://root@127.0.0.1:3306/app');
    expect(redactUrl('sqlite:db/app.sqlite3')).toBe('sqlite:db/app.sqlite3');
  });

  it('hides password query parameters and URLs inside longer text', () => {
    expect(redactText('connect to postgres://a:b%40c@h/d failed')).toBe('connect to postgres://a:***@h/d failed');
    expect(redactText('clickhouse://h:9000?username=u&password=pw&x=1')).toBe('clickhouse://h:9000?username=u&password=***&x=1');
  });

  it('removes known secrets verbatim', () => {
    expect(redactSecrets('auth failed for pw p@ss!', ['p@ss!'])).toBe('auth failed for pw ***');
    expect(urlPassword('postgres://u:p%40ss@h/d')).toBe('p@ss');
  });
});

describe('redaction keeps the text around the secret intact', () => {
  it.each([
    ['postgres://u:p@ss@h/db?sslmode=disable', 'postgres://u:***@h/db?sslmode=disable'],
    ['postgres://u:p/w@h/db', 'postgres://u:***@h/db'],
    ['postgres://u@h/db?sslmode=disable&password=x', 'postgres://u@h/db?sslmode=disable&password=***'],
    ['postgres://u@h/db?sslpassword=k&PWD=z#frag', 'postgres://u@h/db?sslpassword=***&PWD=***#frag'],
    ['foo://u@h/db?pass=secret', 'foo://u@h/db?pass=***'],
    ['(postgres://u@h/db?password=xyz)', '(postgres://u@h/db?password=***)'],
    ['see postgres://u@h/db?password=xyz. Next', 'see postgres://u@h/db?password=***. Next'],
    [
      'x?url=postgres%3A%2F%2Fu%3Apw%40h%2Fdb%3Fsslmode%3Ddisable%26password%3Dsec',
      'x?url=postgres%3A%2F%2Fu%3A***%40h%2Fdb%3Fsslmode%3Ddisable%26password%3D***',
    ],
    ['mysql://root@127.0.0.1:3306/x?note=a@b', 'mysql://root@127.0.0.1:3306/x?note=a@b'],
    ['postgres://h:5432/db', 'postgres://h:5432/db'],
  ])('%s → %s', (input, output) => {
    expect(redactText(input)).toBe(output);
  });

  it('JSON stays valid and secret-free, whatever the password holds', () => {
    for (const url of [
      'postgres://u@h/db?sslmode=disable&password=x',
      'postgres://u@h/db?password=x!',
      'postgres://u:a"b@h/db',
      'postgres://u:a\\b@h/db?password=c"d',
      'postgres://u:s%22c@h/db',
      'mysql://u:p,w@h/db',
    ]) {
      const json = redactText(JSON.stringify({ url, next: 'kept' }, null, 2));
      const parsed = JSON.parse(json) as { url: string; next: string };
      expect(parsed.next).toBe('kept');
      for (const secret of ['x', 'a"b', 'a\\b', 'c"d', 's%22c', 'p,w']) expect(parsed.url).not.toContain(`:${secret}@`);
      expect(parsed.url).not.toMatch(/password=[^*]/);
    }
  });

  it('lists every secret of a URL, decoded and as written', () => {
    expect(urlSecrets('postgres://u:p%40ss@h/d?sslpassword=k1&password=k2')).toEqual(
      expect.arrayContaining(['p%40ss', 'p@ss', 'k1', 'k2']),
    );
    expect(urlSecrets('sqlite:db.sqlite3')).toEqual([]);
  });
});
