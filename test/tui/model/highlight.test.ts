import chalk from 'chalk';
import { stripVTControlCharacters } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseMigrationContent } from '../../../src/core/migrations/file.js';
import { detailLines } from '../../../src/tui/model/detail-lines.js';
import { highlightSql } from '../../../src/tui/model/highlight.js';
import type { MigrationRow } from '../../../src/tui/model/migration-rows.js';

const BLUE = '\x1b[34m';
const CYAN = '\x1b[36m';
const RED = '\x1b[31m';
const GREEN = '\x1b[32m';
const GRAY = '\x1b[90m';
const MAGENTA = '\x1b[35m';
const RESET = '\x1b[39m';

const painted = (colour: string, text: string) => `${colour}${text}${RESET}`;

const PLPGSQL = `-- Keeps updated_at current.
CREATE OR REPLACE FUNCTION touch_updated_at() RETURNS trigger AS $$
BEGIN
  /* 'quotes' in a comment */
  NEW.updated_at := now();
  RAISE NOTICE 'it''s done: %', NEW.id;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TABLE "user accounts" (id bigserial PRIMARY KEY, note text DEFAULT E'a\\'b', retries int DEFAULT 3);
COMMENT ON TABLE "user accounts" IS $doc$Who can sign in; see 'auth'.$doc$;
`;

const MYSQL =
  "CREATE TABLE `orders` (\n  `id` INT NOT NULL AUTO_INCREMENT, -- the key\n  `type` VARCHAR(20) DEFAULT 'it\\'s',\n  PRIMARY KEY (`id`)\n) ENGINE=InnoDB;\n";

describe('SQL highlighting', () => {
  let level: typeof chalk.level;
  beforeEach(() => {
    level = chalk.level;
    chalk.level = 1;
  });
  afterEach(() => {
    chalk.level = level;
  });

  it('gives back the exact input once the colours are stripped', () => {
    for (const sql of [PLPGSQL, MYSQL, "SELECT 'unterminated", 'DO $$ BEGIN', '$$', '  \n\t-- only a comment\n', ''])
      expect(stripVTControlCharacters(highlightSql(sql))).toBe(sql);
  });

  it('colours keywords, types, strings, numbers and comments of a PL/pgSQL migration', () => {
    const out = highlightSql(PLPGSQL);
    expect(out).toContain(painted(GRAY, '-- Keeps updated_at current.'));
    expect(out).toContain(
      `${painted(BLUE, 'CREATE')} ${painted(BLUE, 'OR')} ${painted(BLUE, 'REPLACE')} ${painted(BLUE, 'FUNCTION')} touch_updated_at()`,
    );
    expect(out).toContain(painted(RED, "'it''s done: %'"));
    expect(out).toContain(painted(RED, "E'a\\'b'"));
    expect(out).toContain(`${painted(CYAN, 'bigserial')} ${painted(BLUE, 'PRIMARY')} ${painted(BLUE, 'KEY')}`);
    expect(out).toContain(`${painted(BLUE, 'DEFAULT')} ${painted(GREEN, '3')}`);
    // Quoted identifiers and operators stay plain.
    expect(out).toContain(`${painted(BLUE, 'TABLE')} "user accounts" (id `);
    expect(out).toContain(' := now();');
  });

  it('highlights a function body as code, and a dollar-quoted string as a string', () => {
    const out = highlightSql(PLPGSQL);
    expect(out).toContain(`${painted(BLUE, 'AS')} ${painted(MAGENTA, '$$')}\n${painted(BLUE, 'BEGIN')}`);
    expect(out).toContain(painted(GRAY, "/* 'quotes' in a comment */"));
    expect(out).toContain(`${painted(BLUE, 'RETURN')} ${painted(BLUE, 'NEW')};`);
    expect(out).toContain(`${painted(MAGENTA, '$$')} ${painted(BLUE, 'LANGUAGE')} plpgsql;`);
    expect(out).toContain(`${painted(MAGENTA, '$doc$')}${painted(RED, "Who can sign in; see 'auth'.")}${painted(MAGENTA, '$doc$')}`);
    // `NEW.updated_at`: a column after a dot is never a keyword.
    expect(out).toContain(`${painted(BLUE, 'NEW')}.updated_at`);
  });

  it('reads MySQL: backticks plain, backslash escapes inside strings', () => {
    const out = highlightSql(MYSQL);
    expect(out).toContain(`${painted(BLUE, 'TABLE')} \`orders\` (`);
    expect(out).toContain(
      `\`id\` ${painted(CYAN, 'INT')} ${painted(BLUE, 'NOT')} ${painted(BLUE, 'NULL')} ${painted(BLUE, 'AUTO_INCREMENT')},`,
    );
    expect(out).toContain(painted(GRAY, '-- the key'));
    expect(out).toContain(`\`type\` ${painted(CYAN, 'VARCHAR')}(${painted(GREEN, '20')})`);
    expect(out).toContain(painted(RED, "'it\\'s'"));
  });

  it('keeps every line self-contained, so the detail pane can cut the text into lines', () => {
    const sql = `${PLPGSQL}/* a comment\nover two lines */ SELECT 'a string\nover two lines';`;
    const lines = highlightSql(sql).split('\n');
    expect(lines.slice(-3)).toEqual([
      painted(GRAY, '/* a comment'),
      `${painted(GRAY, 'over two lines */')} ${painted(BLUE, 'SELECT')} ${painted(RED, "'a string")}`,
      `${painted(RED, "over two lines'")};`,
    ]);
    // eslint-disable-next-line no-control-regex -- ANSI colour codes start with ESC
    for (const line of lines) expect(line.match(/\x1b\[(3[0-8]|9\d)m/g)?.length ?? 0).toBe(line.match(/\x1b\[39m/g)?.length ?? 0);
  });
});

describe('SQL in the detail pane', () => {
  const migration = parseMigrationContent(
    '20240101120000_touch.sql',
    '/p/20240101120000_touch.sql',
    Buffer.from(`-- migrate:up\n${PLPGSQL}\n-- migrate:down\nDROP FUNCTION touch_updated_at;\n`),
  );
  const row: MigrationRow = {
    key: migration.file,
    version: '20240101120000',
    name: 'touch',
    file: migration.file,
    path: migration.path,
    status: 'pending',
    warnings: [],
    problems: [],
    migration,
    haystack: 'touch',
  };
  const sqlText = (colour: boolean) =>
    detailLines(row, { colour, now: new Date('2024-01-02T00:00:00Z') })
      .filter((line) => line.tone === 'sql')
      .map((line) => line.text);

  it('is coloured when colours are on, and the same text once stripped', () => {
    const level = chalk.level;
    chalk.level = 1;
    try {
      const coloured = sqlText(true);
      expect(coloured.join('\n')).toContain(painted(BLUE, 'CREATE'));
      expect(coloured.map((line) => stripVTControlCharacters(line))).toEqual(sqlText(false));
    } finally {
      chalk.level = level;
    }
  });

  it('has no colour under NO_COLOR (colour off), whatever the terminal supports', () => {
    const level = chalk.level;
    chalk.level = 3;
    try {
      // eslint-disable-next-line no-control-regex -- ANSI colour codes start with ESC
      expect(sqlText(false).join('\n')).not.toMatch(/\x1b\[/);
      expect(sqlText(false)).toContain('CREATE OR REPLACE FUNCTION touch_updated_at() RETURNS trigger AS $$');
    } finally {
      chalk.level = level;
    }
  });
});
