import { describe, expect, it } from 'vitest';
import {
  finishMysqlSchema,
  migrationsTableBlock,
  mysqldumpArgs,
  mysqldumpVersion,
  parseMysqlUrl,
  passwordOptionFile,
} from '../../../src/core/dbmate/mysql-dump-args.js';

const MARIADB = mysqldumpVersion(true, 'mariadb-dump  Ver 10.19 Distrib 10.11.19-MariaDB, for debian-linux-gnu (x86_64)\n');

describe('the MySQL dump as dbmate runs it', () => {
  it('reads the URL as Go does (decoded user, password and database)', () => {
    const url = parseMysqlUrl('mysql://us%40r:p%23ss@db.example:3307/my%20db?tls=skip-verify');
    expect(url).toMatchObject({ hostname: 'db.example', port: '3307', user: 'us@r', password: 'p#ss', database: 'my db' });
    expect(url.query.get('tls')).toBe('skip-verify');
    expect(parseMysqlUrl('mysql://root@[::1]/app')).toMatchObject({ hostname: '::1', port: '', password: undefined });
    expect(parseMysqlUrl('mysql://root:@h/app').password).toBe('');
  });

  it('picks the tool and its version like dbmate', () => {
    expect(MARIADB).toEqual({ dbType: 'mariadb', version: 10.11, command: 'mariadb-dump' });
    expect(mysqldumpVersion(false, 'mysqldump  Ver 8.4.2 for Linux on x86_64 (MySQL Community Server - GPL)')).toEqual({
      dbType: 'mysql',
      version: 8.4,
      command: 'mysqldump',
    });
    expect(mysqldumpVersion(false, undefined)).toEqual({ dbType: 'mysql', version: 5, command: 'mysqldump' });
    expect(mysqldumpVersion(true, undefined)).toEqual({ dbType: 'mariadb', version: 11, command: 'mariadb-dump' });
  });

  it("passes dbmate's arguments, never the password", () => {
    const url = parseMysqlUrl('mysql://app:secret@127.0.0.1:3306/app');
    expect(mysqldumpArgs(url, MARIADB, ['--no-tablespaces'])).toEqual([
      '--opt',
      '--routines',
      '--no-data',
      '--skip-dump-date',
      '--skip-add-drop-table',
      '--ssl=false',
      '--host=127.0.0.1',
      '--port=3306',
      '--user=app',
      '--no-tablespaces',
      'app',
    ]);
    const mysql8 = mysqldumpVersion(false, 'mysqldump  Ver 8.0.36 for Linux');
    expect(mysqldumpArgs(parseMysqlUrl('mysql://app@h/app?tls=true&socket=/run/my.sock'), mysql8)).toEqual([
      '--opt',
      '--routines',
      '--no-data',
      '--skip-dump-date',
      '--skip-add-drop-table',
      '--ssl-mode=REQUIRED',
      '--socket=/run/my.sock',
      '--user=app',
      'app',
    ]);
  });

  it('writes the password into an option file with quotes and escapes', () => {
    expect(passwordOptionFile('a"b\\c#d e')).toBe('[client]\npassword="a\\"b\\\\c#d e"\n');
  });

  it('finishes the text as dbmate does: leading comments gone, trailing spaces trimmed, AUTO_INCREMENT values dropped', () => {
    const dump =
      '-- MySQL dump\n--\n\n/*!40101 SET NAMES utf8mb4 */;  \r\nCREATE TABLE `t` (\n  `id` int\n) ENGINE=InnoDB AUTO_INCREMENT=42 DEFAULT CHARSET=utf8mb4;\n-- Dump completed\n';
    const block = migrationsTableBlock('schema_migrations', ["'1'", "'2'"]);
    expect(finishMysqlSchema(dump + block)).toBe(
      [
        '/*!40101 SET NAMES utf8mb4 */;',
        'CREATE TABLE `t` (',
        '  `id` int',
        ') ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;',
        '-- Dump completed',
        '',
        '--',
        '-- Dbmate schema migrations',
        '--',
        '',
        'LOCK TABLES `schema_migrations` WRITE;',
        'INSERT INTO `schema_migrations` (version) VALUES',
        "  ('1'),",
        "  ('2');",
        'UNLOCK TABLES;',
        '',
      ].join('\n'),
    );
    expect(migrationsTableBlock('schema_migrations', [])).toBe(
      '\n--\n-- Dbmate schema migrations\n--\n\nLOCK TABLES `schema_migrations` WRITE;\nUNLOCK TABLES;\n',
    );
  });
});
