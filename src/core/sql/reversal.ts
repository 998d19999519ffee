// Does the down section undo the up section? Compares their schema changes: what up creates
// down must drop (or drop its table), what up drops down must recreate, renames must be
// renamed back, and changed column types changed again. Data changes are not judged.

import type { AnalyzedSection } from './analyze.js';
import { tableKey } from './analyze.js';
import { describeChange, type SchemaChange } from './change.js';

type Section = Pick<AnalyzedSection, 'statements' | 'dialect'>;

interface Effects {
  creates: Set<string>;
  drops: Set<string>;
  droppedTables: Set<string>;
  renames: Set<string>;
  alteredColumns: Set<string>;
}

function objectKey(change: SchemaChange, name: string, dialect: AnalyzedSection['dialect']): string {
  const key = change.object === 'column' ? `${tableKey(change.table ?? '', dialect)}.${name.toLowerCase()}` : tableKey(name, dialect);
  return `${change.object}:${key}`;
}

function effectsOf(section: Section): Effects {
  const effects: Effects = {
    creates: new Set(),
    drops: new Set(),
    droppedTables: new Set(),
    renames: new Set(),
    alteredColumns: new Set(),
  };
  for (const statement of section.statements) {
    for (const change of statement.changes) {
      if (change.rebuild) {
        // A rebuild drops the old table with its indexes and triggers: what up made on it is gone.
        if (change.object === 'table' && change.action === 'drop') effects.droppedTables.add(tableKey(change.name, section.dialect));
        continue;
      }
      const key = objectKey(change, change.name, section.dialect);
      if (change.action === 'create') effects.creates.add(key);
      else if (change.action === 'drop') {
        effects.drops.add(key);
        if (change.object === 'table') effects.droppedTables.add(tableKey(change.name, section.dialect));
      } else if (change.action === 'rename' && change.newName) {
        effects.renames.add(`${key}>${objectKey(change, change.newName, section.dialect)}`);
      } else if (change.action === 'alter' && change.object === 'column') effects.alteredColumns.add(key);
    }
  }
  return effects;
}

/** Descriptions of the up section's changes the down section leaves in place. */
export function unreversedChanges(up: Section, down: Section): string[] {
  const undo = effectsOf(down);
  const left: string[] = [];
  const seen = new Set<string>();
  for (const statement of up.statements) {
    for (const change of statement.changes) {
      if (!change.name || change.rebuild) continue;
      const key = objectKey(change, change.name, up.dialect);
      if (seen.has(key + change.action) || isUndone(change, key, undo, up.dialect)) continue;
      seen.add(key + change.action);
      left.push(describeChange(change));
    }
  }
  return left;
}

function isUndone(change: SchemaChange, key: string, undo: Effects, dialect: Section['dialect']): boolean {
  const tableGone = change.table !== undefined && undo.droppedTables.has(tableKey(change.table, dialect));
  switch (change.action) {
    case 'create':
      return (
        undo.drops.has(key) ||
        tableGone ||
        (Boolean(change.orReplace) && undo.creates.has(key)) ||
        // MySQL keeps a UNIQUE constraint as an index of the same name, dropped with DROP INDEX.
        (change.object === 'constraint' && undo.drops.has(key.replace(/^constraint:/, 'index:'))) ||
        columnsDropped(change, undo, dialect)
      );
    case 'drop':
      return undo.creates.has(key);
    case 'rename':
      return change.newName === undefined || [...undo.renames].some((r) => r === `${objectKey(change, change.newName!, dialect)}>${key}`);
    case 'alter':
      // Only column type changes need a way back; other alterations are not judged.
      // (MySQL's CHANGE old new undoes itself as a rename back plus a redefinition.)
      return (
        !(change.object === 'column' && change.typeChange) ||
        undo.alteredColumns.has(key) ||
        tableGone ||
        undo.drops.has(key) ||
        [...undo.renames].some((r) => r.startsWith(`${key}>`))
      );
    default:
      return true;
  }
}

/** Dropping a column drops the indexes and constraints (foreign keys, unique…) on it too. */
function columnsDropped(change: SchemaChange, undo: Effects, dialect: Section['dialect']): boolean {
  if ((change.object !== 'index' && change.object !== 'constraint') || !change.table || !change.columns?.length) return false;
  const table = tableKey(change.table, dialect);
  return change.columns.some((column) => undo.drops.has(`column:${table}.${column.toLowerCase()}`));
}
