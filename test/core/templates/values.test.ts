import { describe, expect, it } from 'vitest';
import { checkValue, type Placeholder } from '../../../src/core/templates/values.js';

const expression: Placeholder = { key: 'default', label: 'Default', kind: 'expression', required: false };
const type: Placeholder = { key: 'type', label: 'Type', kind: 'type', required: true };
const names: Placeholder = { key: 'columns', label: 'Columns', kind: 'list', of: 'identifier', required: true };
const values: Placeholder = { key: 'values', label: 'Values', kind: 'list', of: 'expression', required: true };
const flag: Placeholder = { key: 'concurrently', label: 'Concurrently', kind: 'flag', required: false };
const choice: Placeholder = { key: 'on_delete', label: 'On delete', kind: 'choice', options: ['NO ACTION', 'CASCADE', 'SET NULL'], required: false };

function sqlOf(placeholder: Placeholder, raw: string, dialect: Parameters<typeof checkValue>[2] = 'postgres') {
  const result = checkValue(placeholder, raw, dialect);
  return result.ok ? result.value.sql : `problem: ${result.problem}`;
}

describe('expression values', () => {
  it('accepts single SQL values', () => {
    expect(sqlOf(expression, "'draft'")).toBe("'draft'");
    expect(sqlOf(expression, 'now()')).toBe('now()');
    expect(sqlOf(expression, "status IN ('a', 'b')")).toBe("status IN ('a', 'b')");
    expect(sqlOf(expression, "'it''s; fine'")).toBe("'it''s; fine'");
    expect(sqlOf(expression, 'coalesce(a, b) > 0')).toBe('coalesce(a, b) > 0');
  });

  it('refuses anything that could leave its position', () => {
    const attempts: [string, RegExp][] = [
      ['1; drop table x', /;/],
      ["'abc", /left open/],
      ["'x'); drop table users; --", /;|closes/],
      ['1 -- rest of line', /comments/],
      ['1 /* hidden */', /comments/],
      ['1)', /closes a parenthesis/],
      ['(1', /not closed/],
      ['1, extra_column int', /one value only/],
      ['$$ body', /left open/],
    ];
    for (const [attempt, problem] of attempts) expect(sqlOf(expression, attempt), attempt).toMatch(problem);
  });

  it('reads strings the way each database does', () => {
    // In MySQL a backslash escapes the quote: the first is one whole string there, the
    // second never ends. PostgreSQL reads the first as a string, then a comment.
    expect(sqlOf(expression, "'a\\' OR 1=1 -- '", 'mysql')).toBe("'a\\' OR 1=1 -- '");
    expect(sqlOf(expression, "'a\\' OR 1=1 -- '", 'postgres')).toMatch(/comments/);
    expect(sqlOf(expression, "'a\\'; drop table x", 'mysql')).toMatch(/left open/);
    // PostgreSQL E'' strings escape too; a plain '' string does not.
    expect(sqlOf(expression, "E'a\\'; drop table x", 'postgres')).toMatch(/problem/);
    expect(sqlOf(expression, "'C:\\dir\\'", 'postgres')).toBe("'C:\\dir\\'");
    expect(sqlOf(expression, '1 # comment', 'mysql')).toMatch(/comments/);
    // An unknown database: safe under every dialect's rules.
    expect(sqlOf(expression, "'a\\'", 'generic')).toMatch(/problem/);
  });
});

describe('type values', () => {
  it('accepts type names with arguments and modifiers', () => {
    for (const ok of ['text', 'varchar(255)', 'numeric(10, 2)', 'timestamp with time zone', 'int[]', "enum('a','b')", 'bigint unsigned', 'public.mood', '"My Type"']) {
      expect(sqlOf(type, ok), ok).not.toMatch(/^problem/);
    }
  });

  it('refuses what is not a type', () => {
    for (const bad of ['text); drop table x; --', "text default 'x'", 'int, other int', '(int)', 'text -- x', '']) {
      expect(sqlOf(type, bad), bad).toMatch(/^problem/);
    }
  });
});

describe('list values', () => {
  it('quotes each name in a list', () => {
    expect(sqlOf(names, 'email, "Last Name", order')).toBe('email, "Last Name", "order"');
    expect(sqlOf(names, 'a,b', 'mysql')).toBe('a, b');
  });

  it('names the item that is wrong', () => {
    expect(sqlOf(names, 'email, a; drop table x')).toMatch(/item 2/);
    expect(sqlOf(names, 'email,')).toMatch(/item 2.*required|empty/);
  });

  it('splits expression lists at top-level commas only', () => {
    const result = checkValue(values, "'a, b', lower('X'), NULL", 'postgres');
    expect(result.ok && result.value.items).toEqual(["'a, b'", "lower('X')", 'NULL']);
    expect(sqlOf(values, "'a'); drop table x; --")).toMatch(/^problem/);
  });
});

describe('flags and choices', () => {
  it('reads yes/no answers', () => {
    expect(sqlOf(flag, 'yes')).toBe(true);
    expect(sqlOf(flag, 'N')).toBe(false);
    expect(sqlOf(flag, 'maybe')).toMatch(/yes or no/);
  });

  it('only allows the listed options, whatever the case', () => {
    expect(sqlOf(choice, 'set  null')).toBe('SET NULL');
    expect(sqlOf(choice, 'CASCADE; drop table x')).toMatch(/choose one of/);
  });
});
