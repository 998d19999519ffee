import { describe, expect, it } from 'vitest';
import { formatMigrationSql } from '../../../src/core/sql/format.js';

function formatted(text: string, dialect: Parameters<typeof formatMigrationSql>[1]): string {
  const result = formatMigrationSql(text, dialect);
  if (!result.ok) throw new Error(result.reason);
  return result.text;
}

describe('formatMigrationSql', () => {
  it('formats each section and keeps the markers and their options exactly', () => {
    const text =
      '-- migrate:up transaction:false\ncreate index concurrently users_email_idx on users (email);\n-- migrate:down   transaction:false\ndrop index concurrently users_email_idx;';
    expect(formatted(text, 'postgres')).toBe(
      [
        '-- migrate:up transaction:false',
        'create index concurrently users_email_idx on users (email);',
        '',
        '-- migrate:down   transaction:false',
        'drop index concurrently users_email_idx;',
        '',
      ].join('\n'),
    );
  });

  it('lays out statements, keeps comments, strings and keyword case, and is stable', () => {
    const text =
      "-- migrate:up\n-- add the admin\ninsert into users (email,name) values ('a;b@example.com','Ann') ;\nUPDATE users SET name='x' WHERE id=1;\n\n-- migrate:down\ndelete from users where email='a;b@example.com';\n";
    const once = formatted(text, 'sqlite');
    expect(once).toContain('-- add the admin');
    expect(once).toContain("('a;b@example.com', 'Ann');");
    expect(once).toContain("UPDATE users\nSET\n  name = 'x'");
    expect(formatted(once, 'sqlite')).toBe(once);
    expect(formatMigrationSql(once, 'sqlite')).toMatchObject({ ok: true, changed: false });
  });

  it('keeps text before the first marker and empty sections as they are', () => {
    const text = '-- Author: Ann\n-- Ticket: 42\n\n-- migrate:up\nselect 1;\n\n-- migrate:down\n';
    expect(formatted(text, 'postgres')).toBe('-- Author: Ann\n-- Ticket: 42\n\n-- migrate:up\nselect\n  1;\n\n-- migrate:down\n');
  });

  it('keeps PostgreSQL dollar-quoted bodies intact', () => {
    const text = '-- migrate:up\nCREATE FUNCTION f() RETURNS int AS $$ select 1; $$ LANGUAGE sql;\n-- migrate:down\nDROP FUNCTION f;\n';
    expect(formatted(text, 'postgres')).toContain('$$ select 1; $$');
  });

  it('refuses files with client commands, and says where', () => {
    const text =
      '-- migrate:up\nDELIMITER //\nCREATE PROCEDURE p() BEGIN SELECT 1; END //\nDELIMITER ;\n-- migrate:down\nDROP PROCEDURE p;\n';
    expect(formatMigrationSql(text, 'mysql')).toEqual({ ok: false, reason: expect.stringMatching(/DELIMITER/), line: 2 });
    expect(formatMigrationSql('-- migrate:up\n\\set x 1\nselect 1;\n-- migrate:down\n', 'postgres')).toMatchObject({ ok: false, line: 2 });
  });

  it('refuses what the formatter cannot parse', () => {
    expect(formatMigrationSql('-- migrate:up\nselect from where ((;\n-- migrate:down\n', 'sqlite')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/cannot parse/),
    });
  });

  it("uses the dialect's string rules (MySQL backslash escapes)", () => {
    const text = "-- migrate:up\ninsert into t (a) values ('it\\'s');\n-- migrate:down\ndelete from t;\n";
    expect(formatted(text, 'mariadb')).toContain("('it\\'s')");
  });

  it('keeps Windows line endings', () => {
    const text = '-- migrate:up\r\nselect 1;\r\n-- migrate:down\r\n';
    expect(formatted(text, 'postgres')).toBe('-- migrate:up\r\nselect\r\n  1;\r\n\r\n-- migrate:down\r\n');
  });
});
