// The splitter against real servers: every statement it produces, sent alone, must be one
// the server accepts — so a wrong split (a `;` inside a body or string) fails here.

import { afterAll, describe, expect, it } from 'vitest';
import { splitStatements } from '../../src/core/sql/splitter.js';
import { availableTargets, mysqlConnectionOptions, type TestDatabase } from '../helpers/databases.js';

const POSTGRES_SQL = `
CREATE TABLE accounts (
  id bigserial PRIMARY KEY,
  email text NOT NULL,
  note text DEFAULT 'a;b',
  updated_at timestamptz NOT NULL DEFAULT now()
);
/* a block /* nested; */ comment; */
CREATE OR REPLACE FUNCTION touch_updated_at() RETURNS trigger AS $$
BEGIN
  NEW.updated_at := now(); -- ';' in a body
  RAISE NOTICE 'touched; %', NEW.id;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE FUNCTION add_one(i int) RETURNS int AS $body$ SELECT i + 1; $body$ LANGUAGE sql;
CREATE PROCEDURE log_it() LANGUAGE sql BEGIN ATOMIC
  INSERT INTO accounts (email) VALUES (CASE WHEN true THEN 'x;y' END);
END;
CREATE TRIGGER accounts_touch BEFORE UPDATE ON accounts FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
CREATE VIEW active_accounts AS SELECT * FROM accounts WHERE email <> ';';
CALL log_it();
INSERT INTO accounts (email, note) VALUES (E'it\\'s;', 'semi;colon'), ('o''brien;', $$dollar;$$);
CREATE RULE no_delete AS ON DELETE TO accounts DO INSTEAD (SELECT 1; SELECT 2);
`;

const MYSQL_SQL = `
CREATE TABLE users (id BIGINT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(100) NOT NULL DEFAULT 'a;b') ENGINE=InnoDB;
# a hash comment; with a semicolon
CREATE PROCEDURE add_user(IN n VARCHAR(100))
BEGIN
  DECLARE c INT DEFAULT 0;
  INSERT INTO users (name) VALUES (n);
  IF n = 'x;y' THEN
    SET c = 1;
  END IF;
  WHILE c > 0 DO
    SET c = c - 1;
  END WHILE;
  SELECT CASE WHEN c = 0 THEN 'zero;' ELSE 'more' END;
END;
CREATE TRIGGER users_bi BEFORE INSERT ON users FOR EACH ROW SET NEW.name = TRIM(NEW.name);
INSERT INTO users (name) VALUES ('it\\'s;'), ("dq;\\"x"), ('plain');
DELIMITER //
CREATE FUNCTION twice(x INT) RETURNS INT DETERMINISTIC
BEGIN
  RETURN x * 2;
END //
DELIMITER ;
CREATE VIEW named AS SELECT name FROM users WHERE name <> ';';
`;

const targets = await availableTargets(['postgres', 'mysql']);
const created: TestDatabase[] = [];
afterAll(async () => {
  for (const db of created) await db.drop();
});

describe.each(targets)('splitter on $label', (target) => {
  it('splits real-world migrations into statements the server accepts one by one', async () => {
    const db = await target.createDatabase();
    created.push(db);
    const sql = target.dialect === 'postgres' ? POSTGRES_SQL : MYSQL_SQL;
    const { statements } = splitStatements(sql, target.dialect);
    expect(statements).toHaveLength(target.dialect === 'postgres' ? 9 : 6);
    if (target.dialect === 'postgres') {
      const { default: pg } = await import('pg');
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      try {
        for (const s of statements) await client.query(s.text);
        const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM accounts');
        expect(rows[0].n).toBe(3);
      } finally {
        await client.end();
      }
    } else {
      const mysql = await import('mysql2/promise');
      const connection = await mysql.createConnection(mysqlConnectionOptions(db.url));
      try {
        for (const s of statements) await connection.query(s.text);
        const [rows] = await connection.query('SELECT twice(21) AS v, (SELECT count(*) FROM users) AS n');
        expect(rows).toEqual([{ v: 42, n: 3 }]);
      } finally {
        await connection.end();
      }
    }
  });
});
