// Pattern rules for ALTER statements (ALTER TABLE in its PostgreSQL, MySQL and SQLite forms,
// ALTER VIEW/INDEX/… RENAME) and MySQL's RENAME TABLE; part of classify.ts's recogniser.

import type { Dialect } from '../shared/dialect.js';
import type { ConstraintType, RecognizedChanges, SchemaChange, SchemaObjectType } from './change.js';
import { TokenCursor } from './token-cursor.js';

/** The keyword that names an object after CREATE/DROP/ALTER. */
export const OBJECT_WORDS: Record<string, SchemaObjectType> = {
  TABLE: 'table',
  INDEX: 'index',
  VIEW: 'view',
  FUNCTION: 'function',
  PROCEDURE: 'function',
  TRIGGER: 'trigger',
  TYPE: 'type',
  DOMAIN: 'type',
  SEQUENCE: 'sequence',
  SCHEMA: 'schema',
  DATABASE: 'schema',
  EXTENSION: 'extension',
};
const SERIAL_TYPES = new Set(['SERIAL', 'BIGSERIAL', 'SMALLSERIAL', 'SERIAL2', 'SERIAL4', 'SERIAL8']);
const CONSTRAINT_WORDS: Record<string, ConstraintType> = {
  PRIMARY: 'primary_key',
  UNIQUE: 'unique',
  FOREIGN: 'foreign_key',
  CHECK: 'check',
  EXCLUDE: 'exclusion',
};
const TABLE_OPTIONS = new Set([
  'ALGORITHM',
  'LOCK',
  'ENGINE',
  'AUTO_INCREMENT',
  'DEFAULT',
  'CHARACTER',
  'CHARSET',
  'COLLATE',
  'COMMENT',
  'ROW_FORMAT',
]);

/** `(a, lower(b), c DESC)` → ['a', 'c']: the plain columns of an index column list. */
export function indexColumns(c: TokenCursor): string[] {
  const close = c.parenEnd();
  if (close === undefined) return [];
  const inner = new TokenCursor(c.tokens, c.pos + 1, close);
  const columns: string[] = [];
  for (const part of inner.splitTopLevel()) {
    if (part.punct(1) === '(' || part.punct() === '(') continue;
    const name = part.name();
    if (name) columns.push(name);
  }
  return columns;
}

export function alter(c: TokenCursor, dialect: Dialect, found: RecognizedChanges): void {
  if (c.word() !== 'TABLE') return alterOther(c, found);
  c.pos++;
  c.accept('IF', 'EXISTS');
  c.accept('ONLY');
  const table = c.name();
  if (!table) return;
  for (const action of c.splitTopLevel()) alterAction(action, table, dialect, found);
}

/** ALTER VIEW/INDEX/… RENAME TO: renames; anything else alters the object. */
function alterOther(c: TokenCursor, found: RecognizedChanges): void {
  c.accept('MATERIALIZED');
  const object = OBJECT_WORDS[c.word()];
  if (!object) return;
  c.pos++;
  c.accept('IF', 'EXISTS');
  const name = c.name();
  if (!name) return;
  const to = c.findTopLevel(new Set(['RENAME']));
  if (to >= 0 && c.tokens[to + 1]?.value === 'TO') {
    c.pos = to + 2;
    found.changes.push({ action: 'rename', object, name, newName: c.name() ?? undefined });
    return;
  }
  found.changes.push({ action: 'alter', object, name });
}

function alterAction(c: TokenCursor, table: string, dialect: Dialect, found: RecognizedChanges): void {
  const verb = c.word();
  c.pos++;
  switch (verb) {
    case 'ADD':
      return addAction(c, table, found);
    case 'DROP':
      return dropAction(c, table, found);
    case 'ALTER':
      return alterColumn(c, table, found);
    case 'MODIFY':
      c.accept('COLUMN');
      return pushColumn(found, { action: 'alter', object: 'column', name: c.name() ?? '', table, typeChange: true });
    case 'CHANGE':
      return changeColumn(c, table, found);
    case 'RENAME':
      return renameAction(c, table, dialect, found);
    case 'VALIDATE':
      c.accept('CONSTRAINT');
      found.changes.push({ action: 'alter', object: 'constraint', name: c.name() ?? '', table, validate: true });
      return;
    default:
      if (!TABLE_OPTIONS.has(verb)) found.changes.push({ action: 'alter', object: 'table', name: table });
  }
}

function pushColumn(found: RecognizedChanges, change: SchemaChange): void {
  if (change.name) found.changes.push(change);
}

function addAction(c: TokenCursor, table: string, found: RecognizedChanges): void {
  const constraintName = c.accept('CONSTRAINT') ? (c.name() ?? '') : '';
  const word = c.word();
  const constraintType = CONSTRAINT_WORDS[word];
  if (constraintType && !(word === 'UNIQUE' && (c.word(1) === 'INDEX' || c.word(1) === 'KEY'))) {
    const change: SchemaChange = { action: 'create', object: 'constraint', name: constraintName, table, constraintType };
    if (c.hasTopLevel('NOT', 'VALID')) change.notValid = true;
    if (constraintType !== 'check') {
      // PRIMARY KEY (a) / UNIQUE [KEY] (a) / FOREIGN KEY (a) REFERENCES …: the columns it covers.
      const keys = new TokenCursor(c.tokens, c.pos, c.end);
      while (!keys.done && keys.punct() !== '(') keys.pos++;
      const columns = indexColumns(keys);
      if (columns.length) change.columns = columns;
    }
    found.changes.push(change);
    return;
  }
  if (['INDEX', 'KEY', 'UNIQUE', 'FULLTEXT', 'SPATIAL'].includes(word)) {
    c.pos++;
    if (!c.accept('INDEX')) c.accept('KEY');
    const name = c.punct() === '(' ? '' : (c.name() ?? '');
    found.changes.push({
      action: 'create',
      object: 'index',
      name,
      table,
      columns: indexColumns(c),
      unique: word === 'UNIQUE' || undefined,
    });
    return;
  }
  c.accept('COLUMN');
  c.accept('IF', 'NOT', 'EXISTS');
  if (c.punct() === '(') {
    // MySQL: ADD (a INT, b INT)
    const inner = new TokenCursor(c.tokens, c.pos + 1, c.parenEnd() ?? c.end);
    for (const def of inner.splitTopLevel()) addColumn(def, table, found);
    return;
  }
  addColumn(c, table, found);
}

function addColumn(c: TokenCursor, table: string, found: RecognizedChanges): void {
  const name = c.name();
  if (!name) return;
  const facts = columnFacts(c);
  pushColumn(found, { action: 'create', object: 'column', name, table, notNull: facts.notNull, hasDefault: facts.hasDefault });
}

/** NOT NULL and default facts of a column definition, read at top level only. */
function columnFacts(c: TokenCursor): { notNull: boolean; hasDefault: boolean } {
  let notNull = false;
  let hasDefault = SERIAL_TYPES.has(c.word());
  let depth = 0;
  for (let i = c.pos; i < c.end; i++) {
    const token = c.tokens[i];
    if (token.type === 'punct') {
      if (token.value === '(') {
        if (depth === 0 && c.tokens[i - 1]?.value === 'AS') hasDefault = true;
        depth++;
      } else if (token.value === ')') depth = Math.max(0, depth - 1);
      continue;
    }
    if (depth > 0 || token.type !== 'word') continue;
    const next = c.tokens[i + 1];
    const nextWord = next?.type === 'word' ? next.value : '';
    if ((token.value === 'NOT' && nextWord === 'NULL') || (token.value === 'PRIMARY' && nextWord === 'KEY')) notNull = true;
    else if (token.value === 'DEFAULT' && nextWord !== 'NULL') hasDefault = true;
    else if (
      token.value === 'GENERATED' ||
      token.value === 'AUTO_INCREMENT' ||
      token.value === 'AUTOINCREMENT' ||
      token.value === 'IDENTITY'
    )
      hasDefault = true;
  }
  return { notNull, hasDefault };
}

function dropAction(c: TokenCursor, table: string, found: RecognizedChanges): void {
  const word = c.word();
  if (word === 'CONSTRAINT' || word === 'FOREIGN' || word === 'CHECK') {
    c.pos += word === 'FOREIGN' ? 2 : 1;
    c.accept('IF', 'EXISTS');
    found.changes.push({ action: 'drop', object: 'constraint', name: c.name() ?? '', table });
    return;
  }
  if (c.accept('PRIMARY', 'KEY')) {
    found.changes.push({ action: 'drop', object: 'constraint', name: '', table, constraintType: 'primary_key' });
    return;
  }
  if (word === 'INDEX' || word === 'KEY') {
    c.pos++;
    found.changes.push({ action: 'drop', object: 'index', name: c.name() ?? '', table });
    return;
  }
  if (word === 'DEFAULT' || (word === 'NOT' && c.word(1) === 'NULL')) return;
  c.accept('COLUMN');
  c.accept('IF', 'EXISTS');
  pushColumn(found, { action: 'drop', object: 'column', name: c.name() ?? '', table });
}

function alterColumn(c: TokenCursor, table: string, found: RecognizedChanges): void {
  if (c.word() === 'CONSTRAINT') {
    c.pos++;
    found.changes.push({ action: 'alter', object: 'constraint', name: c.name() ?? '', table });
    return;
  }
  c.accept('COLUMN');
  const name = c.name() ?? '';
  const change: SchemaChange = { action: 'alter', object: 'column', name, table };
  if (c.is('TYPE') || c.is('SET', 'DATA', 'TYPE')) change.typeChange = true;
  else if (c.is('SET', 'NOT', 'NULL')) change.setNotNull = true;
  pushColumn(found, change);
}

/** MySQL CHANGE [COLUMN] old new definition: a redefinition, and a rename when names differ. */
function changeColumn(c: TokenCursor, table: string, found: RecognizedChanges): void {
  c.accept('COLUMN');
  const oldName = c.name();
  const newName = c.name();
  if (!oldName || !newName) return;
  if (oldName !== newName) found.changes.push({ action: 'rename', object: 'column', name: oldName, table, newName });
  found.changes.push({ action: 'alter', object: 'column', name: newName, table, typeChange: true });
}

function renameAction(c: TokenCursor, table: string, dialect: Dialect, found: RecognizedChanges): void {
  if (c.accept('CONSTRAINT')) {
    const name = c.name() ?? '';
    c.accept('TO');
    found.changes.push({ action: 'rename', object: 'constraint', name, table, newName: c.name() ?? undefined });
    return;
  }
  if (c.word() === 'INDEX' || c.word() === 'KEY') {
    c.pos++;
    const name = c.name() ?? '';
    c.accept('TO');
    found.changes.push({ action: 'rename', object: 'index', name, table, newName: c.name() ?? undefined });
    return;
  }
  const mysqlBareRename = dialect === 'mysql' && c.word() !== 'COLUMN' && c.word(1) !== 'TO';
  if (c.accept('TO') || c.accept('AS') || mysqlBareRename) {
    found.changes.push({ action: 'rename', object: 'table', name: table, newName: c.name() ?? undefined });
    return;
  }
  c.accept('COLUMN');
  const name = c.name();
  if (!name || !c.accept('TO')) return;
  found.changes.push({ action: 'rename', object: 'column', name, table, newName: c.name() ?? undefined });
}

/** MySQL: RENAME TABLE a TO b [, c TO d]. */
export function renameTables(c: TokenCursor, found: RecognizedChanges): void {
  if (!c.accept('TABLE')) return;
  for (const part of c.splitTopLevel()) {
    const name = part.name();
    if (!name || !part.accept('TO')) continue;
    found.changes.push({ action: 'rename', object: 'table', name, newName: part.name() ?? undefined });
  }
}
