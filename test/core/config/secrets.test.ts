import { describe, expect, it } from 'vitest';
import { knownSecrets } from '../../../src/core/config/secrets.js';

describe('knownSecrets', () => {
  it('finds URL passwords and variables named like secrets, not working directories', () => {
    const secrets = knownSecrets({
      url: 'postgres://app:p%40ss@db/app',
      env: {
        OTHER_URL: 'mysql://root:rootpw@h/x',
        DB_PASSWORD: 'hunter22',
        MYSQL_PWD: 'mysqlpw',
        GITHUB_TOKEN: 'ghp_abc',
        PWD: '/home/ana/project',
        OLDPWD: '/home/ana',
        HOME: '/home/ana',
        SHORT_PASS: 'ab',
      },
    });
    expect(secrets.sort()).toEqual(['ghp_abc', 'hunter22', 'mysqlpw', 'p@ss', 'rootpw']);
  });
});
