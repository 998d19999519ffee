// Splits a migration section into statements the way the database will see them: `;` ends
// a statement except inside strings, comments, dollar-quoted bodies, parentheses (psql's
// rule), BEGIN…END bodies of triggers and routines, or while a MySQL DELIMITER is active.
// Each statement keeps its line numbers. Never throws, whatever the input.

import type { Dialect } from '../shared/dialect.js';
import { SqlLexer, sniffDialect, syntaxOf, type Token } from './lexer.js';

export interface SqlStatement {
  /** 0-based position in its section. */
  index: number;
  /** From the first token to the last, without the terminator. */
  text: string;
  /** 1-based lines in the file (or in the input when no start line was given). */
  startLine: number;
  endLine: number;
  /** Offsets of `text` in the input. */
  start: number;
  end: number;
  /** The statement's tokens without comments. */
  tokens: Token[];
  /** The terminator that ended it (`;` or a custom DELIMITER); null at the end of input. */
  terminator: string | null;
}

export interface DelimiterCommand {
  line: number;
  delimiter: string;
}

export interface SplitResult {
  /** The dialect the rules came from (`generic` input is sniffed). */
  dialect: Dialect;
  statements: SqlStatement[];
  comments: Token[];
  /** MySQL client `DELIMITER` lines: dbmate sends them to the server, which rejects them. */
  delimiterCommands: DelimiterCommand[];
}

export interface SplitOptions {
  /** Line number of the input's first line (default 1). */
  startLine?: number;
}

/** Words that, in a routine or trigger body, close a block dbtk did not count (MySQL `END IF`). */
const UNCOUNTED_BLOCK_ENDS = new Set(['IF', 'LOOP', 'WHILE', 'REPEAT']);
const HEAD_WORDS = 12;

/** Whether a statement's leading words make it one whose body holds `;` inside BEGIN…END. */
function hasBlockBody(head: readonly string[], dialect: Dialect): boolean {
  if (head[0] !== 'CREATE') return false;
  switch (dialect) {
    case 'sqlite':
      return head.includes('TRIGGER');
    case 'postgres':
      return head.includes('FUNCTION') || head.includes('PROCEDURE');
    case 'bigquery':
      return head.includes('PROCEDURE');
    case 'clickhouse':
      return false;
    default:
      return head.some((w) => w === 'TRIGGER' || w === 'PROCEDURE' || w === 'FUNCTION' || w === 'EVENT');
  }
}

/** Tracks one statement while its tokens arrive. */
class StatementState {
  tokens: Token[] = [];
  private head: string[] = [];
  private headDone = false;
  private blockBody = false;
  private depth = 0;
  private parenDepth = 0;
  private pendingEnd = false;
  private previousWord = '';

  constructor(
    private readonly dialect: Dialect,
    private readonly parensHold: boolean,
  ) {}

  get empty(): boolean {
    return this.tokens.length === 0;
  }

  /** True while a `;` would be inside a body or parentheses and must not end the statement. */
  get holdsSemicolon(): boolean {
    return this.depth > 0 || (this.parensHold && this.parenDepth > 0);
  }

  add(token: Token): void {
    this.tokens.push(token);
    this.trackHead(token);
    this.trackParens(token);
    if (this.blockBody) this.trackBlocks(token);
  }

  /** `;` arrives: settle a pending `END` first, so `END;` closes its block. */
  beforeSemicolon(): void {
    if (this.pendingEnd) {
      this.pendingEnd = false;
      this.depth = Math.max(0, this.depth - 1);
    }
  }

  private trackHead(token: Token): void {
    if (this.headDone) return;
    if (token.type === 'word') {
      this.head.push(token.value);
      if (!this.blockBody) this.blockBody = hasBlockBody(this.head, this.dialect);
    }
    if ((token.type === 'punct' && token.value === '(') || this.head.length >= HEAD_WORDS) this.headDone = true;
  }

  private trackParens(token: Token): void {
    if (token.type !== 'punct') return;
    if (token.value === '(') this.parenDepth++;
    else if (token.value === ')' && this.parenDepth > 0) this.parenDepth--;
  }

  private trackBlocks(token: Token): void {
    const word = token.type === 'word' ? token.value : '';
    if (this.pendingEnd) {
      this.pendingEnd = false;
      if (!UNCOUNTED_BLOCK_ENDS.has(word)) this.depth = Math.max(0, this.depth - 1);
    }
    // PostgreSQL bodies open with BEGIN ATOMIC; elsewhere any BEGIN opens a block.
    if (word === 'BEGIN') {
      if (this.dialect !== 'postgres') this.depth++;
    } else if (word === 'ATOMIC') {
      if (this.dialect === 'postgres' && this.previousWord === 'BEGIN') this.depth++;
    } else if (word === 'CASE') this.depth++;
    else if (word === 'END') this.pendingEnd = true;
    if (word) this.previousWord = word;
  }
}

/** Splits SQL into statements. `dialect` `generic` is sniffed from the text first. */
export function splitStatements(sql: string, dialect: Dialect, options: SplitOptions = {}): SplitResult {
  const effective = dialect === 'generic' ? sniffDialect(sql) : dialect;
  const syntax = syntaxOf(effective);
  const lexer = new SqlLexer(sql, syntax, options.startLine ?? 1);
  const result: SplitResult = { dialect: effective, statements: [], comments: [], delimiterCommands: [] };
  let current = new StatementState(effective, syntax.parensHoldStatements);

  const finish = (terminator: string | null): void => {
    if (!current.empty) result.statements.push(toStatement(sql, current.tokens, result.statements.length, terminator));
    current = new StatementState(effective, syntax.parensHoldStatements);
  };

  for (let token = lexer.next(); token; token = lexer.next()) {
    if (token.type === 'comment' || token.type === 'meta') {
      if (token.type === 'comment') result.comments.push(token);
      continue;
    }
    if (syntax.delimiterCommand && current.empty && token.type === 'word' && token.value === 'DELIMITER') {
      const delimiter = lexer.readDelimiterArgument();
      if (delimiter) {
        lexer.delimiter = delimiter;
        result.delimiterCommands.push({ line: token.line, delimiter });
      }
      continue;
    }
    if (token.type === 'delimiter') {
      finish(lexer.delimiter);
      continue;
    }
    if (token.type === 'punct' && token.value === ';' && lexer.delimiter === ';') {
      current.beforeSemicolon();
      if (!current.holdsSemicolon) {
        finish(';');
        continue;
      }
    }
    current.add(token);
  }
  finish(null);
  return result;
}

function toStatement(sql: string, tokens: Token[], index: number, terminator: string | null): SqlStatement {
  const first = tokens[0];
  const last = tokens[tokens.length - 1];
  return {
    index,
    text: sql.slice(first.start, last.end),
    startLine: first.line,
    endLine: last.endLine,
    start: first.start,
    end: last.end,
    tokens,
    terminator,
  };
}
