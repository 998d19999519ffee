import { describe, expect, it } from 'vitest';
import { splitStatements } from '../../../src/core/sql/splitter.js';

const texts = (sql: string, dialect: Parameters<typeof splitStatements>[1]) => splitStatements(sql, dialect).statements.map((s) => s.text);

describe('splitStatements: PostgreSQL', () => {
  it('keeps a plpgsql function with a $$ body whole, with its line numbers', () => {
    const sql = [
      'CREATE TABLE audit (id bigserial PRIMARY KEY, note text);', // 1
      '', // 2
      'CREATE OR REPLACE FUNCTION touch_updated_at() RETURNS trigger AS $$', // 3
      'BEGIN', // 4
      "  NEW.updated_at := now(); -- keep ';' here", // 5
      "  RAISE NOTICE 'a;b';", // 6
      '  RETURN NEW;', // 7
      'END;', // 8
      '$$ LANGUAGE plpgsql;', // 9
      '', // 10
      'CREATE TRIGGER t BEFORE UPDATE ON audit FOR EACH ROW EXECUTE FUNCTION touch_updated_at();', // 11
    ].join('\n');
    const result = splitStatements(sql, 'postgres', { startLine: 2 });
    expect(result.statements).toHaveLength(3);
    expect(result.statements.map((s) => [s.startLine, s.endLine])).toEqual([
      [2, 2],
      [4, 10],
      [12, 12],
    ]);
    expect(result.statements[1].text).toMatch(/^CREATE OR REPLACE FUNCTION[\s\S]*LANGUAGE plpgsql$/);
  });

  it('handles tagged dollar quotes, nested $$ inside $fn$, and does not treat $1 as a quote', () => {
    const sql = 'CREATE FUNCTION f(a int) RETURNS int AS $fn$ SELECT $1 + 1; -- $$ ; $$ $fn$ LANGUAGE sql; SELECT $1;';
    expect(texts(sql, 'postgres')).toEqual([
      'CREATE FUNCTION f(a int) RETURNS int AS $fn$ SELECT $1 + 1; -- $$ ; $$ $fn$ LANGUAGE sql',
      'SELECT $1',
    ]);
  });

  it("reads E'…' strings with backslash-escaped quotes, standard strings without", () => {
    expect(texts("INSERT INTO t VALUES (E'it\\'s;'); INSERT INTO t VALUES ('a\\'); SELECT 2;", 'postgres')).toEqual([
      "INSERT INTO t VALUES (E'it\\'s;')",
      "INSERT INTO t VALUES ('a\\')",
      'SELECT 2',
    ]);
  });

  it('nests block comments and skips line comments', () => {
    expect(texts('/* outer /* inner; */ still; */ SELECT 1; -- x; y\nSELECT 2', 'postgres')).toEqual(['SELECT 1', 'SELECT 2']);
  });

  it('keeps BEGIN ATOMIC bodies and rule actions in parentheses whole', () => {
    const sql =
      'CREATE PROCEDURE p() LANGUAGE sql BEGIN ATOMIC INSERT INTO t VALUES (1); SELECT CASE WHEN true THEN 1 END; END; CREATE RULE r AS ON INSERT TO t DO ALSO (NOTIFY a; NOTIFY b); SELECT 3;';
    expect(texts(sql, 'postgres')).toHaveLength(3);
  });

  it('quoted identifiers may contain semicolons', () => {
    expect(texts('CREATE TABLE "a;b" (x int); SELECT 1', 'postgres')).toEqual(['CREATE TABLE "a;b" (x int)', 'SELECT 1']);
  });

  it('skips psql backslash lines that pg_dump writes', () => {
    expect(texts('\\restrict abc\nSET x = 1;\nCREATE TABLE t (a int);', 'postgres')).toEqual(['SET x = 1', 'CREATE TABLE t (a int)']);
  });
});

describe('splitStatements: SQLite', () => {
  it('keeps a trigger body with BEGIN … END and CASE … END whole', () => {
    const sql = [
      'CREATE TABLE log (id INTEGER PRIMARY KEY AUTOINCREMENT, msg TEXT);',
      'CREATE TRIGGER users_ai AFTER INSERT ON users',
      'BEGIN',
      "  INSERT INTO log (msg) VALUES (CASE WHEN NEW.name IS NULL THEN 'anon;' ELSE NEW.name END);",
      '  UPDATE users SET seen = 1 WHERE id = NEW.id;',
      'END;',
      "INSERT INTO log (msg) VALUES ('done');",
    ].join('\n');
    const result = splitStatements(sql, 'sqlite');
    expect(result.statements.map((s) => [s.startLine, s.endLine])).toEqual([
      [1, 1],
      [2, 6],
      [7, 7],
    ]);
  });

  it('reads [bracketed] and `backtick` identifiers', () => {
    expect(texts('CREATE TABLE [a;b] (`c;d` int); SELECT 1;', 'sqlite')).toEqual(['CREATE TABLE [a;b] (`c;d` int)', 'SELECT 1']);
  });
});

describe('splitStatements: MySQL', () => {
  it('follows DELIMITER for a procedure and records the command lines', () => {
    const sql = [
      'DELIMITER //', // 1
      'CREATE PROCEDURE add_user(IN n VARCHAR(50))', // 2
      'BEGIN', // 3
      '  INSERT INTO users (name) VALUES (n);', // 4
      '  SELECT LAST_INSERT_ID();', // 5
      'END //', // 6
      'DELIMITER ;', // 7
      "INSERT INTO users (name) VALUES ('x;y');", // 8
    ].join('\n');
    const result = splitStatements(sql, 'mysql');
    expect(result.statements.map((s) => s.startLine)).toEqual([2, 8]);
    expect(result.statements[0].text).toMatch(/END$/);
    expect(result.statements[0].terminator).toBe('//');
    expect(result.delimiterCommands).toEqual([
      { line: 1, delimiter: '//' },
      { line: 7, delimiter: ';' },
    ]);
  });

  it('DELIMITER $$ works even though $ is not a quote in MySQL', () => {
    const sql = 'DELIMITER $$\nCREATE FUNCTION f() RETURNS INT DETERMINISTIC BEGIN RETURN 1; END$$\nDELIMITER ;\nSELECT 1;';
    expect(texts(sql, 'mysql')).toEqual(['CREATE FUNCTION f() RETURNS INT DETERMINISTIC BEGIN RETURN 1; END', 'SELECT 1']);
  });

  it('without DELIMITER, a BEGIN … END procedure with IF … END IF stays whole (the server parses it)', () => {
    const sql = 'CREATE PROCEDURE p() BEGIN IF 1 = 1 THEN SELECT 1; END IF; WHILE 0 DO SELECT 2; END WHILE; SELECT 3; END; SELECT 4;';
    expect(texts(sql, 'mysql')).toEqual([
      'CREATE PROCEDURE p() BEGIN IF 1 = 1 THEN SELECT 1; END IF; WHILE 0 DO SELECT 2; END WHILE; SELECT 3; END',
      'SELECT 4',
    ]);
  });

  it('backslash escapes in strings, double-quoted strings and # comments', () => {
    expect(texts('INSERT INTO t VALUES (\'it\\\'s;\', "q;\\""); # c; d\nSELECT 1;', 'mysql')).toEqual([
      'INSERT INTO t VALUES (\'it\\\'s;\', "q;\\"")',
      'SELECT 1',
    ]);
  });

  it('-- needs a space after it in MySQL', () => {
    expect(texts('SELECT 1--1;\nSELECT 2; -- c;\n', 'mysql')).toEqual(['SELECT 1--1', 'SELECT 2']);
  });
});

describe('splitStatements: seeds and views', () => {
  it('keeps semicolons inside quoted values of a multi-line seed', () => {
    const sql =
      "INSERT INTO settings (key, value) VALUES\n  ('greeting', 'hello; world'),\n  ('sql', 'DROP TABLE x;'),\n  ('quote', 'it''s; fine');\nCREATE VIEW active_users AS SELECT * FROM users WHERE active;";
    const result = splitStatements(sql, 'postgres');
    expect(result.statements.map((s) => [s.startLine, s.endLine])).toEqual([
      [1, 4],
      [5, 5],
    ]);
  });

  it('keeps a statement without a final semicolon and ignores empty ones', () => {
    const result = splitStatements(';;\n SELECT 1 ;\n\n;SELECT 2', 'sqlite');
    expect(result.statements.map((s) => [s.text, s.terminator])).toEqual([
      ['SELECT 1', ';'],
      ['SELECT 2', null],
    ]);
  });

  it('runs an unterminated string or comment to the end instead of failing', () => {
    expect(texts("SELECT 1; SELECT 'abc; SELECT 2", 'postgres')).toEqual(['SELECT 1', "SELECT 'abc; SELECT 2"]);
    expect(texts('SELECT 1; /* open; SELECT 2', 'postgres')).toEqual(['SELECT 1']);
  });

  it('sniffs generic input: dollar quotes mean PostgreSQL', () => {
    const result = splitStatements('CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql; SELECT 2;', 'generic');
    expect(result.dialect).toBe('postgres');
    expect(result.statements).toHaveLength(2);
  });
});
