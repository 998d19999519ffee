// Pattern rules that recognise what a statement does from its tokens, for every dialect.
// PostgreSQL statements go to PostgreSQL's own parser first (pg-parser.ts); these rules are
// the fallback there and the recogniser elsewhere. Unknown statements are `other`, never errors.

import type { Dialect } from '../shared/dialect.js';
import { buildClassified, type ClassifiedStatement, type RecognizedChanges, type SchemaChange } from './change.js';
import { alter, indexColumns, OBJECT_WORDS, renameTables } from './classify-alter.js';
import type { Token } from './lexer.js';
import { TokenCursor } from './token-cursor.js';

const DML = new Set(['INSERT', 'UPDATE', 'DELETE', 'SELECT', 'MERGE', 'REPLACE']);
const WHERE = new Set(['WHERE']);
const CREATE_MODIFIERS = new Set([
  'TEMP',
  'TEMPORARY',
  'UNLOGGED',
  'GLOBAL',
  'LOCAL',
  'RECURSIVE',
  'UNIQUE',
  'FULLTEXT',
  'SPATIAL',
  'CONSTRAINT',
  'AGGREGATE',
  'MATERIALIZED',
  'DEFINER',
  'ALGORITHM',
  'SQL',
  'SECURITY',
  'INVOKER',
  'VIRTUAL',
]);

/** Classifies one statement's tokens by pattern. */
export function classifyByPatterns(tokens: readonly Token[], dialect: Dialect): ClassifiedStatement {
  const cursor = new TokenCursor(tokens);
  const found: RecognizedChanges = { changes: [], data: [] };
  recognise(cursor, dialect, found);
  return buildClassified(found.changes, found.data, leadingWords(tokens), 'patterns', { noTransaction: found.noTransaction });
}

/** The statement's first words, for the summary of statements dbtk does not model. */
export function leadingWords(tokens: readonly Token[]): string {
  const words: string[] = [];
  for (const token of tokens) {
    if (token.type !== 'word' || words.length === 3) break;
    words.push(token.value.toLowerCase());
  }
  return words.join(' ') || 'statement';
}

function recognise(c: TokenCursor, dialect: Dialect, found: RecognizedChanges): void {
  if (c.word() === 'WITH') {
    const at = c.findTopLevel(DML);
    if (at < 0) return;
    c.pos = at;
  }
  const first = c.word();
  c.pos++;
  switch (first) {
    case 'CREATE':
      return create(c, found);
    case 'DROP':
      return drop(c, found);
    case 'ALTER':
      return alter(c, dialect, found);
    case 'RENAME':
      return renameTables(c, found);
    case 'INSERT':
    case 'REPLACE':
      return insert(c, found);
    case 'UPDATE':
      return update(c, found);
    case 'DELETE':
      return remove(c, found);
    case 'TRUNCATE':
      return truncate(c, found);
    case 'REINDEX':
      if (c.hasTopLevel('CONCURRENTLY')) found.noTransaction = 'REINDEX CONCURRENTLY';
      return;
    case 'VACUUM':
      found.noTransaction = 'VACUUM';
      return;
    default:
  }
}

function create(c: TokenCursor, found: RecognizedChanges): void {
  const orReplace = c.accept('OR', 'REPLACE');
  let unique = false;
  // Skip modifiers, and MySQL's DEFINER = user@host / ALGORITHM = … clauses, up to the object word.
  while (!OBJECT_WORDS[c.word()]) {
    const word = c.word();
    if (!CREATE_MODIFIERS.has(word)) return;
    if (word === 'UNIQUE') unique = true;
    c.pos++;
    if (c.acceptPunct('=')) {
      while (!c.done && !OBJECT_WORDS[c.word()] && !CREATE_MODIFIERS.has(c.word())) c.pos++;
    }
  }
  const object = OBJECT_WORDS[c.word()];
  if (!object) return;
  const objectWord = c.word();
  c.pos++;
  if (object === 'index') return createIndex(c, unique, found);
  if (objectWord === 'DATABASE') {
    found.noTransaction = 'CREATE DATABASE';
    return;
  }
  c.accept('IF', 'NOT', 'EXISTS');
  const name = c.name();
  if (!name) return;
  const change: SchemaChange = { action: 'create', object, name };
  if (orReplace) change.orReplace = true;
  if (object === 'trigger') {
    const on = c.findTopLevel(new Set(['ON']));
    if (on >= 0) {
      c.pos = on + 1;
      change.table = c.name() ?? undefined;
    }
  }
  found.changes.push(change);
}

function createIndex(c: TokenCursor, unique: boolean, found: RecognizedChanges): void {
  const concurrently = c.accept('CONCURRENTLY');
  c.accept('IF', 'NOT', 'EXISTS');
  const name = c.word() === 'ON' ? '' : (c.name() ?? '');
  if (c.word() === 'USING') {
    c.pos++;
    c.name();
  }
  if (!c.accept('ON')) return;
  c.accept('ONLY');
  const table = c.name() ?? undefined;
  if (c.word() === 'USING') c.pos += 2;
  const change: SchemaChange = { action: 'create', object: 'index', name, table, columns: indexColumns(c) };
  if (concurrently) change.concurrently = true;
  if (unique) change.unique = true;
  found.changes.push(change);
  if (concurrently) found.noTransaction = 'CREATE INDEX CONCURRENTLY';
}

/** `(a, lower(b), c DESC)` → ['a', 'c']: the plain columns of an index column list. */ function drop(
  c: TokenCursor,
  found: RecognizedChanges,
): void {
  c.accept('MATERIALIZED');
  c.accept('TEMPORARY');
  const objectWord = c.word();
  const object = OBJECT_WORDS[objectWord];
  if (!object) return;
  c.pos++;
  if (objectWord === 'DATABASE') {
    found.noTransaction = 'DROP DATABASE';
    return;
  }
  const concurrently = c.accept('CONCURRENTLY');
  c.accept('IF', 'EXISTS');
  for (const part of c.splitTopLevel()) {
    const name = part.name();
    if (!name) continue;
    const change: SchemaChange = { action: 'drop', object, name };
    if (part.accept('ON')) change.table = part.name() ?? undefined;
    if (concurrently) change.concurrently = true;
    found.changes.push(change);
  }
  if (concurrently) found.noTransaction = 'DROP INDEX CONCURRENTLY';
}
function insert(c: TokenCursor, found: RecognizedChanges): void {
  // INSERT OR REPLACE (SQLite), INSERT IGNORE / LOW_PRIORITY … (MySQL)
  if (c.is('OR')) c.pos += 2;
  while (['IGNORE', 'LOW_PRIORITY', 'DELAYED', 'HIGH_PRIORITY'].includes(c.word())) c.pos++;
  if (!c.accept('INTO')) c.accept('OVERWRITE');
  const table = c.name();
  if (table) found.data.push({ action: 'insert', table });
}

function update(c: TokenCursor, found: RecognizedChanges): void {
  while (['ONLY', 'LOW_PRIORITY', 'IGNORE'].includes(c.word()) || c.is('OR')) c.pos += c.is('OR') ? 2 : 1;
  const table = c.name();
  if (table) found.data.push({ action: 'update', table, hasWhere: c.findTopLevel(WHERE) >= 0 });
}

function remove(c: TokenCursor, found: RecognizedChanges): void {
  while (['LOW_PRIORITY', 'QUICK', 'IGNORE'].includes(c.word())) c.pos++;
  if (!c.is('FROM')) {
    // MySQL multi-table form: DELETE t1 FROM t1 JOIN …
    const from = c.findTopLevel(new Set(['FROM']));
    if (from < 0) return;
    c.pos = from;
  }
  c.accept('FROM');
  c.accept('ONLY');
  const table = c.name();
  if (table) found.data.push({ action: 'delete', table, hasWhere: c.findTopLevel(WHERE) >= 0 });
}

function truncate(c: TokenCursor, found: RecognizedChanges): void {
  c.accept('TABLE');
  c.accept('ONLY');
  for (const part of c.splitTopLevel()) {
    part.accept('ONLY');
    const table = part.name();
    if (table) found.data.push({ action: 'truncate', table });
  }
}
