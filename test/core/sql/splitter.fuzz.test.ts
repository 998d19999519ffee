import { beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS_UNDER_TEST, mulberry32 } from './fuzz-helpers.js';
import { classifyStatement } from '../../../src/core/sql/analyze.js';
import { parseMigrationContent } from '../../../src/core/migrations/file.js';
import { assessMigrations } from '../../../src/core/sql/assess.js';
import { loadPostgresParser } from '../../../src/core/sql/pg-parser.js';
import { splitStatements } from '../../../src/core/sql/splitter.js';

// Pieces that matter to the splitter and classifier, so random input hits the tricky paths.
const PIECES = [
  ';',
  ';',
  "'",
  '"',
  '`',
  '$$',
  '$a$',
  '$',
  '--',
  '#',
  '/*',
  '*/',
  '\n',
  '\\',
  '(',
  ')',
  ',',
  '.',
  ' ',
  ' ',
  '[',
  ']',
  "E'",
  'BEGIN',
  'END',
  'CASE',
  'IF',
  'ATOMIC',
  'DELIMITER ',
  'DELIMITER //\n',
  '//',
  'CREATE',
  'TRIGGER',
  'PROCEDURE',
  'FUNCTION',
  'TABLE',
  'ALTER',
  'ADD',
  'DROP',
  'COLUMN',
  'INDEX',
  'CONCURRENTLY',
  'ON',
  'UPDATE',
  'SET',
  'WHERE',
  'DELETE',
  'FROM',
  'INSERT',
  'INTO',
  'RENAME',
  'TO',
  'NOT',
  'NULL',
  'DEFAULT',
  'WITH',
  'TRUNCATE',
  'users',
  'x',
  '1',
  '-- migrate:up\n',
  '-- migrate:down\n',
  '\u00e9',
  '\ud83d\ude00',
  '\r\n',
  '\t',
  '::',
  '=',
  '@',
];

function randomSql(random: () => number): string {
  const length = Math.floor(random() * 60);
  let out = '';
  for (let i = 0; i < length; i++) {
    if (random() < 0.1) out += String.fromCharCode(Math.floor(random() * 0x2fff));
    else out += PIECES[Math.floor(random() * PIECES.length)];
  }
  return out;
}

beforeAll(async () => {
  await loadPostgresParser();
});

describe('fuzzing the splitter and classifier', () => {
  it('never throws on 3,000 random inputs per dialect, and keeps its invariants', () => {
    const random = mulberry32(20240101);
    for (let i = 0; i < 3000; i++) {
      const sql = randomSql(random);
      for (const dialect of DIALECTS_UNDER_TEST) {
        const result = splitStatements(sql, dialect, { startLine: 3 });
        let previousEnd = -1;
        for (const statement of result.statements) {
          expect(statement.text.length).toBeGreaterThan(0);
          expect(statement.start).toBeGreaterThan(previousEnd);
          expect(sql.slice(statement.start, statement.end)).toBe(statement.text);
          expect(statement.startLine).toBeGreaterThanOrEqual(3);
          expect(statement.endLine).toBeGreaterThanOrEqual(statement.startLine);
          previousEnd = statement.end;
          classifyStatement(statement, result.dialect, { reportSyntaxErrors: true });
        }
      }
    }
  });

  it('assesses 500 random migration files without throwing', async () => {
    const random = mulberry32(7);
    for (let i = 0; i < 500; i++) {
      const content = `-- migrate:up\n${randomSql(random)}\n-- migrate:down\n${randomSql(random)}`;
      const file = parseMigrationContent(`${i}_fuzz.sql`, `/virtual/${i}_fuzz.sql`, Buffer.from(content));
      const dialect = DIALECTS_UNDER_TEST[i % DIALECTS_UNDER_TEST.length];
      const result = await assessMigrations([file], {
        dialect,
        sources: new Map([[file.path, content]]),
        schemaSql: i % 2 ? randomSql(random) : null,
      });
      expect(result.migrations).toHaveLength(1);
    }
  });
});
