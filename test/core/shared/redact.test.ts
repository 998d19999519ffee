import { describe, expect, it } from 'vitest';
import { redactSecrets, redactText, redactUrl, urlPassword } from '../../../src/core/shared/redact.js';

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
